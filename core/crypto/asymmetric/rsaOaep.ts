import { constants, privateDecrypt, publicEncrypt } from "node:crypto";
import { InternalFailureError, InvalidCiphertextError } from "../../errors";
import { asBytes, loadRsaPrivateKey, loadRsaPublicKey, type RsaSpec, rsaModulusBytes } from "./rsaKeys";

/** The RSA-OAEP algorithms and their hash (the same hash for the label and MGF1, RFC 8017 section 7.1). */
export const OAEP_HASH = { RSAES_OAEP_SHA_256: "sha256", RSAES_OAEP_SHA_1: "sha1" } as const;
export type OaepAlgorithm = keyof typeof OAEP_HASH;

/**
 * RSAES-OAEP encryption (RFC 8017 section 7.1.1) with node:crypto; empty label, MGF1 with the algorithm's hash.
 * The caller checks the plaintext length.
 * @throws InternalFailureError when the public key is not an RSA key of the KeySpec's size.
 */
export function rsaOaepEncrypt(
  spec: RsaSpec,
  algorithm: OaepAlgorithm,
  publicKeyPem: string,
  plaintext: Uint8Array,
): Uint8Array {
  const key = loadRsaPublicKey(spec, publicKeyPem, () => new InternalFailureError());
  try {
    const padding = constants.RSA_PKCS1_OAEP_PADDING;
    return asBytes(publicEncrypt({ key, padding, oaepHash: OAEP_HASH[algorithm] }, plaintext));
  } catch (cause) {
    throw new InternalFailureError({ cause });
  }
}

/**
 * RSAES-OAEP decryption (RFC 8017 section 7.1.2) with node:crypto. The plaintext may be empty (a valid OAEP
 * message someone made offline).
 * @throws InvalidCiphertextError when the ciphertext is not k bytes or does not decrypt (no detail is given, as
 *   RFC 8017 requires); InternalFailureError when the material is not a key of the KeySpec.
 */
export function rsaOaepDecrypt(
  spec: RsaSpec,
  algorithm: OaepAlgorithm,
  privateKey: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  const key = loadRsaPrivateKey(spec, privateKey);
  /* Precondition: an RSA ciphertext is exactly k bytes long (RFC 8017 section 7.1.2 step 1b). */
  if (ciphertext.length !== rsaModulusBytes(spec)) throw new InvalidCiphertextError();
  try {
    return asBytes(
      privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm] },
        ciphertext,
      ),
    );
  } catch (cause) {
    throw new InvalidCiphertextError({ cause });
  }
}
