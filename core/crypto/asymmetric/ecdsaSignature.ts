import { InvalidParameterError, type KmsError } from "../../errors";
import type { KeySpec } from "../../keys/types";
import { bigIntToBytes, bytesToBigInt } from "./bigIntBytes";
import { DerReader } from "./DerReader";
import { derSequence, derUnsignedInteger } from "./derEncode";
import { type EcCurve, ecCurveOf } from "./ecCurves";

/** The two integers of an ECDSA or SM2 signature. */
export interface EcSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Encodes (r, s) as the DER `SEQUENCE { INTEGER r, INTEGER s }` of RFC 3279 section 2.2.3 / GM/T 0009. */
export function encodeEcSignature(curve: EcCurve, signature: EcSignature): Uint8Array {
  return derSequence(
    derUnsignedInteger(bigIntToBytes(signature.r, curve.bytes)),
    derUnsignedInteger(bigIntToBytes(signature.s, curve.bytes)),
  );
}

/**
 * Decodes a DER ECDSA/SM2 signature strictly (no BER, no trailing bytes) and checks 1 <= r, s <= n-1
 * (FIPS 186-5 section 6.4.2 step 1; GB/T 32918.2 section 7.1 steps B1-B2).
 * @throws the `fail` error for anything else.
 */
export function decodeEcSignature(curve: EcCurve, der: Uint8Array, fail: () => KmsError): EcSignature {
  const outer = new DerReader(der, fail);
  const sequence = outer.readSequence();
  outer.assertEnd();
  const r = bytesToBigInt(sequence.readUnsignedInteger());
  const s = bytesToBigInt(sequence.readUnsignedInteger());
  sequence.assertEnd();
  /* Precondition: r and s lie in [1, n-1]. */
  if (r < 1n || r >= curve.n || s < 1n || s >= curve.n) throw fail();
  return { r, s };
}

/** Replaces s by n - s when s > n/2 (the low-S form of BIP 62/146; still a valid ECDSA signature). */
export function toLowS(curve: EcCurve, signature: EcSignature): EcSignature {
  return signature.s > curve.n >> 1n ? { r: signature.r, s: curve.n - signature.s } : signature;
}

/**
 * Converts a raw `r‖s` signature (IEEE P1363, what PKCS#11 CKM_ECDSA returns) of an EC KeySpec to the DER Keyward
 * answers with; EC_P256K signatures are low-S normalised (DESIGN section 1a).
 * @throws InvalidParameterError (`Signature`) when the length is not 2 × 32 bytes or r, s are not in [1, n-1].
 */
export function ecSignatureFromRaw(spec: KeySpec, raw: Uint8Array): Uint8Array {
  const curve = ecCurveOf(spec);
  const fail = () => new InvalidParameterError("Signature", "It is not a raw r‖s signature of this curve.");
  /* Precondition: a raw signature is r and s of the curve's size, concatenated. */
  if (raw.length !== 2 * curve.bytes) throw fail();
  const r = bytesToBigInt(raw.subarray(0, curve.bytes));
  const s = bytesToBigInt(raw.subarray(curve.bytes));
  if (r < 1n || r >= curve.n || s < 1n || s >= curve.n) throw fail();
  const signature = spec === "EC_P256K" ? toLowS(curve, { r, s }) : { r, s };
  return encodeEcSignature(curve, signature);
}

/**
 * Converts a DER signature of an EC KeySpec to raw `r‖s` (2 × 32 bytes), for callers that need P1363.
 * @throws InvalidParameterError (`Signature`) when it is not a strict DER signature with r, s in [1, n-1].
 */
export function ecSignatureToRaw(spec: KeySpec, der: Uint8Array): Uint8Array {
  const curve = ecCurveOf(spec);
  const { r, s } = decodeEcSignature(
    curve,
    der,
    () => new InvalidParameterError("Signature", "It is not a DER signature of this curve."),
  );
  return Buffer.concat([bigIntToBytes(r, curve.bytes), bigIntToBytes(s, curve.bytes)]);
}
