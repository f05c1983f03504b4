import { InternalFailureError, InvalidParameterError } from "../../errors";
import { encryptionLimits } from "../../keys/keySpecs";
import type { EncryptionAlgorithm, KeySpec } from "../../keys/types";
import { isRsaSpec } from "./generateKeyPair";
import { rsaOaepEncrypt } from "./rsaOaep";
import { sm2Encrypt } from "./sm2Cipher";

/**
 * Encrypts with the public key of an asymmetric key (AsymmetricEncrypt, and ExportDataKey with a caller's key that
 * `parsePublicKey` has validated): RSAES_OAEP_SHA_256 / RSAES_OAEP_SHA_1 (RFC 8017, empty label, MGF1 with the same
 * hash) returning k bytes, or SM2PKE (GB/T 32918.4) returning GM/T 0009 DER.
 * @throws InvalidParameterError (`Algorithm`) when the KeySpec does not offer the algorithm; (`Plaintext`) when the
 *   plaintext is empty or longer than the reference's limit (RSA-2048 OAEP-SHA-256: 190 bytes, SM2: 6047, ...);
 *   InternalFailureError when the public key does not match the KeySpec.
 */
export function asymmetricEncrypt(
  spec: KeySpec,
  algorithm: EncryptionAlgorithm,
  publicKeyPem: string,
  plaintext: Uint8Array,
): Uint8Array {
  const limits = encryptionLimits(spec, algorithm);
  /* Precondition: the plaintext holds 1 to maxPlaintextBytes bytes. */
  if (plaintext.length < 1 || plaintext.length > limits.maxPlaintextBytes) {
    throw new InvalidParameterError("Plaintext", `It must hold 1 to ${limits.maxPlaintextBytes} bytes.`);
  }
  if (algorithm === "SM2PKE") return sm2Encrypt(publicKeyPem, plaintext);
  if (!isRsaSpec(spec)) throw new InternalFailureError();
  return rsaOaepEncrypt(spec, algorithm, publicKeyPem, plaintext);
}
