/**
 * The blob round trip as the Encrypt and Decrypt services run it (DESIGN section 4), for the crypto tests:
 * header → associated data (header ‖ context) → provider AEAD → blob, and back.
 */

import type { CryptoProvider, KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import {
  blobAssociatedData,
  decodeCiphertextBlob,
  encodeBlobHeader,
  encodeCiphertextBlob,
} from "../../../core/crypto/ciphertextBlob";
import type { EncryptionContext } from "../../../core/crypto/encryptionContext";
import { InvalidCiphertextError } from "../../../core/errors";
import { keySpecInfo } from "../../../core/keys/keySpecs";

/** Encrypts into a v1 blob under `key`. */
export async function sealToBlob(
  provider: CryptoProvider,
  key: KeyVersionHandle,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
): Promise<Uint8Array> {
  const suite = keySpecInfo(key.keySpec).symmetric?.suite ?? "AES_GCM";
  const fields = { suite, keyId: key.keyId, versionId: key.versionId };
  const sealed = await provider.encrypt(
    key,
    plaintext,
    blobAssociatedData(encodeBlobHeader(fields), context),
  );
  return encodeCiphertextBlob({ ...fields, ...sealed });
}

/**
 * Decrypts a blob with `key`, as if the service's lookup of the blob's key id had returned it: the header bytes
 * as received are authenticated, so a blob naming another key or version does not open.
 */
export async function openFromBlob(
  provider: CryptoProvider,
  key: KeyVersionHandle,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
): Promise<Uint8Array> {
  const decoded = decodeCiphertextBlob(blob);
  if (keySpecInfo(key.keySpec).symmetric?.suite !== decoded.suite) throw new InvalidCiphertextError();
  return provider.decrypt(key, decoded, blobAssociatedData(decoded.header, context));
}
