import { InternalFailureError } from "../../errors";
import { blindedInvert, bytesToBigInt, mod } from "./bigIntBytes";
import { xOfLinearCombination } from "./ecArithmetic";
import { EC_CURVES } from "./ecCurves";
import { decodeEcSignature, encodeEcSignature } from "./ecdsaSignature";
import { drawEphemeralKey } from "./ecKeyPair";
import { decodeEcPrivateKey } from "./ecPrivateKey";
import { readEcPublicKey } from "./ecPublicKey";

const SM2 = EC_CURVES.EC_SM2;

/**
 * SM2DSA signature over a digest the caller computed, e = SM3(Z_A ‖ M) (GB/T 32918.2-2016 section 6.1 from step A3;
 * see `sm2SigningDigest`), DER encoded (GM/T 0009). As for ECDSA (ecdsaSignDigest), OpenSSL draws k and computes
 * k·G (A3-A4); r = (e + x1) mod n (A5) and s = (1 + d)⁻¹·(k − r·d) mod n (A6) are BigInt, the inversion blinded by
 * a random factor. k is drawn again when r = 0, r + k = n or s = 0.
 * @throws InternalFailureError when the material is not an SM2 PKCS#8 key or its d is outside [1, n-2].
 */
export function sm2SignDigest(privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  const { n } = SM2;
  const d = bytesToBigInt(decodeEcPrivateKey(SM2, privateKey));
  /* Precondition: an SM2 private key d lies in [1, n-2] (GB/T 32918.1 section 6.1), so 1 + d is invertible. */
  if (d < 1n || d > n - 2n) throw new InternalFailureError({ cause: "SM2 private key outside [1, n-2]" });
  const e = bytesToBigInt(digest);
  for (;;) {
    const nonce = drawEphemeralKey(SM2);
    try {
      const k = bytesToBigInt(nonce.scalar);
      const r = mod(e + bytesToBigInt(nonce.point.subarray(1, 1 + SM2.bytes)), n);
      if (r === 0n || r + k === n) continue;
      const inverse = blindedInvert(1n + d, n);
      const s = mod(inverse * mod(k - r * d, n), n);
      if (s === 0n) continue;
      return encodeEcSignature(SM2, { r, s });
    } finally {
      nonce.scalar.fill(0);
    }
  }
}

/**
 * SM2DSA verification over a given digest e (GB/T 32918.2-2016 section 7.1 from step B3). The DER is decoded and
 * r, s range-checked here (steps B1-B2); t = (r + s) mod n must not be 0 (B5); x1 of s·G + t·P_A comes from OpenSSL
 * (xOfLinearCombination, B6), and the signature holds when (e + x1) mod n = r (B7).
 * @returns false for a malformed or wrong signature.
 * @throws InternalFailureError when the public key is not a valid SM2 key.
 */
export function sm2VerifyDigest(publicKeyPem: string, digest: Uint8Array, signature: Uint8Array): boolean {
  const point = readEcPublicKey("EC_SM2", publicKeyPem, () => new InternalFailureError());
  let r: bigint;
  let s: bigint;
  try {
    ({ r, s } = decodeEcSignature(SM2, signature, () => new InternalFailureError()));
  } catch {
    return false;
  }
  const t = mod(r + s, SM2.n);
  if (t === 0n) return false;
  const x1 = xOfLinearCombination(SM2, s, t, point);
  return x1 !== undefined && mod(bytesToBigInt(digest) + x1, SM2.n) === r;
}
