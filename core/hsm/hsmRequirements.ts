import type { EncryptionAlgorithm, KeySpec, KeyUsage, SigningAlgorithm } from "../keys/types";
import type { HsmCapabilities } from "./HsmDriver";
import { hsmKeyShape } from "./hsmKeyShape";

/** The PKCS#11 mechanism each signing algorithm uses over a digest (pkcs11Mechanisms.ts). */
const SIGNING_MECHANISMS: Readonly<Record<SigningAlgorithm, string | undefined>> = {
  RSA_PKCS1_SHA_256: "CKM_RSA_PKCS",
  RSA_PSS_SHA_256: "CKM_RSA_PKCS_PSS",
  ECDSA_SHA_256: "CKM_ECDSA",
  SM2DSA: undefined,
};

function firstMissing(capabilities: HsmCapabilities, mechanisms: readonly string[]): string | undefined {
  return mechanisms.find((mechanism) => !capabilities.mechanisms.includes(mechanism));
}

/**
 * What an HSM lacks to hold a key of `spec` for `usage` (DESIGN section 1: CreateKey with ProtectionLevel=HSM
 * names the missing mechanism), or undefined when it can. Key generation and at least one mechanism of the usage
 * are required; a single algorithm the HSM lacks (RSAES_OAEP_SHA_256 on SoftHSM) is refused at the operation, since
 * the key can still serve the others.
 */
export function missingForKey(
  capabilities: HsmCapabilities,
  spec: KeySpec,
  usage: KeyUsage,
): string | undefined {
  const shape = hsmKeyShape(spec);
  if (!shape) {
    return spec === "Aliyun_SM4"
      ? "an SM4 mechanism (PKCS#11 v2.40 defines none and the HSM lists no vendor SM4 mechanism Keyward speaks)"
      : "an SM2 mechanism (PKCS#11 v2.40 defines none and the HSM lists no vendor SM2 mechanism Keyward speaks)";
  }
  if (shape.kind === "aes") return firstMissing(capabilities, ["CKM_AES_KEY_GEN", "CKM_AES_GCM"]);
  if (shape.kind === "ec") {
    const missing = firstMissing(capabilities, ["CKM_EC_KEY_PAIR_GEN", "CKM_ECDSA"]);
    if (missing) return missing;
    return capabilities.ecCurves.includes(shape.curve)
      ? undefined
      : `CKM_EC_KEY_PAIR_GEN on the curve ${shape.curve}`;
  }
  const generation = firstMissing(capabilities, ["CKM_RSA_PKCS_KEY_PAIR_GEN"]);
  if (generation) return generation;
  if (usage === "ENCRYPT/DECRYPT") {
    return capabilities.rsaOaepHashes.length > 0 ? undefined : "CKM_RSA_PKCS_OAEP (with SHA-1 or SHA-256)";
  }
  const signing = ["CKM_RSA_PKCS", "CKM_RSA_PKCS_PSS"];
  return signing.some((mechanism) => capabilities.mechanisms.includes(mechanism))
    ? undefined
    : "CKM_RSA_PKCS or CKM_RSA_PKCS_PSS";
}

/** What an HSM lacks to sign with `algorithm`, or undefined when it can. */
export function missingForSigning(
  capabilities: HsmCapabilities,
  algorithm: SigningAlgorithm,
): string | undefined {
  const mechanism = SIGNING_MECHANISMS[algorithm];
  if (!mechanism) return "an SM2 signature mechanism";
  return firstMissing(capabilities, [mechanism]);
}

/** What an HSM lacks to decrypt with `algorithm`, or undefined when it can. */
export function missingForDecryption(
  capabilities: HsmCapabilities,
  algorithm: EncryptionAlgorithm,
): string | undefined {
  if (algorithm === "RSAES_OAEP_SHA_1" && !capabilities.rsaOaepHashes.includes("SHA_1")) {
    return "CKM_RSA_PKCS_OAEP with SHA-1";
  }
  if (algorithm === "RSAES_OAEP_SHA_256" && !capabilities.rsaOaepHashes.includes("SHA_256")) {
    return "CKM_RSA_PKCS_OAEP with SHA-256";
  }
  return algorithm === "SM2PKE" ? "an SM2 encryption mechanism" : undefined;
}
