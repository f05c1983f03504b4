import type { WeierstrassPointCons } from "@noble/curves/abstract/weierstrass.js";
import { weierstrass } from "@noble/curves/abstract/weierstrass.js";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { KmsError } from "../../errors";
import { type EcSpec, SM2_PARAMS } from "./ecCurves";

/** sm2p256v1 as a noble point type (noble has no SM2 export; built from the GB/T 32918.5 parameters). */
const sm2Point: WeierstrassPointCons<bigint> = weierstrass<bigint>({
  p: SM2_PARAMS.p,
  n: SM2_PARAMS.n,
  h: 1n,
  a: SM2_PARAMS.a,
  b: SM2_PARAMS.b,
  Gx: SM2_PARAMS.gx,
  Gy: SM2_PARAMS.gy,
});

/** The @noble/curves point type of each EC KeySpec (point validation here; the reference of the unit tests). */
export const NOBLE_POINTS: Readonly<Record<EcSpec, WeierstrassPointCons<bigint>>> = {
  EC_P256: p256.Point,
  EC_P256K: secp256k1.Point,
  EC_SM2: sm2Point,
};

/**
 * Validates an encoded public point (SEC 1 section 2.3.4: compressed or uncompressed) on the curve of a KeySpec and
 * returns it uncompressed (65 bytes). Rejects the point at infinity, coordinates outside the field and points off
 * the curve (all three curves have cofactor 1, so every curve point is in the group).
 * @throws the `fail` error for anything else.
 */
export function normalizeEcPoint(spec: EcSpec, encoded: Uint8Array, fail: () => KmsError): Uint8Array {
  try {
    const point = NOBLE_POINTS[spec].fromBytes(encoded);
    point.assertValidity();
    return point.toBytes(false);
  } catch {
    throw fail();
  }
}
