import { wipe } from "../crypto/bytes";
import type { EncryptionContext } from "../crypto/encryptionContext";
import { InvalidCiphertextError, KeyNotFoundError } from "../errors";
import { decrypt } from "../service/crypto/encryptDecrypt";
import type { Caller, ServiceDeps } from "../service/ServiceDeps";
import { ByteReader } from "./ByteReader";
import { deriveFrameKey } from "./frameCrypto";
import { OBJECT_DATA_KEY_BYTES } from "./objectFormat";
import { readObjectHeader } from "./objectHeader";
import { openObjectStream } from "./openObjectStream";

/** What to decrypt. */
export interface DecryptObjectInput {
  /** The encrypted object's bytes, streamed (an S3 body, a file stream). */
  readonly ciphertext: AsyncIterable<Uint8Array>;
  /**
   * The key the object was read from. When given it must be the key the object was encrypted for (the header's
   * EncryptionContext), so an object copied or renamed to another key is refused. Omit it only for a file the
   * caller vouches for (the CLI's `--in`).
   */
  readonly expectedObjectKey?: string;
}

/** What a decrypted object was encrypted with, known once its header and data key check out. */
export interface DecryptedObjectInfo {
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly frameSize: number;
  /** The EncryptionContext from the header (service, account, objectKey). */
  readonly context: EncryptionContext;
}

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Decrypts an encrypted object for the account that owns it (DESIGN section 9): reads the header, opens the
 * wrapped data key through Decrypt in the caller's account with the header's EncryptionContext, then hands `read`
 * the plaintext stream (frames verified one at a time, see openObjectStream) and the object's info. Memory stays
 * constant. Data key and frame key are wiped as soon as they are not needed, the source is closed whatever
 * happens. Output handed to `read` is valid only if this function resolves.
 * @returns what `read` returns.
 * @throws KeyNotFoundError when the object belongs to another account (or its service key is gone);
 *   InvalidCiphertextError for a malformed, tampered, truncated or extended object or one read from another key;
 *   whatever Decrypt or `read` throws.
 */
export async function decryptObject<T>(
  deps: ServiceDeps,
  caller: Caller,
  input: DecryptObjectInput,
  read: (plaintext: AsyncIterable<Uint8Array>, info: DecryptedObjectInfo) => Promise<T>,
): Promise<T> {
  const reader = new ByteReader(input.ciphertext);
  try {
    const header = await readObjectHeader(reader);
    /* Precondition: the object belongs to the caller's account. */
    if (header.context.account !== caller.accountId) throw new KeyNotFoundError();
    /* Precondition: the object is read from the key it was encrypted for. */
    if (input.expectedObjectKey !== undefined && header.context.objectKey !== input.expectedObjectKey) {
      throw new InvalidCiphertextError();
    }
    const opened = await decrypt(deps, caller, {
      ciphertextBlob: header.wrappedDataKey,
      encryptionContext: header.context,
    });
    let frameKey: Uint8Array | undefined;
    try {
      /* Precondition: the data key was wrapped by the key version the header names. */
      if (opened.keyId !== header.keyId || opened.keyVersionId !== header.keyVersionId) {
        throw new InvalidCiphertextError();
      }
      const dataKey = decodeDataKey(opened.plaintext);
      try {
        frameKey = deriveFrameKey(dataKey, header.streamId);
      } finally {
        wipe(dataKey);
      }
    } finally {
      wipe(opened.plaintext);
    }
    const stream = openObjectStream(reader, header, frameKey);
    try {
      return await read(stream, {
        keyId: header.keyId,
        keyVersionId: header.keyVersionId,
        frameSize: header.frameSize,
        context: header.context,
      });
    } finally {
      await stream.return(undefined);
      wipe(frameKey);
    }
  } finally {
    await reader.close();
  }
}

/** The data key from Decrypt's plaintext: GenerateDataKey sealed its base64 text (DESIGN section 3). */
function decodeDataKey(text: Uint8Array): Uint8Array {
  const base64 = new TextDecoder().decode(text);
  /* Precondition: the unwrapped data key is the base64 text of 32 bytes. */
  if (!BASE64_32_BYTES.test(base64)) throw new InvalidCiphertextError();
  const decoded = Buffer.from(base64, "base64");
  const key = new Uint8Array(decoded);
  decoded.fill(0);
  if (key.length !== OBJECT_DATA_KEY_BYTES) throw new InvalidCiphertextError();
  return key;
}
