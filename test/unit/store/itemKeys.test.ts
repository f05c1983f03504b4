import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import {
  accessKeyPk,
  aliasesOfKeyPk,
  aliasPk,
  assertIdentifier,
  assertName,
  keyPk,
  noncePk,
} from "../../../core/store/itemKeys";
import { identifier } from "./keyRecordArbitrary";

const name = fc.string({ minLength: 1, maxLength: 40 });

describe("item keys", () => {
  it("gives distinct keys to distinct (account, key) pairs, so no account reaches another's key (property)", () => {
    fc.assert(
      fc.property(identifier, identifier, identifier, identifier, (a1, k1, a2, k2) => {
        fc.pre(a1 !== a2 || k1 !== k2);
        expect(keyPk(a1, k1)).not.toBe(keyPk(a2, k2));
        expect(aliasesOfKeyPk(a1, k1)).not.toBe(aliasesOfKeyPk(a2, k2));
      }),
      { numRuns: 500 },
    );
  });

  it("gives distinct keys to distinct (account, alias) and (AccessKey, nonce) pairs (property)", () => {
    fc.assert(
      fc.property(identifier, name, identifier, name, (a1, n1, a2, n2) => {
        fc.pre(a1 !== a2 || n1 !== n2);
        expect(aliasPk(a1, n1)).not.toBe(aliasPk(a2, n2));
        expect(noncePk(a1, n1)).not.toBe(noncePk(a2, n2));
      }),
      { numRuns: 500 },
    );
  });

  it("finds the account id at the same place in every account-scoped key", () => {
    expect(keyPk("111", "k")).toBe("ACCT#111#KEY#k");
    expect(aliasPk("111", "alias/a#b")).toBe("ACCT#111#ALIAS#alias/a#b");
    expect(aliasesOfKeyPk("111", "k")).toBe("ACCT#111#KEY#k#ALIASES");
    expect(accessKeyPk("LTAI1")).toBe("ACCESSKEY#LTAI1");
    expect(noncePk("LTAI1", "n#1")).toBe("NONCE#LTAI1#n#1");
  });

  it('an identifier in a storage key is 1 to 128 characters without "#".', () => {
    for (const bad of ["", "a#b", "x".repeat(129)]) {
      expect(() => assertIdentifier(bad, "KeyId")).toThrow(InvalidParameterError);
      expect(() => keyPk("acct", bad)).toThrow(InvalidParameterError);
      expect(() => keyPk(bad, "key")).toThrow(InvalidParameterError);
      expect(() => accessKeyPk(bad)).toThrow(InvalidParameterError);
    }
    expect(() => assertIdentifier("x".repeat(128), "KeyId")).not.toThrow();
  });

  it("a name in a storage key is 1 to 1024 UTF-8 bytes.", () => {
    expect(() => assertName("", "AliasName")).toThrow(InvalidParameterError);
    expect(() => assertName("é".repeat(513), "AliasName")).toThrow(InvalidParameterError);
    expect(() => noncePk("ak", "n".repeat(1025))).toThrow(InvalidParameterError);
    expect(() => assertName("é".repeat(512), "AliasName")).not.toThrow();
  });
});
