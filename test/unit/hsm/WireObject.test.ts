import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Problem, toBase64, WireObject } from "../../../core/hsm/WireObject";
import { detailOf } from "./protocolError";

/**
 * The check base64Problem replaced, kept here as the reference: the grouped regular expression of padded standard
 * base64, then decoding and encoding again (a non-canonical spelling does not come back unchanged).
 */
function referenceProblem(text: string): string | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return "is not base64";
  return Buffer.from(text, "base64").toString("base64") === text ? undefined : "is not canonical base64";
}

/** Strings near base64: its alphabet, padding, the URL-safe characters, whitespace and a non-ASCII letter. */
const nearBase64 = fc
  .array(fc.constantFrom(..."AQgw+/9z=-_ \nÅ"), { maxLength: 16 })
  .map((chars) => chars.join(""));

/** Canonical base64 with one character changed (often only the bits padding leaves over). */
const tweakedBase64 = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.constantFrom(..."ABCDEFGHQRgh+/="))
  .map(([bytes, at, replacement]) => {
    const text = toBase64(bytes);
    const index = at % text.length;
    return text.slice(0, index) + replacement + text.slice(index + 1);
  });

describe("WireObject", () => {
  it("base64Problem accepts exactly what toBase64 writes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64Problem(toBase64(bytes))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("base64Problem answers as decoding and encoding again would, for near-base64 and tweaked strings", () => {
    fc.assert(
      fc.property(fc.oneof(nearBase64, tweakedBase64), (text) => {
        expect(base64Problem(text)).toBe(referenceProblem(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("base64Problem tells malformed from non-canonical", () => {
    for (const malformed of ["QQ", "QQ=", "Q===", "====", "Q=Q=", "QQ==QQ==", "-_8=", "QQ==\n", "Å==="]) {
      expect(base64Problem(malformed), malformed).toBe("is not base64");
    }
    for (const nonCanonical of ["QR==", "QUJ=", "AB=="]) {
      expect(base64Problem(nonCanonical), nonCanonical).toBe("is not canonical base64");
    }
    expect(base64Problem("")).toBeUndefined();
    expect(base64Problem("QUI=")).toBeUndefined();
  });

  it("bytes decodes canonical base64 and names the field of anything else", () => {
    const wire = new WireObject({ a: "+/8=", b: "QR==", c: "QQ" }, "HSM request");
    expect(wire.bytes("a")).toEqual(Uint8Array.of(251, 255));
    expect(detailOf(() => wire.bytes("b"))).toBe('HSM request field "b" is not canonical base64');
    expect(detailOf(() => wire.bytes("c"))).toBe('HSM request field "c" is not base64');
  });

  it("done refuses the first field not read, even when another field was read twice", () => {
    const wire = new WireObject({ a: "x", extra: 1, more: 2 }, "HSM response");
    wire.string("a");
    wire.string("a");
    expect(detailOf(() => wire.done())).toBe('HSM response has an unknown field "extra"');
  });

  it("done passes once every field was read, and ignores inherited properties", () => {
    const inherited = Object.assign(Object.create({ inheritedField: 1 }), { a: "x" });
    const wire = new WireObject(inherited, "HSM response");
    wire.string("a");
    expect(() => wire.done()).not.toThrow();
  });

  it("a field that is absent is missing, and done still refuses the fields not read", () => {
    const wire = new WireObject({ b: 1 }, "HSM request");
    expect(detailOf(() => wire.any("a"))).toBe('HSM request field "a" is missing');
    expect(detailOf(() => wire.done())).toBe('HSM request has an unknown field "b"');
  });
});
