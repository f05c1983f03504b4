/**
 * The keys the e2e scenario creates: every KeySpec and usage at protection level SOFTWARE, and the ones SoftHSM 2.6
 * can serve at HSM (AES-GCM, RSA PKCS#1/PSS, RSA-OAEP with SHA-1 only, ECDSA on P-256 and secp256k1; no SM2/SM4:
 * stack-notes section 4). RSA_3072 is left out here: its key generation is slow, so the file makes one such key.
 */
import type { KeyPlan } from "./keyChecks";

const RSA_SIGNING = ["RSA_PSS_SHA_256", "RSA_PKCS1_SHA_256"];

function plan(
  keySpec: string,
  keyUsage: KeyPlan["keyUsage"],
  algorithms: readonly string[],
  protectionLevel: KeyPlan["protectionLevel"] = "SOFTWARE",
): KeyPlan {
  return { keySpec, keyUsage, algorithms, protectionLevel };
}

/** Every KeySpec (RSA_3072 aside) with each of its usages, SOFTWARE. */
export const SOFTWARE_KEYS: readonly KeyPlan[] = [
  plan("Aliyun_AES_256", "ENCRYPT/DECRYPT", []),
  plan("Aliyun_AES_192", "ENCRYPT/DECRYPT", []),
  plan("Aliyun_AES_128", "ENCRYPT/DECRYPT", []),
  plan("Aliyun_SM4", "ENCRYPT/DECRYPT", []),
  plan("RSA_2048", "ENCRYPT/DECRYPT", ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1"]),
  plan("RSA_2048", "SIGN/VERIFY", RSA_SIGNING),
  plan("EC_P256", "SIGN/VERIFY", ["ECDSA_SHA_256"]),
  plan("EC_P256K", "SIGN/VERIFY", ["ECDSA_SHA_256"]),
  plan("EC_SM2", "ENCRYPT/DECRYPT", ["SM2PKE"]),
  plan("EC_SM2", "SIGN/VERIFY", ["SM2DSA"]),
];

/** The KeySpecs and algorithms SoftHSM serves, HSM. */
export const HSM_KEYS: readonly KeyPlan[] = [
  plan("Aliyun_AES_256", "ENCRYPT/DECRYPT", [], "HSM"),
  plan("Aliyun_AES_192", "ENCRYPT/DECRYPT", [], "HSM"),
  plan("Aliyun_AES_128", "ENCRYPT/DECRYPT", [], "HSM"),
  plan("RSA_2048", "ENCRYPT/DECRYPT", ["RSAES_OAEP_SHA_1"], "HSM"),
  plan("RSA_2048", "SIGN/VERIFY", RSA_SIGNING, "HSM"),
  plan("EC_P256", "SIGN/VERIFY", ["ECDSA_SHA_256"], "HSM"),
  plan("EC_P256K", "SIGN/VERIFY", ["ECDSA_SHA_256"], "HSM"),
];

/** The one RSA_3072 key of the file (signing, both RSA signature schemes). */
export const RSA_3072_KEY: KeyPlan = plan("RSA_3072", "SIGN/VERIFY", RSA_SIGNING);
