import fc from "fast-check";
import { sm3 as smCryptoV2Sm3 } from "sm-crypto-v2";
import { describe, expect, it } from "vitest";
import { sm3 } from "../../../../core/crypto/asymmetric";
import { sm3Concat } from "../../../../core/crypto/asymmetric/sm3";
import { fromHex, loadVector, toHex } from "./support";

interface Sm3File {
  readonly source: string;
  readonly tests: readonly { name: string; messageHex: string; digest: string }[];
}

const vectors = loadVector<Sm3File>("sm3/sm3-kat.json");

describe("SM3 (GB/T 32905-2016)", () => {
  it.each(vectors.tests)("reproduces $name", ({ messageHex, digest }) => {
    expect(toHex(sm3(fromHex(messageHex)))).toBe(digest);
  });

  it("hashes the concatenation of its parts like one input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(toHex(sm3Concat(a, b))).toBe(toHex(sm3(Uint8Array.from([...a, ...b]))));
      }),
    );
  });

  it("agrees with sm-crypto-v2's JavaScript SM3 on any input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(toHex(sm3(data))).toBe(smCryptoV2Sm3(data));
      }),
    );
  });
});
