import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalQuery, compareUtf8, singleValuedParameters } from "../../../core/auth/canonicalQuery";
import { InvalidParameterError } from "../../../core/errors";

describe("canonicalQuery", () => {
  it("sorts by the names' bytes and encodes names and values", () => {
    const params = new Map([
      ["b", "2"],
      ["a b", "x y"],
      ["B", "*"],
      ["a", ""],
    ]);
    expect(canonicalQuery(params)).toBe("B=%2A&a=&a%20b=x%20y&b=2");
  });

  it("orders by UTF-8 bytes, not by UTF-16 code units", () => {
    // U+FFFF is EF BF BF in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the surrogate D83D comes first.
    expect(["😀", "\uffff"].sort(compareUtf8)).toEqual(["\uffff", "😀"]);
    expect(
      canonicalQuery(
        new Map([
          ["😀", "1"],
          ["\uffff", "2"],
        ]),
      ),
    ).toBe("%EF%BF%BF=2&%F0%9F%98%80=1");
  });

  it("compares exactly as the UTF-8 bytes do (property)", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", "B", "~", "é", "\uE000", "\uFFFF", "😀", "𐀀"),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ unit: "binary" })),
        fc.oneof(text, fc.string({ unit: "binary" })),
        (a, b) => {
          expect(Math.sign(compareUtf8(a, b))).toBe(
            Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
          );
        },
      ),
    );
  });

  it("is empty for no parameters", () => {
    expect(canonicalQuery(new Map())).toBe("");
  });
});

describe("singleValuedParameters", () => {
  it("merges the query and the form body", () => {
    const merged = singleValuedParameters([{ a: ["1"] }, { b: ["2"] }]);
    expect([...merged]).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
  });

  it("Precondition: a parameter name is given at most once.", () => {
    expect(() => singleValuedParameters([{ a: ["1", "2"] }])).toThrow(InvalidParameterError);
    expect(() => singleValuedParameters([{ a: ["1"] }, { a: ["1"] }])).toThrow(/"a"/);
  });

  it("skips a name listed with no value", () => {
    expect(singleValuedParameters([{ a: [] }, { a: ["1"] }]).get("a")).toBe("1");
  });
});
