import pkcs11js, { type AesGCM, type Mechanism, type RsaOAEP, type RsaPSS } from "pkcs11js";
import { InvalidParameterError, RejectedUnsupportedOperationError } from "../errors";
import type { EncryptionAlgorithm, SigningAlgorithm } from "../keys/types";
import type { OaepHash } from "./HsmDriver";

/** GCM parameters: 96-bit IV, 128-bit tag (DESIGN section 4). */
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** CKZ_DATA_SPECIFIED (PKCS#11 v2.40 section 2.1.8): the OAEP label source; pkcs11js 2.1.7 has no constant. */
const CKZ_DATA_SPECIFIED = 1;

/** The DER DigestInfo prefix of a SHA-256 digest (RFC 8017 section 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

/**
 * A Buffer over the same memory as `bytes`, for pkcs11js. An empty input gets a zero-length slice of a real
 * allocation: a bare empty Buffer reaches the library as a NULL pointer, which SoftHSM refuses with
 * CKR_ARGUMENTS_BAD even when the length is 0 (an empty plaintext is valid AES-GCM input).
 */
export function pkcs11Buffer(bytes: Uint8Array): Buffer {
  if (bytes.byteLength === 0) return Buffer.alloc(1).subarray(0, 0);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** CKM_AES_GCM with CK_GCM_PARAMS as PKCS#11 v2.40 defines them (IV, IV bits, AAD, tag bits). */
export function aesGcmMechanism(iv: Buffer, aad: Buffer): Mechanism {
  const parameter: AesGCM = {
    type: pkcs11js.CK_PARAMS_AES_GCM_v240,
    iv,
    ivBits: GCM_IV_BYTES * 8,
    aad,
    tagBits: GCM_TAG_BYTES * 8,
  };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/** CKM_RSA_PKCS_OAEP with the same hash for OAEP and MGF1 and an empty label (RFC 8017 section 7.1). */
export function oaepMechanism(hash: OaepHash): Mechanism {
  const sha1 = hash === "SHA_1";
  const parameter: RsaOAEP = {
    type: pkcs11js.CK_PARAMS_RSA_OAEP,
    hashAlg: sha1 ? pkcs11js.CKM_SHA_1 : pkcs11js.CKM_SHA256,
    mgf: sha1 ? pkcs11js.CKG_MGF1_SHA1 : pkcs11js.CKG_MGF1_SHA256,
    source: CKZ_DATA_SPECIFIED,
  };
  return { mechanism: pkcs11js.CKM_RSA_PKCS_OAEP, parameter };
}

/** How an algorithm reads in PKCS#11 terms: the OAEP hash of an encryption algorithm. */
export function oaepHashOf(algorithm: EncryptionAlgorithm): OaepHash {
  if (algorithm === "RSAES_OAEP_SHA_1") return "SHA_1";
  if (algorithm === "RSAES_OAEP_SHA_256") return "SHA_256";
  throw new RejectedUnsupportedOperationError(`The HSM has no mechanism for ${algorithm}.`);
}

/** A signing algorithm in PKCS#11 terms: the mechanism, the key type it needs, and its input from the digest. */
export interface SigningMechanism {
  readonly mechanism: Mechanism;
  readonly name: string;
  readonly keyType: "rsa" | "ec";
  /** The bytes the mechanism signs, made from the SHA-256 digest. */
  input(digest: Uint8Array): Buffer;
}

/** PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 8017 section 9.1; the software path's salt length). */
const PSS_SHA256: RsaPSS = {
  type: pkcs11js.CK_PARAMS_RSA_PSS,
  hashAlg: pkcs11js.CKM_SHA256,
  mgf: pkcs11js.CKG_MGF1_SHA256,
  saltLen: 32,
};

/** EMSA-PKCS1-v1_5 input of CKM_RSA_PKCS: DigestInfo ‖ digest (RFC 8017 section 9.2, step 2). */
function pkcs1DigestInfo(digest: Uint8Array): Buffer {
  return Buffer.concat([SHA256_DIGEST_INFO, digest]);
}

/** The signing mechanisms, built once: pkcs11js reads a mechanism without changing it. */
const SIGNING_MECHANISMS: Readonly<Record<Exclude<SigningAlgorithm, "SM2DSA">, SigningMechanism>> = {
  RSA_PKCS1_SHA_256: {
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS },
    name: "CKM_RSA_PKCS",
    keyType: "rsa",
    input: pkcs1DigestInfo,
  },
  RSA_PSS_SHA_256: {
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter: PSS_SHA256 },
    name: "CKM_RSA_PKCS_PSS",
    keyType: "rsa",
    input: pkcs11Buffer,
  },
  ECDSA_SHA_256: {
    mechanism: { mechanism: pkcs11js.CKM_ECDSA },
    name: "CKM_ECDSA",
    keyType: "ec",
    input: pkcs11Buffer,
  },
};

/**
 * The mechanism of a signing algorithm over a precomputed SHA-256 digest (the API's `Digest`, DESIGN section 3):
 * RSA_PKCS1_SHA_256 → CKM_RSA_PKCS over DigestInfo ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 section 9.2);
 * RSA_PSS_SHA_256 → CKM_RSA_PKCS_PSS, SHA-256, MGF1-SHA-256, 32-byte salt; ECDSA_SHA_256 → CKM_ECDSA.
 * The same object is returned on every call.
 * @throws RejectedUnsupportedOperationError for SM2DSA (no PKCS#11 mechanism).
 */
export function signingMechanism(algorithm: SigningAlgorithm): SigningMechanism {
  if (algorithm === "SM2DSA") {
    throw new RejectedUnsupportedOperationError("The HSM has no SM2 signature mechanism.");
  }
  return SIGNING_MECHANISMS[algorithm];
}

/**
 * Checks that a signing algorithm fits the key it is asked of.
 * @throws InvalidParameterError (`Algorithm`) when the key is of another type.
 */
export function assertSigningKey(
  signing: SigningMechanism,
  keyType: string,
  algorithm: SigningAlgorithm,
): void {
  /* Precondition: the signing algorithm matches the key type of the HSM object. */
  if (signing.keyType !== keyType) {
    throw new InvalidParameterError("Algorithm", `${algorithm} does not apply to this key.`);
  }
}
