import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { assertHsmKeyLabel, hsmKeyLabel, hsmObjectLabel } from "../../../core/hsm/hsmKeyLabel";

const part = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);

describe("HSM key labels", () => {
  it("names account, key and version: kw:<account>:<keyId>:<versionId>", () => {
    const label = hsmKeyLabel({ accountId: "1234", keyId: "k-1", versionId: "v.1" });
    expect(label).toBe("kw:1234:k-1:v.1");
    expect(hsmObjectLabel(label, "secret")).toBe(label);
    expect(hsmObjectLabel(label, "private")).toBe("kw:1234:k-1:v.1:private");
    expect(hsmObjectLabel(label, "public")).toBe("kw:1234:k-1:v.1:public");
  });

  it("labels of different key versions never collide, and every label passes assertHsmKeyLabel", () => {
    fc.assert(
      fc.property(fc.tuple(part, part, part), fc.tuple(part, part, part), (a, b) => {
        const la = hsmKeyLabel({ accountId: a[0], keyId: a[1], versionId: a[2] });
        const lb = hsmKeyLabel({ accountId: b[0], keyId: b[1], versionId: b[2] });
        expect(la === lb).toBe(a.join() === b.join());
        expect(assertHsmKeyLabel(la)).toBe(la);
      }),
    );
  });

  it("Precondition: every part of an HSM label is a plain identifier without ':'", () => {
    for (const accountId of ["", "a:b", "a b", "x".repeat(65), "ünï"]) {
      expect(() => hsmKeyLabel({ accountId, keyId: "k", versionId: "v" }), accountId).toThrow(
        InvalidParameterError,
      );
    }
    expect(() => hsmKeyLabel({ accountId: "a", keyId: "k:private", versionId: "v" })).toThrow(/"KeyId"/);
  });

  it("Precondition: an HSM key label has the form kw:<account>:<keyId>:<versionId>", () => {
    for (const label of ["", "kw:a:b", "kw:a:b:c:private", "KW:a:b:c", "kw::b:c", " kw:a:b:c"]) {
      expect(() => assertHsmKeyLabel(label), label).toThrow(InvalidParameterError);
    }
  });
});
