import { InvalidParameterError } from "../errors";
import type { EncryptionAlgorithm, KeySpec, KeyUsage, SigningAlgorithm, SymmetricSuite } from "./types";

/** Size limits of one asymmetric encryption algorithm on one KeySpec (reference section 4, algorithm table). */
export interface EncryptionLimits {
  /** The largest plaintext, in bytes, the algorithm accepts with this key size. */
  readonly maxPlaintextBytes: number;
  /** The largest ciphertext, in bytes (RSA: exactly this size). */
  readonly maxCiphertextBytes: number;
}

/** What a signing algorithm expects of its input on one KeySpec. */
export interface SigningLimits {
  /** The digest length in bytes (SHA-256 or SM3: 32). */
  readonly digestBytes: number;
}

/** Everything Keyward knows about one KeySpec; the single source for validation and dispatch. */
export interface KeySpecInfo {
  readonly spec: KeySpec;
  readonly kind: "symmetric" | "asymmetric";
  /** The usages a key of this spec may be created with. */
  readonly usages: readonly KeyUsage[];
  /** The usage CreateKey picks when the caller gives none. */
  readonly defaultUsage: KeyUsage;
  /** Symmetric keys: the blob suite and the key length. */
  readonly symmetric?: { readonly suite: SymmetricSuite; readonly keyBytes: 16 | 24 | 32 };
  /** Asymmetric keys with usage ENCRYPT/DECRYPT: the algorithms and their limits. */
  readonly encryption?: Readonly<Partial<Record<EncryptionAlgorithm, EncryptionLimits>>>;
  /** Asymmetric keys with usage SIGN/VERIFY: the algorithms and their digest length. */
  readonly signing?: Readonly<Partial<Record<SigningAlgorithm, SigningLimits>>>;
  /** The most versions a key of this spec may have (DESIGN section 5 keeps the item far below 400 KB). */
  readonly maxVersions: number;
}

const ENCRYPT_DECRYPT: KeyUsage = "ENCRYPT/DECRYPT";
const SIGN_VERIFY: KeyUsage = "SIGN/VERIFY";
const SHA256_DIGEST: SigningLimits = { digestBytes: 32 };

function symmetric(spec: KeySpec, suite: SymmetricSuite, keyBytes: 16 | 24 | 32): KeySpecInfo {
  return {
    spec,
    kind: "symmetric",
    usages: [ENCRYPT_DECRYPT],
    defaultUsage: ENCRYPT_DECRYPT,
    symmetric: { suite, keyBytes },
    maxVersions: 1000,
  };
}

function rsa(spec: KeySpec, modulusBytes: number): KeySpecInfo {
  // OAEP: k - 2*hLen - 2 bytes of plaintext (RFC 8017 section 7.1.1); SHA-256 hLen 32, SHA-1 hLen 20.
  return {
    spec,
    kind: "asymmetric",
    usages: [ENCRYPT_DECRYPT, SIGN_VERIFY],
    defaultUsage: ENCRYPT_DECRYPT,
    encryption: {
      RSAES_OAEP_SHA_256: { maxPlaintextBytes: modulusBytes - 66, maxCiphertextBytes: modulusBytes },
      RSAES_OAEP_SHA_1: { maxPlaintextBytes: modulusBytes - 42, maxCiphertextBytes: modulusBytes },
    },
    signing: { RSA_PSS_SHA_256: SHA256_DIGEST, RSA_PKCS1_SHA_256: SHA256_DIGEST },
    maxVersions: 50,
  };
}

function ecdsa(spec: KeySpec): KeySpecInfo {
  return {
    spec,
    kind: "asymmetric",
    usages: [SIGN_VERIFY],
    defaultUsage: SIGN_VERIFY,
    signing: { ECDSA_SHA_256: SHA256_DIGEST },
    maxVersions: 50,
  };
}

/**
 * The KeySpec registry (DESIGN section 1; limits from the reference's algorithm table).
 *
 * Default usage: ENCRYPT/DECRYPT wherever the spec allows it (the current API metadata), SIGN/VERIFY for the
 * ECDSA-only specs, which cannot encrypt.
 */
export const KEY_SPEC_REGISTRY: Readonly<Record<KeySpec, KeySpecInfo>> = {
  Aliyun_AES_256: symmetric("Aliyun_AES_256", "AES_GCM", 32),
  Aliyun_AES_128: symmetric("Aliyun_AES_128", "AES_GCM", 16),
  Aliyun_AES_192: symmetric("Aliyun_AES_192", "AES_GCM", 24),
  Aliyun_SM4: symmetric("Aliyun_SM4", "SM4_GCM", 16),
  RSA_2048: rsa("RSA_2048", 256),
  RSA_3072: rsa("RSA_3072", 384),
  EC_P256: ecdsa("EC_P256"),
  EC_P256K: ecdsa("EC_P256K"),
  EC_SM2: {
    spec: "EC_SM2",
    kind: "asymmetric",
    usages: [ENCRYPT_DECRYPT, SIGN_VERIFY],
    defaultUsage: ENCRYPT_DECRYPT,
    // 6047 bytes of plaintext, 6144 of ciphertext in the raw 04‖C1‖C3‖C2 layout (65 + 32 + 6047). Keyward writes
    // GM/T 0009 DER, at most 4 (SEQUENCE) + 35 + 35 (INTEGER x, y) + 34 (OCTET STRING hash) + 6051 (OCTET STRING
    // C2) = 6159 bytes; DESIGN section 3 explains the choice.
    encryption: { SM2PKE: { maxPlaintextBytes: 6047, maxCiphertextBytes: 6159 } },
    signing: { SM2DSA: { digestBytes: 32 } },
    maxVersions: 50,
  },
};

/** The registry entry of a KeySpec. */
export function keySpecInfo(spec: KeySpec): KeySpecInfo {
  return KEY_SPEC_REGISTRY[spec];
}

/**
 * The limits of an encryption algorithm on a KeySpec.
 * @throws InvalidParameterError (`Algorithm`) when the spec does not offer the algorithm.
 */
export function encryptionLimits(
  spec: KeySpec,
  algorithm: EncryptionAlgorithm,
  parameter = "Algorithm",
): EncryptionLimits {
  const limits = KEY_SPEC_REGISTRY[spec].encryption?.[algorithm];
  if (!limits)
    throw new InvalidParameterError(parameter, `${algorithm} is not an encryption algorithm of ${spec}.`);
  return limits;
}

/**
 * The limits of a signing algorithm on a KeySpec.
 * @throws InvalidParameterError (`Algorithm`) when the spec does not offer the algorithm.
 */
export function signingLimits(
  spec: KeySpec,
  algorithm: SigningAlgorithm,
  parameter = "Algorithm",
): SigningLimits {
  const limits = KEY_SPEC_REGISTRY[spec].signing?.[algorithm];
  if (!limits)
    throw new InvalidParameterError(parameter, `${algorithm} is not a signing algorithm of ${spec}.`);
  return limits;
}
