import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EncryptionContext, encodeEncryptionContext } from "../../../core/crypto/encryptionContext";
import { InvalidParameterError } from "../../../core/errors";
import { toHex } from "./support";

/** Reads an encoding back (test-only): if this inverts the encoder, the encoder is injective. */
function decodeContext(bytes: Uint8Array): Record<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const readString = () => {
    const length = view.getUint32(offset);
    offset += 4;
    const text = decoder.decode(bytes.subarray(offset, offset + length));
    offset += length;
    return text;
  };
  const count = view.getUint32(0);
  offset = 4;
  const out: Record<string, string> = {};
  let previous: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const keyStart = offset + 4;
    const key = readString();
    const keyBytes = bytes.subarray(keyStart, offset);
    if (previous !== undefined) expect(Buffer.compare(previous, keyBytes)).toBeLessThan(0);
    previous = keyBytes;
    Object.defineProperty(out, key, {
      value: readString(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  expect(offset).toBe(bytes.length);
  return out;
}

const textArb = fc.string({ unit: "grapheme", maxLength: 6 });
const smallTextArb = fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "\u{1F600}"), maxLength: 3 });
const contextArb = fc.dictionary(textArb, textArb, { maxKeys: 5 });
const smallContextArb = fc.dictionary(smallTextArb, smallTextArb, { maxKeys: 3 });

describe("EncryptionContext canonical encoding (DESIGN section 4)", () => {
  it("encodes no context and the empty context as a zero count", () => {
    expect(toHex(encodeEncryptionContext(undefined))).toBe("00000000");
    expect(toHex(encodeEncryptionContext({}))).toBe("00000000");
  });

  it("writes u32 count, then u32 len ‖ key ‖ u32 len ‖ value, big-endian UTF-8", () => {
    expect(toHex(encodeEncryptionContext({ k: "v" }))).toBe(
      "00000001" + "00000001" + "6b" + "00000001" + "76",
    );
    expect(toHex(encodeEncryptionContext({ b: "", a: "é" }))).toBe(
      "00000002" + "00000001" + "61" + "00000002" + "c3a9" + "00000001" + "62" + "00000000",
    );
  });

  it('tells {"ab":"c"} from {"a":"bc"}', () => {
    const left = toHex(encodeEncryptionContext({ ab: "c" }));
    const right = toHex(encodeEncryptionContext({ a: "bc" }));
    expect(left).not.toBe(right);
    expect(left).toBe("00000001" + "00000002" + "6162" + "00000001" + "63");
  });

  it("orders pairs by the keys' UTF-8 bytes, not by JavaScript's UTF-16 order", () => {
    // U+FF61 is EF BD A1 in UTF-8 and U+1F600 is F0 9F 98 80: U+FF61 first. In UTF-16, 0xD83D < 0xFF61: the reverse.
    const encoding = toHex(encodeEncryptionContext({ "\u{1F600}": "x", "\uFF61": "y" }));
    expect(encoding.indexOf("efbda1")).toBeLessThan(encoding.indexOf("f09f9880"));
    expect(["\u{1F600}", "\uFF61"].sort()[0]).toBe("\u{1F600}");
  });

  it("does not depend on the order the pairs were given in", () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        const reversed = Object.fromEntries(Object.entries(context).reverse());
        expect(encodeEncryptionContext(reversed)).toEqual(encodeEncryptionContext(context));
      }),
    );
  });

  it("is injective: every encoding reads back to its context", () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        expect(decodeContext(encodeEncryptionContext(context))).toEqual(context);
      }),
      { numRuns: 300 },
    );
  });

  it("is injective: distinct contexts over a tiny alphabet (many near-collisions) encode differently", () => {
    fc.assert(
      fc.property(smallContextArb, smallContextArb, (a, b) => {
        const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
        expect(toHex(encodeEncryptionContext(a)) === toHex(encodeEncryptionContext(b))).toBe(same);
      }),
      { numRuns: 1000 },
    );
  });

  it("Precondition: every context value is a string.", () => {
    const bad = { a: 1 } as unknown as EncryptionContext;
    expect(() => encodeEncryptionContext(bad)).toThrow(InvalidParameterError);
    expect(() => encodeEncryptionContext(bad)).toThrow(/EncryptionContext/);
  });

  it("Precondition: context keys and values are well-formed Unicode.", () => {
    // "\uD800" would become U+FFFD in UTF-8 and collide with a real U+FFFD.
    expect(() => encodeEncryptionContext({ "\uD800": "x" })).toThrow(InvalidParameterError);
    expect(() => encodeEncryptionContext({ x: "a\uDC00" })).toThrow(InvalidParameterError);
    expect(encodeEncryptionContext({ "\uFFFD": "\u{1F600}" })).toHaveLength(4 + 4 + 3 + 4 + 4);
  });
});
