import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bigIntToBytes } from "../../../../core/crypto/asymmetric/bigIntBytes";
import { multiplyPoint, xOfLinearCombination } from "../../../../core/crypto/asymmetric/ecArithmetic";
import { EC_CURVES, type EcSpec } from "../../../../core/crypto/asymmetric/ecCurves";
import { NOBLE_POINTS } from "../../../../core/crypto/asymmetric/ecPoint";

/**
 * xOfLinearCombination (OpenSSL's scalar multiplications, one affine addition in BigInt) against @noble/curves
 * computing u1·G + u2·Q entirely on its own, on the three curves, including the sums that need a doubling (v·G = Q)
 * and the sum at infinity (v·G = −Q), which random scalars never reach.
 */
describe.each(Object.keys(EC_CURVES) as EcSpec[])("xOfLinearCombination on %s", (spec) => {
  const curve = EC_CURVES[spec];
  const Point = NOBLE_POINTS[spec];
  const scalar = fc.bigInt({ min: 1n, max: curve.n - 1n });
  const expected = (u1: bigint, u2: bigint, q: bigint) => {
    const sum = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(Point.BASE.multiply(q).multiply(u2));
    return sum.is0() ? undefined : sum.toAffine().x;
  };
  const publicPoint = (q: bigint) => Point.BASE.multiply(q).toBytes(false);

  it("is the x-coordinate of u1·G + u2·Q for random scalars and public points", () => {
    fc.assert(
      fc.property(scalar, scalar, scalar, (u1, u2, q) => {
        expect(xOfLinearCombination(curve, u1, u2, publicPoint(q))).toBe(expected(u1, u2, q));
      }),
      { numRuns: 25 },
    );
  });

  it("is the x-coordinate of u2·Q when u1 is 0", () => {
    fc.assert(
      fc.property(scalar, scalar, (u2, q) => {
        expect(xOfLinearCombination(curve, 0n, u2, publicPoint(q))).toBe(expected(0n, u2, q));
      }),
      { numRuns: 10 },
    );
  });

  it("doubles when u1·G = u2·Q, and answers undefined when u1·G = −u2·Q", () => {
    fc.assert(
      fc.property(scalar, scalar, (u2, q) => {
        const same = (u2 * q) % curve.n;
        const doubled = expected(same, u2, q);
        expect(doubled).toBeDefined();
        expect(xOfLinearCombination(curve, same, u2, publicPoint(q))).toBe(doubled);
        expect(xOfLinearCombination(curve, curve.n - same, u2, publicPoint(q))).toBeUndefined();
      }),
      { numRuns: 10 },
    );
  });
});

describe.each(Object.keys(EC_CURVES) as EcSpec[])("multiplyPoint on %s", (spec) => {
  const curve = EC_CURVES[spec];
  const Point = NOBLE_POINTS[spec];
  const scalar = fc.bigInt({ min: 1n, max: curve.n - 1n });
  const check = (k: bigint, point: InstanceType<typeof Point>) => {
    const product = multiplyPoint(curve, bigIntToBytes(k, curve.bytes), point.toBytes(false));
    expect(Buffer.from(product).toString("hex")).toBe(
      Buffer.from(point.multiply(k).toBytes(false)).toString("hex"),
    );
  };

  it("is k·P in full (both coordinates) for random k and P", () => {
    fc.assert(
      fc.property(scalar, scalar, (k, q) => check(k, Point.BASE.multiply(q))),
      { numRuns: 25 },
    );
  });

  it("is k·G for P = G and −k·G for P = −G (where P + G does not exist)", () => {
    fc.assert(
      fc.property(scalar, (k) => {
        check(k, Point.BASE);
        check(k, Point.BASE.negate());
      }),
      { numRuns: 5 },
    );
  });
});
