import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { InternalFailureError } from "../errors";
import type { HsmCurve } from "./hsmKeyShape";

const CURVES = { "P-256": p256, secp256k1 } as const;

/**
 * Turns the raw `r ‖ s` signature CKM_ECDSA returns (PKCS#11 v2.40 section 2.3.1) into the DER
 * `SEQUENCE { r INTEGER, s INTEGER }` the API answers (DESIGN section 3). On secp256k1 a high `s` is replaced by
 * `n − s` (the same signature, still valid ECDSA; what blockchain users need, as the software path does).
 * @throws InternalFailureError when the HSM's output is not a valid signature encoding for the curve.
 */
export function ecdsaRawToDer(raw: Uint8Array, curve: HsmCurve): Uint8Array {
  const ecdsa = CURVES[curve];
  let signature: ReturnType<typeof ecdsa.Signature.fromBytes>;
  try {
    signature = ecdsa.Signature.fromBytes(raw, "compact");
  } catch (error) {
    throw new InternalFailureError({ cause: error });
  }
  if (curve === "secp256k1" && signature.hasHighS()) {
    signature = new ecdsa.Signature(signature.r, ecdsa.Point.CURVE().n - signature.s);
  }
  return signature.toBytes("der");
}

/**
 * Turns a DER ECDSA signature into the raw `r ‖ s` CKM_ECDSA verifies, or undefined when it is not strict DER
 * with `r` and `s` in range (such a signature simply does not verify).
 */
export function ecdsaDerToRaw(der: Uint8Array, curve: HsmCurve): Uint8Array | undefined {
  try {
    return CURVES[curve].Signature.fromBytes(der, "der").toBytes("compact");
  } catch {
    return undefined;
  }
}
