import { sm4 } from "sm-crypto-v2";
import { InternalCryptoError, InvalidCiphertextError } from "../errors";
import { type AeadSealed, GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aesGcm";

/** The SM4 key length (GB/T 32907-2016: 128 bits). */
export const SM4_KEY_BYTES = 16;

/* Precondition: the SM4 key is 16 bytes. */
function checkKey(key: Uint8Array): void {
  if (key.length !== SM4_KEY_BYTES) {
    throw new InternalCryptoError(`SM4-GCM key of ${key.length} bytes; ${SM4_KEY_BYTES} expected`);
  }
}

/**
 * SM4-GCM encryption (GB/T 32907-2016 block cipher in the GCM mode of NIST SP 800-38D, as RFC 8998 uses it) with
 * sm-crypto-v2, 96-bit nonce, 128-bit tag. Never sm-crypto: it has no GCM and silently falls back to ECB.
 * @throws InternalCryptoError when the key is not 16 bytes, the nonce is not 12 bytes, or the library returns no
 *   16-byte tag (server bugs, never the caller's input).
 */
export function sm4GcmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): AeadSealed {
  checkKey(key);
  /* Precondition: the SM4 sealing nonce is 12 bytes. */
  if (nonce.length !== GCM_NONCE_BYTES) {
    throw new InternalCryptoError(`SM4-GCM nonce of ${nonce.length} bytes; ${GCM_NONCE_BYTES} expected`);
  }
  const result = sm4.encrypt(plaintext, key, {
    mode: "gcm",
    iv: nonce,
    associatedData: aad,
    outputTag: true,
    output: "array",
  });
  /* Postcondition: the library returned a ciphertext as long as the plaintext and a 16-byte tag. */
  if (result.output.length !== plaintext.length || result.tag?.length !== GCM_TAG_BYTES) {
    throw new InternalCryptoError("sm-crypto-v2 SM4-GCM returned an unexpected shape");
  }
  return { ciphertext: result.output, tag: result.tag };
}

/**
 * SM4-GCM decryption with sm-crypto-v2. The library checks the tag before it decrypts, so nothing is released on
 * failure. The tag is always passed: without one, sm-crypto-v2 would decrypt without authenticating.
 * @throws InvalidCiphertextError when the nonce is not 12 bytes, the tag is not 16 bytes, or the tag does not
 *   verify (wrong key, tampered ciphertext, different associated data).
 * @throws InternalCryptoError when the key is not 16 bytes.
 */
export function sm4GcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  checkKey(key);
  /* Precondition: the SM4 opening nonce is 12 bytes. */
  if (nonce.length !== GCM_NONCE_BYTES) throw new InvalidCiphertextError();
  /* Precondition: the SM4 tag is 16 bytes. */
  if (tag.length !== GCM_TAG_BYTES) throw new InvalidCiphertextError();
  try {
    return sm4.decrypt(ciphertext, key, {
      mode: "gcm",
      iv: nonce,
      associatedData: aad,
      tag,
      output: "array",
    });
  } catch (error) {
    throw new InvalidCiphertextError({ cause: error });
  }
}
