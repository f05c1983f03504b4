import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import {
  base64,
  boolean,
  codePointLength,
  integer,
  oneOf,
  text,
  utf8,
} from "../../../functions/lib/paramTypes";
import { thrown } from "./apiEvent";

function rejects(fn: () => unknown, parameter: string, detail?: RegExp): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidParameterError);
  expect((error as InvalidParameterError).parameter).toBe(parameter);
  expect((error as InvalidParameterError).code).toBe("InvalidParameter");
  if (detail) expect((error as Error).message).toMatch(detail);
}

describe("text", () => {
  const type = text({ min: 2, max: 5 });
  it("a string parameter has between min and max characters.", () => {
    expect(type.parse("ab", "Name")).toBe("ab");
    expect(type.parse("abcde", "Name")).toBe("abcde");
    rejects(() => type.parse("a", "Name"), "Name", /2 to 5 characters/);
    rejects(() => type.parse("abcdef", "Name"), "Name");
    // Characters are code points: five emoji are five characters, not ten UTF-16 units.
    expect(type.parse("😀😀😀😀😀", "Name")).toBe("😀😀😀😀😀");
    rejects(() => type.parse("x".repeat(100_000), "Name"), "Name");
  });
  it("a string parameter with a pattern matches it.", () => {
    const alias = text({ max: 20, pattern: /^alias\/[a-z]+$/, patternHint: "alias/<name>" });
    expect(alias.parse("alias/abc", "AliasName")).toBe("alias/abc");
    rejects(() => alias.parse("key/abc", "AliasName"), "AliasName", /alias\/<name>/);
  });
  it("counts code points", () => {
    expect(codePointLength("a😀b")).toBe(3);
  });
});

describe("oneOf", () => {
  it("an enumerated parameter is one of its values.", () => {
    const type = oneOf(["SOFTWARE", "HSM"]);
    expect(type.parse("HSM", "ProtectionLevel")).toBe("HSM");
    rejects(() => type.parse("hsm", "ProtectionLevel"), "ProtectionLevel", /SOFTWARE, HSM/);
  });
});

describe("integer", () => {
  const type = integer({ min: 7, max: 366 });
  it("an integer parameter is a decimal integer within its range.", () => {
    expect(type.parse("7", "PendingWindowInDays")).toBe(7);
    expect(type.parse("366", "PendingWindowInDays")).toBe(366);
    expect(type.parse("+30", "PendingWindowInDays")).toBe(30);
    for (const bad of ["6", "367", "7.5", "1e2", "0x10", " 7", "seven", "-7", "99999999999"]) {
      rejects(() => type.parse(bad, "PendingWindowInDays"), "PendingWindowInDays", /7 to 366/);
    }
  });
  it("accepts exactly the integers of its range (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        const accepted = n >= 7 && n <= 366;
        if (accepted) expect(type.parse(String(n), "P")).toBe(n);
        else expect(() => type.parse(String(n), "P")).toThrow(InvalidParameterError);
      }),
    );
  });
});

describe("boolean", () => {
  it('a boolean parameter is "true" or "false".', () => {
    expect(boolean().parse("true", "DryRun")).toBe(true);
    expect(boolean().parse("False", "DryRun")).toBe(false);
    for (const bad of ["1", "yes", "truee", "0"]) rejects(() => boolean().parse(bad, "DryRun"), "DryRun");
  });
});

describe("base64", () => {
  const type = base64({ min: 2, max: 4 });
  it("a base64 parameter is padded standard base64.", () => {
    expect([...type.parse("AQI=", "Digest")]).toEqual([1, 2]);
    for (const bad of ["AQI", "AQI-", "A QI=", "AQ==AQ==", "Zm9v_", "%%%%"]) {
      rejects(() => type.parse(bad, "Digest"), "Digest", /base64/);
    }
    rejects(() => type.parse("A".repeat(10_000), "Digest"), "Digest", /at most 4 bytes/);
  });
  it("a base64 parameter decodes to between min and max bytes.", () => {
    rejects(() => type.parse("AQ==", "Digest"), "Digest", /2 to 4 bytes/);
    expect(type.parse("AQIDBA==", "Digest").length).toBe(4);
    rejects(() => type.parse("AQIDBAU=", "Digest"), "Digest", /2 to 4 bytes/);
  });
  it("round-trips any bytes in range (property)", () => {
    const wide = base64({ max: 64 });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        expect([...wide.parse(Buffer.from(bytes).toString("base64"), "P")]).toEqual([...bytes]);
      }),
    );
  });
});

describe("utf8", () => {
  const type = utf8({ maxBytes: 6 });
  it("a UTF-8 parameter encodes to at most maxBytes bytes.", () => {
    expect(new TextDecoder().decode(type.parse("héllo", "Plaintext"))).toBe("héllo");
    expect(type.parse("€€", "Plaintext").length).toBe(6);
    rejects(() => type.parse("€€a", "Plaintext"), "Plaintext", /at most 6 bytes/);
    rejects(() => type.parse("abcdefg", "Plaintext"), "Plaintext");
  });
});
