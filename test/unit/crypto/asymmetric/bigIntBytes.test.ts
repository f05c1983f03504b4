import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blindedInvert, invert, mod } from "../../../../core/crypto/asymmetric/bigIntBytes";
import { EC_CURVES } from "../../../../core/crypto/asymmetric/ecCurves";

describe("blindedInvert", () => {
  const { n } = EC_CURVES.EC_P256;

  it("is the inverse modulo n, the same as the unblinded one", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: n - 1n }), (a) => {
        const inverse = blindedInvert(a, n);
        expect(mod(a * inverse, n)).toBe(1n);
        expect(inverse).toBe(invert(a, n));
      }),
      { numRuns: 200 },
    );
  });

  it("reduces its input first (1 + d with d = n - 2 is n - 1)", () => {
    expect(blindedInvert(n - 1n, n)).toBe(n - 1n);
    expect(blindedInvert(n + 2n, n)).toBe(invert(2n, n));
  });
});
