import { InternalFailureError } from "../../errors";
import { blindedInvert, bytesToBigInt, invert, mod } from "./bigIntBytes";
import { xOfLinearCombination } from "./ecArithmetic";
import { EC_CURVES } from "./ecCurves";
import { decodeEcSignature, encodeEcSignature, toLowS } from "./ecdsaSignature";
import { drawEphemeralKey } from "./ecKeyPair";
import { decodeEcPrivateKey } from "./ecPrivateKey";
import { readEcPublicKey } from "./ecPublicKey";

/** The ECDSA KeySpecs. */
export type EcdsaSpec = "EC_P256" | "EC_P256K";

/**
 * ECDSA signature generation over a digest the caller computed (FIPS 186-5 section 6.4.1; ECDSA_SHA_256), DER
 * encoded; EC_P256K signatures are low-S normalised (DESIGN section 1a).
 *
 * node:crypto cannot sign a given digest with an EC key (`sign(null, …)` hashes with SHA-256, `privateEncrypt`
 * refuses EC keys), and @noble/curves signs about 1,000 times a second. So the expensive step, the nonce and k·G,
 * is OpenSSL's key generation (k uniform in [1, n-1], constant-time), and the rest is s = k⁻¹(e + r·d) mod n in
 * BigInt, with the inversion blinded by a random factor. Every signature is checked by node's verifier in the tests.
 *
 * With n of 256 bits and a 32-byte digest, e is the digest as an integer (bits2int needs no truncation).
 * @throws InternalFailureError when the private key material is not a PKCS#8 key of the curve.
 */
export function ecdsaSignDigest(spec: EcdsaSpec, privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  const curve = EC_CURVES[spec];
  const { n } = curve;
  const d = bytesToBigInt(decodeEcPrivateKey(curve, privateKey));
  const e = bytesToBigInt(digest);
  for (;;) {
    const nonce = drawEphemeralKey(curve);
    try {
      const k = bytesToBigInt(nonce.scalar);
      const r = mod(bytesToBigInt(nonce.point.subarray(1, 1 + curve.bytes)), n);
      if (r === 0n) continue;
      const kInverse = blindedInvert(k, n);
      const s = mod(kInverse * mod(e + r * d, n), n);
      if (s === 0n) continue;
      const signature = spec === "EC_P256K" ? toLowS(curve, { r, s }) : { r, s };
      return encodeEcSignature(curve, signature);
    } finally {
      nonce.scalar.fill(0);
    }
  }
}

/**
 * ECDSA signature verification over a given digest (FIPS 186-5 section 6.4.2); the DER is decoded strictly here
 * first, the point u1·G + u2·Q comes from OpenSSL (xOfLinearCombination). High-S signatures are accepted on both
 * curves (they are valid ECDSA; only the signatures Keyward makes are low-S).
 * @returns false for a malformed or wrong signature.
 * @throws InternalFailureError when the public key is not a valid key of the curve.
 */
export function ecdsaVerifyDigest(
  spec: EcdsaSpec,
  publicKeyPem: string,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const curve = EC_CURVES[spec];
  const { n } = curve;
  const point = readEcPublicKey(spec, publicKeyPem, () => new InternalFailureError());
  let r: bigint;
  let s: bigint;
  try {
    ({ r, s } = decodeEcSignature(curve, signature, () => new InternalFailureError()));
  } catch {
    return false;
  }
  // With n of 256 bits and a 32-byte digest, e is the digest as an integer (bits2int needs no truncation).
  const w = invert(s, n);
  const u1 = mod(bytesToBigInt(digest) * w, n);
  // r and w lie in [1, n-1] and n is prime, so u2 is not 0.
  const u2 = mod(r * w, n);
  const x = xOfLinearCombination(curve, u1, u2, point);
  return x !== undefined && mod(x, n) === r;
}
