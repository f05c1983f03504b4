/**
 * The wire vocabulary of keys: every string here is exactly what the Alibaba Cloud KMS API (2016-01-20) sends and
 * returns, so values can pass between the wire and the domain without translation.
 */

/** Every KeySpec Keyward offers (DESIGN section 1). */
export const KEY_SPECS = [
  "Aliyun_AES_256",
  "Aliyun_AES_128",
  "Aliyun_AES_192",
  "Aliyun_SM4",
  "RSA_2048",
  "RSA_3072",
  "EC_P256",
  "EC_P256K",
  "EC_SM2",
] as const;
export type KeySpec = (typeof KEY_SPECS)[number];

export const KEY_USAGES = ["ENCRYPT/DECRYPT", "SIGN/VERIFY"] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export const KEY_STATES = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"] as const;
export type KeyState = (typeof KEY_STATES)[number];

export const PROTECTION_LEVELS = ["SOFTWARE", "HSM"] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

export const ORIGINS = ["Aliyun_KMS", "EXTERNAL"] as const;
export type Origin = (typeof ORIGINS)[number];

export const CREATOR_TYPES = ["User", "Service"] as const;
export type CreatorType = (typeof CREATOR_TYPES)[number];

/** Asymmetric encryption algorithms (AsymmetricEncrypt/Decrypt, ReEncrypt source, ExportDataKey wrapping). */
export const ENCRYPTION_ALGORITHMS = ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "SM2PKE"] as const;
export type EncryptionAlgorithm = (typeof ENCRYPTION_ALGORITHMS)[number];

/** Signing algorithms (AsymmetricSign/Verify). */
export const SIGNING_ALGORITHMS = [
  "RSA_PSS_SHA_256",
  "RSA_PKCS1_SHA_256",
  "ECDSA_SHA_256",
  "SM2DSA",
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export type AsymmetricAlgorithm = EncryptionAlgorithm | SigningAlgorithm;

/** The symmetric cipher suites of the ciphertext blob (DESIGN section 4: the suite byte). */
export type SymmetricSuite = "AES_GCM" | "SM4_GCM";

/** Whether a string is one of a list of wire values; narrows it for the compiler. */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
