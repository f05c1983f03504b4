import { compareBytes } from "../crypto/bytes";
import { type EncryptionContext, encodeEncryptionContext } from "../crypto/encryptionContext";
import { InvalidCiphertextError } from "../errors";

/** The service code of event-triggered object encryption, also the `service` entry of its EncryptionContext. */
export const OBJECT_SERVICE_CODE = "S3";

/**
 * The EncryptionContext that binds an object's data key to the object (docs/object-format.md, "Binding"):
 * `{"service":"S3","account":<owner account>,"objectKey":<key of the object in the encrypted bucket>}`.
 *
 * The bucket is left out on purpose: bucket names differ between stages and a restored or replicated bucket
 * keeps working. The key is in: an encrypted object copied or renamed to another key no longer decrypts as that
 * key (decryptObject compares the key it read from with the one in the header).
 */
export function objectEncryptionContext(accountId: string, objectKey: string): EncryptionContext {
  return { service: OBJECT_SERVICE_CODE, account: accountId, objectKey };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads back the canonical EncryptionContext encoding of DESIGN section 4 stored in an object header, and checks
 * that it is canonical (pairs in key order, no duplicates, nothing left over) and that it is an object context
 * (`service`, `account` and `objectKey`, with service `S3`). Canonical means the bytes re-encode identically, so a
 * header has exactly one valid form.
 * @throws InvalidCiphertextError for any other input.
 */
export function decodeObjectContext(bytes: Uint8Array): EncryptionContext {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const take = (): Uint8Array => {
    /* Precondition: every context field fits in the encoded context. */
    if (offset + 4 > bytes.length) throw new InvalidCiphertextError();
    const length = view.getUint32(offset, false);
    offset += 4;
    if (offset + length > bytes.length) throw new InvalidCiphertextError();
    const field = bytes.subarray(offset, offset + length);
    offset += length;
    return field;
  };
  const text = (field: Uint8Array): string => {
    try {
      return strictUtf8.decode(field);
    } catch (error) {
      throw new InvalidCiphertextError({ cause: error });
    }
  };
  if (bytes.length < 4) throw new InvalidCiphertextError();
  const count = view.getUint32(0, false);
  offset = 4;
  const context: Record<string, string> = Object.create(null);
  for (let i = 0; i < count; i++) {
    const key = text(take());
    context[key] = text(take());
  }
  /* Precondition: the stored context is in canonical form. */
  if (compareBytes(encodeEncryptionContext(context), bytes) !== 0) throw new InvalidCiphertextError();
  /* Precondition: the stored context is an object context. */
  if (
    Object.keys(context).length !== 3 ||
    context.service !== OBJECT_SERVICE_CODE ||
    typeof context.account !== "string" ||
    typeof context.objectKey !== "string"
  ) {
    throw new InvalidCiphertextError();
  }
  return context;
}
