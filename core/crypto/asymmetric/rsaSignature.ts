import { constants, privateEncrypt, publicDecrypt, timingSafeEqual } from "node:crypto";
import { InternalFailureError } from "../../errors";
import { emsaPssEncode, emsaPssVerify } from "./emsaPss";
import {
  asBytes,
  loadRsaPrivateKey,
  loadRsaPublicKey,
  RSA_MODULUS_BITS,
  type RsaSpec,
  rsaModulusBytes,
} from "./rsaKeys";

/** The RSA signing algorithms. */
export type RsaSigningAlgorithm = "RSA_PSS_SHA_256" | "RSA_PKCS1_SHA_256";

/** DER of DigestInfo{ sha256, NULL } up to the digest (RFC 8017 section 9.2, note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");

/** EMSA-PKCS1-v1_5 encoding (RFC 8017 section 9.2) of a SHA-256 digest into k bytes. */
function emsaPkcs1Encode(digest: Uint8Array, k: number): Uint8Array {
  const em = new Uint8Array(k).fill(0xff);
  const tLen = SHA256_DIGEST_INFO_PREFIX.length + digest.length;
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - tLen - 1] = 0x00;
  em.set(SHA256_DIGEST_INFO_PREFIX, k - tLen);
  em.set(digest, k - digest.length);
  return em;
}

/**
 * RSASSA-PSS (salt 32, MGF1-SHA-256) or RSASSA-PKCS1-v1_5 signature over a SHA-256 digest the caller computed
 * (RFC 8017 sections 8.1.1 and 8.2.1); the signature is raw, k bytes. node:crypto's `sign` hashes its input, so the
 * message representative is encoded here and the RSA private operation is node's `privateEncrypt` (PKCS#1 type 1
 * padding around DigestInfo, or no padding around EMSA-PSS; OpenSSL blinds and checks the CRT result).
 * @throws InternalFailureError when the material is not an RSA key of the KeySpec.
 */
export function rsaSignDigest(
  spec: RsaSpec,
  algorithm: RsaSigningAlgorithm,
  privateKey: Uint8Array,
  digest: Uint8Array,
): Uint8Array {
  const key = loadRsaPrivateKey(spec, privateKey);
  try {
    if (algorithm === "RSA_PKCS1_SHA_256") {
      const t = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]);
      return asBytes(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, t));
    }
    const k = rsaModulusBytes(spec);
    const emBits = RSA_MODULUS_BITS[spec] - 1;
    const em = emsaPssEncode(digest, emBits);
    const representative = new Uint8Array(k);
    representative.set(em, k - em.length);
    return asBytes(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, representative));
  } catch (cause) {
    throw new InternalFailureError({ cause });
  }
}

/**
 * Verifies an RSASSA-PSS (salt 32 exactly) or RSASSA-PKCS1-v1_5 signature over a SHA-256 digest (RFC 8017 sections
 * 8.1.2 and 8.2.2). The RSA public operation is node's `publicDecrypt` without padding; PKCS#1 compares the whole
 * encoded message with the expected one (section 8.2.2 step 3), never parsing it.
 * @returns false for a wrong signature, one that is not k bytes, or one not below the modulus.
 * @throws InternalFailureError when the public key is not an RSA key of the KeySpec's size.
 */
export function rsaVerifyDigest(
  spec: RsaSpec,
  algorithm: RsaSigningAlgorithm,
  publicKeyPem: string,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = loadRsaPublicKey(spec, publicKeyPem, () => new InternalFailureError());
  const k = rsaModulusBytes(spec);
  /* Precondition: a signature is exactly k bytes (RFC 8017 section 8.1.2 step 1). */
  if (signature.length !== k) return false;
  let m: Buffer;
  try {
    m = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  if (m.length !== k) return false;
  if (algorithm === "RSA_PKCS1_SHA_256") return timingSafeEqual(m, emsaPkcs1Encode(digest, k));
  const emBits = RSA_MODULUS_BITS[spec] - 1;
  const emLen = Math.ceil(emBits / 8);
  if (m.subarray(0, k - emLen).some((byte) => byte !== 0)) return false;
  return emsaPssVerify(digest, m.subarray(k - emLen), emBits);
}
