import { createCipheriv, createDecipheriv } from "node:crypto";
import { InternalCryptoError, InvalidCiphertextError } from "../errors";
import { copyBytes, wipe } from "./bytes";

/** The GCM nonce length Keyward uses everywhere (96 bits, NIST SP 800-38D section 8.2). */
export const GCM_NONCE_BYTES = 12;
/** The GCM tag length Keyward uses everywhere (128 bits). */
export const GCM_TAG_BYTES = 16;

const AES_KEY_BYTES: readonly number[] = [16, 24, 32];

/** The output of a GCM encryption, nonce aside: the ciphertext (as long as the plaintext) and the tag. */
export interface AeadSealed {
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

function cipherName(key: Uint8Array): "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm" {
  /* Precondition: the AES key is 16, 24 or 32 bytes. */
  if (!AES_KEY_BYTES.includes(key.length)) {
    throw new InternalCryptoError(`AES-GCM key of ${key.length} bytes; 16, 24 or 32 expected`);
  }
  return `aes-${key.length * 8}-gcm` as "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm";
}

/**
 * AES-GCM encryption (NIST SP 800-38D) with node:crypto: AES-128/192/256 by key length, 96-bit nonce, 128-bit tag.
 *
 * The nonce must never repeat under one key; callers draw it at random (DESIGN section 4).
 * @throws InternalCryptoError when the key is not 16, 24 or 32 bytes or the nonce is not 12 bytes (a server bug,
 *   never the caller's input).
 */
export function aesGcmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): AeadSealed {
  const name = cipherName(key);
  /* Precondition: the sealing nonce is 12 bytes. */
  if (nonce.length !== GCM_NONCE_BYTES) {
    throw new InternalCryptoError(`AES-GCM nonce of ${nonce.length} bytes; ${GCM_NONCE_BYTES} expected`);
  }
  const cipher = createCipheriv(name, key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const ciphertext = new Uint8Array(head.length + tail.length);
  ciphertext.set(head, 0);
  ciphertext.set(tail, head.length);
  return { ciphertext, tag: copyBytes(cipher.getAuthTag()) };
}

/**
 * AES-GCM decryption (NIST SP 800-38D) with node:crypto. The plaintext is released only after the tag verifies;
 * the partial output of a failed decryption is wiped before the error is thrown.
 * @throws InvalidCiphertextError when the nonce is not 12 bytes, the tag is not 16 bytes, or the tag does not
 *   verify (wrong key, tampered ciphertext, different associated data).
 * @throws InternalCryptoError when the key is not 16, 24 or 32 bytes.
 */
export function aesGcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  const name = cipherName(key);
  /* Precondition: the opening nonce is 12 bytes. */
  if (nonce.length !== GCM_NONCE_BYTES) throw new InvalidCiphertextError();
  /* Precondition: the tag is 16 bytes. */
  if (tag.length !== GCM_TAG_BYTES) throw new InvalidCiphertextError();
  let head: Uint8Array | undefined;
  let tail: Uint8Array | undefined;
  try {
    const decipher = createDecipheriv(name, key, nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAuthTag(tag);
    decipher.setAAD(aad);
    head = decipher.update(ciphertext);
    tail = decipher.final();
    const plaintext = new Uint8Array(head.length + tail.length);
    plaintext.set(head, 0);
    plaintext.set(tail, head.length);
    return plaintext;
  } catch (error) {
    throw new InvalidCiphertextError({ cause: error });
  } finally {
    wipe(head, tail);
  }
}
