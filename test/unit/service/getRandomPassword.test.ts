import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import {
  getRandomPassword,
  PASSWORD_CHARACTER_TYPES,
  type RandomPasswordInput,
} from "../../../core/service/getRandomPassword";

const secure = { randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };
const defaults: RandomPasswordInput = {
  passwordLength: 32,
  excludeLowercase: false,
  excludeUppercase: false,
  excludeNumbers: false,
  excludePunctuation: false,
  requireEachIncludedType: false,
};
const ALL = Object.values(PASSWORD_CHARACTER_TYPES).join("");

describe("getRandomPassword", () => {
  it("draws 32 characters from the 94 printable ASCII characters by default", () => {
    expect(ALL).toHaveLength(94);
    expect(new Set(ALL).size).toBe(94);
    const { randomPassword } = getRandomPassword(secure, defaults);
    expect(randomPassword).toHaveLength(32);
    for (const c of randomPassword) expect(ALL).toContain(c);
  });

  it("leaves out excluded types and characters, and includes each type when required (property)", () => {
    const typeNames = Object.keys(PASSWORD_CHARACTER_TYPES) as (keyof typeof PASSWORD_CHARACTER_TYPES)[];
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 128 }),
        fc.subarray(typeNames, { minLength: 1 }),
        fc.string({ unit: fc.constantFrom(...ALL), maxLength: 20 }),
        fc.boolean(),
        (length, included, excludeCharacters, requireEach) => {
          const input: RandomPasswordInput = {
            passwordLength: length,
            excludeCharacters,
            excludeLowercase: !included.includes("lowercase"),
            excludeUppercase: !included.includes("uppercase"),
            excludeNumbers: !included.includes("numbers"),
            excludePunctuation: !included.includes("punctuation"),
            requireEachIncludedType: requireEach,
          };
          const allowed = included
            .map((t) => [...PASSWORD_CHARACTER_TYPES[t]].filter((c) => !excludeCharacters.includes(c)))
            .filter((chars) => chars.length > 0);
          if (allowed.length === 0) {
            expect(() => getRandomPassword(secure, input)).toThrow(InvalidParameterError);
            return;
          }
          const { randomPassword } = getRandomPassword(secure, input);
          expect(randomPassword).toHaveLength(length);
          const alphabet = new Set(allowed.flat());
          expect([...randomPassword].every((c) => alphabet.has(c))).toBe(true);
          if (requireEach)
            expect(allowed.every((chars) => chars.some((c) => randomPassword.includes(c)))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the exclusions leave at least one character.", () => {
    const noLetters = {
      ...defaults,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    };
    const error = (() => {
      try {
        getRandomPassword(secure, { ...noLetters, excludeCharacters: "0123456789" });
      } catch (e) {
        return e as InvalidParameterError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error?.parameter).toBe("ExcludeCharacters");
    expect(() => getRandomPassword(secure, { ...noLetters, excludeNumbers: true })).toThrow(/no character/);
    expect(getRandomPassword(secure, { ...noLetters, excludeCharacters: "012345678" }).randomPassword).toBe(
      "99999999999999999999999999999999",
    );
  });

  it("maps random bytes without bias: every byte value below the cut-off picks each character equally often", () => {
    // Digits only: 10 characters, cut-off 250. Feed each byte value 0..255 exactly once.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    let fed = false;
    const deps = {
      randomBytes: (n: number) => {
        const out = new Uint8Array(n);
        if (!fed) out.set(all.subarray(0, n));
        fed = true;
        return out;
      },
    };
    const digitsOnly = {
      ...defaults,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    };
    const { randomPassword } = getRandomPassword(deps, { ...digitsOnly, passwordLength: 128 });
    // 256 bytes requested; the first 128 (0..127) are all below the cut-off and map to i % 10.
    expect(randomPassword).toBe(Array.from({ length: 128 }, (_, i) => String(i % 10)).join(""));
  });

  it("skips bytes at or above the cut-off", () => {
    const script = [255, 250, 251, 3, 249];
    const deps = { randomBytes: (n: number) => Uint8Array.from({ length: n }, () => script.shift() ?? 0) };
    const digitsOnly = {
      ...defaults,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    };
    expect(getRandomPassword(deps, { ...digitsOnly, passwordLength: 8 }).randomPassword).toBe("39000000");
  });

  it("wipes the random bytes it used", () => {
    const handed: Uint8Array[] = [];
    const deps = {
      randomBytes: (n: number) => {
        const bytes = new Uint8Array(randomBytes(n));
        handed.push(bytes);
        return bytes;
      },
    };
    getRandomPassword(deps, defaults);
    expect(handed.length).toBeGreaterThan(0);
    for (const bytes of handed) expect(bytes.every((b) => b === 0)).toBe(true);
  });
});
