import { InternalFailureError } from "../../errors";
import { encryptionLimits } from "../../keys/keySpecs";
import type { EncryptionAlgorithm, KeySpec } from "../../keys/types";
import { isRsaSpec } from "./generateKeyPair";
import { rsaOaepDecrypt } from "./rsaOaep";
import { sm2Decrypt } from "./sm2Cipher";

/**
 * Decrypts with the private key of an asymmetric key (AsymmetricDecrypt). RSA-OAEP ciphertexts must be exactly k
 * bytes; SM2PKE ciphertexts may be GM/T 0009 DER or raw 04 ‖ C1 ‖ C3 ‖ C2 (DESIGN section 3).
 *
 * Every ciphertext problem, including a wrong size, is InvalidCiphertextError (one answer for anything that does
 * not decrypt, as STYLE rule 12 asks). An RSA plaintext may be empty; an SM2 one never is.
 * @throws InvalidParameterError (`Algorithm`) when the KeySpec does not offer the algorithm; InvalidCiphertextError
 *   as above; InternalFailureError when the material does not match the KeySpec.
 */
export function asymmetricDecrypt(
  spec: KeySpec,
  algorithm: EncryptionAlgorithm,
  privateKey: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  encryptionLimits(spec, algorithm);
  if (algorithm === "SM2PKE") return sm2Decrypt(privateKey, ciphertext);
  if (!isRsaSpec(spec)) throw new InternalFailureError();
  return rsaOaepDecrypt(spec, algorithm, privateKey, ciphertext);
}
