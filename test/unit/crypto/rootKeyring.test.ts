import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KEY_MATERIAL_PURPOSE,
  parseRootKeyring,
  RootKeyring,
  rewrapMaterial,
  unwrapMaterial,
  unwrapSecret,
  wrapMaterial,
  wrapSecret,
} from "../../../core/crypto/rootKeyring";
import { InternalCryptoError } from "../../../core/errors";
import type { KeyVersionIdentity } from "../../../core/keys/KeyRecord";
import { counterRandom } from "./support";

const random = counterRandom(7);
const keyA = new Uint8Array(32).fill(0xa1);
const keyB = new Uint8Array(32).fill(0xb2);
const ringA = RootKeyring.fromKeys("root-a", { "root-a": keyA });
const identity: KeyVersionIdentity = {
  accountId: "1234567890123456",
  keyId: "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f",
  versionId: "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f",
  keySpec: "Aliyun_AES_256",
};
const material = Uint8Array.from({ length: 32 }, (_, i) => i);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function expectReason(run: () => unknown, reason: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InternalCryptoError);
    expect((error as InternalCryptoError).reason).toMatch(reason);
    expect((error as InternalCryptoError).code).toBe("InternalFailure");
    expect((error as InternalCryptoError).message).toBe("Internal Failure.");
    return;
  }
  expect.fail("expected an InternalCryptoError");
}

describe("root-key wrapping of key material (DESIGN section 7)", () => {
  it("unwraps what it wrapped, under the primary root key, as 1 + 12 + n + 16 bytes", () => {
    const ref = wrapMaterial(ringA, identity, material, random);
    expect(ref.rootKeyId).toBe("root-a");
    expect(ref.wrapped).toHaveLength(1 + 12 + 32 + 16);
    expect(ref.wrapped[0]).toBe(1);
    expect(Buffer.from(ref.wrapped).includes(Buffer.from(material))).toBe(false);
    expect(unwrapMaterial(ringA, identity, ref)).toEqual(material);
  });

  it("refuses to unwrap for any other account, key, version or KeySpec", () => {
    const ref = wrapMaterial(ringA, identity, material, random);
    const others: KeyVersionIdentity[] = [
      { ...identity, accountId: "1234567890123457" },
      { ...identity, keyId: "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e80" },
      { ...identity, versionId: identity.keyId },
      { ...identity, keySpec: "Aliyun_AES_128" },
      // Shifting characters between fields must not help either (the AAD encoding is injective).
      { ...identity, accountId: `${identity.accountId}0`, keyId: identity.keyId.slice(1) },
    ];
    for (const other of others) expectReason(() => unwrapMaterial(ringA, other, ref), /does not unwrap/);
  });

  it("binds the purpose: wrapped material does not unwrap as another kind of secret with the same context", () => {
    const context = [identity.accountId, identity.keyId, identity.versionId, identity.keySpec];
    const ref = wrapMaterial(ringA, identity, material, random);
    expect(unwrapSecret(ringA, KEY_MATERIAL_PURPOSE, context, ref)).toEqual(material);
    expectReason(() => unwrapSecret(ringA, "access-key-secret", context, ref), /does not unwrap/);
    const secret = wrapSecret(ringA, "access-key-secret", context, material, random);
    expectReason(() => unwrapMaterial(ringA, identity, secret), /does not unwrap/);
  });

  it("refuses any wrapped bytes with a flipped bit", () => {
    const ref = wrapMaterial(ringA, identity, material, random);
    fc.assert(
      fc.property(fc.nat(ref.wrapped.length - 1), fc.nat(7), (at, bit) => {
        const wrapped = Uint8Array.from(ref.wrapped);
        wrapped[at] = (wrapped[at] as number) ^ (1 << bit);
        expect(() => unwrapMaterial(ringA, identity, { ...ref, wrapped })).toThrow(InternalCryptoError);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a root key id that is not in the keyring", () => {
    const ref = wrapMaterial(ringA, identity, material, random);
    expectReason(
      () => unwrapMaterial(ringA, identity, { ...ref, rootKeyId: "root-z" }),
      /"root-z" is not in the keyring/,
    );
  });

  it("after a rotation wraps under the new primary and still unwraps under the old key", () => {
    const old = wrapMaterial(ringA, identity, material, random);
    const rotated = ringA.withKey("root-b", keyB, { primary: true });
    expect(rotated.primaryId).toBe("root-b");
    expect(ringA.primaryId).toBe("root-a");
    const fresh = wrapMaterial(rotated, identity, material, random);
    expect(fresh.rootKeyId).toBe("root-b");
    expect(unwrapMaterial(rotated, identity, old)).toEqual(material);
    expect(unwrapMaterial(rotated, identity, fresh)).toEqual(material);
    expectReason(() => unwrapMaterial(ringA, identity, fresh), /"root-b" is not in the keyring/);
    // A wrapping moved to the other root key id does not authenticate under it.
    expectReason(() => unwrapMaterial(rotated, identity, { ...old, rootKeyId: "root-b" }), /does not unwrap/);
  });

  it("Precondition: the wrapping purpose is a non-empty string.", () => {
    expectReason(() => wrapSecret(ringA, "", ["x"], material, random), /purpose is empty/);
    expect(wrapSecret(ringA, "p", [], material, random).rootKeyId).toBe("root-a");
  });

  it("Precondition: every wrapping context string is well-formed Unicode.", () => {
    expectReason(() => wrapSecret(ringA, "p", ["ok", "\uD800"], material, random), /not well-formed/);
    expectReason(() => wrapSecret(ringA, "p", [1 as unknown as string], material, random), /not well-formed/);
  });

  it("Precondition: the wrapped secret has the known format byte and room for nonce and tag.", () => {
    const ref = wrapMaterial(ringA, identity, material, random);
    const otherFormat = Uint8Array.from(ref.wrapped);
    otherFormat[0] = 2;
    expectReason(() => unwrapMaterial(ringA, identity, { ...ref, wrapped: otherFormat }), /malformed/);
    expectReason(
      () => unwrapMaterial(ringA, identity, { ...ref, wrapped: ref.wrapped.subarray(0, 28) }),
      /malformed/,
    );
    // An empty secret wraps to exactly 29 bytes, which is still accepted.
    const empty = wrapMaterial(ringA, identity, new Uint8Array(0), random);
    expect(empty.wrapped).toHaveLength(29);
    expect(unwrapMaterial(ringA, identity, empty)).toHaveLength(0);
  });
});

describe("rewrapMaterial (root-key rotation)", () => {
  it("moves material to the primary root key, leaves it alone when it is there, and needs the old key", () => {
    const underA = wrapMaterial(ringA, identity, material, random);
    const rotated = ringA.withKey("root-b", keyB, { primary: true });
    const underB = rewrapMaterial(rotated, identity, underA, random);
    expect(underB.rootKeyId).toBe("root-b");
    const onlyB = RootKeyring.fromKeys("root-b", { "root-b": keyB });
    expect(unwrapMaterial(onlyB, identity, underB)).toEqual(material);
    expect(rewrapMaterial(rotated, identity, underB, random)).toBe(underB);
    // Bound to the same identity as before: another version's identity does not unwrap it.
    expectReason(
      () => unwrapMaterial(onlyB, { ...identity, versionId: identity.keyId }, underB),
      /does not unwrap/,
    );
    expectReason(() => rewrapMaterial(onlyB, identity, underA, random), /root-a/);
  });
});

describe("RootKeyring", () => {
  it("keeps copies of its keys and never shows them in JSON or inspection", () => {
    const source = new Uint8Array(32).fill(0x5a);
    const ring = RootKeyring.fromKeys("k1", { k1: source });
    source.fill(0);
    expect(ring.key("k1")[0]).toBe(0x5a);
    const shown = `${JSON.stringify(ring)} ${inspect(ring)} ${String(inspect({ nested: ring }))}`;
    expect(shown).toContain("k1");
    expect(shown).not.toContain(b64(ring.key("k1")));
    expect(shown).not.toMatch(/90, 90|5a5a/);
  });

  it("serializes to the text parseRootKeyring reads, and back", () => {
    const ring = RootKeyring.generate("gen-1", counterRandom(3)).withKey("gen-2", keyB, { primary: false });
    const parsed = parseRootKeyring(ring.serialize());
    expect(parsed.primaryId).toBe("gen-1");
    expect(parsed.ids).toEqual(["gen-1", "gen-2"]);
    expect(parsed.key("gen-1")).toEqual(ring.key("gen-1"));
    expect(parsed.key("gen-2")).toEqual(keyB);
  });

  it("destroy() wipes every key, after which nothing unwraps", () => {
    const ring = RootKeyring.fromKeys("d", { d: keyA });
    const ref = wrapMaterial(ring, identity, material, random);
    ring.destroy();
    expect(ring.key("d").every((b) => b === 0)).toBe(true);
    expect(() => unwrapMaterial(ring, identity, ref)).toThrow(InternalCryptoError);
  });

  it("Precondition: every root key id is well-formed.", () => {
    for (const id of ["", "-lead", "has space", "a/b", "x".repeat(65), "__proto__"]) {
      expectReason(() => RootKeyring.fromKeys("k", { k: keyA, [id]: keyB }), /malformed root key id/);
    }
    expect(RootKeyring.fromKeys("A.b_c-9", { "A.b_c-9": keyA }).ids).toEqual(["A.b_c-9"]);
  });

  it("Precondition: every root key is 32 bytes.", () => {
    expectReason(() => RootKeyring.fromKeys("k", { k: new Uint8Array(16) }), /"k" is not 32 bytes/);
    expectReason(() => RootKeyring.generate("g", () => new Uint8Array(31)), /"g" is not 32 bytes/);
  });

  it("Precondition: the primary root key is in the keyring.", () => {
    expectReason(() => RootKeyring.fromKeys("missing", { k: keyA }), /primary root key "missing"/);
  });

  it("Precondition: a root key id is never reused.", () => {
    expectReason(() => ringA.withKey("root-a", keyB, { primary: true }), /"root-a" already exists/);
  });

  it("Precondition: the named root key is in the keyring.", () => {
    expectReason(() => ringA.key("nope"), /"nope" is not in the keyring/);
    expect(ringA.has("root-a")).toBe(true);
    expect(ringA.has("nope")).toBe(false);
  });
});

describe("parseRootKeyring", () => {
  const good = { primary: "k2", keys: { k1: b64(keyA), k2: b64(keyB) } };

  it("reads the documented JSON form", () => {
    const ring = parseRootKeyring(JSON.stringify(good));
    expect(ring.primaryId).toBe("k2");
    expect(ring.key("k1")).toEqual(keyA);
    expect(ring.key("k2")).toEqual(keyB);
  });

  it("never quotes the text (which holds the keys) in a parse error", () => {
    const secretish = b64(keyA);
    for (const text of [
      `{"primary":"k1","keys":{"k1":"${secretish}"`,
      `${secretish}`,
      `{"keys":{"k1":"${secretish}"}}`,
    ]) {
      try {
        parseRootKeyring(text);
        expect.fail("expected a failure");
      } catch (error) {
        const all = `${(error as Error).message} ${(error as InternalCryptoError).reason} ${String((error as Error).cause)}`;
        expect(all).not.toContain(secretish.slice(0, 12));
      }
    }
  });

  it("Precondition: the keyring is a JSON object.", () => {
    expectReason(() => parseRootKeyring("{"), /not valid JSON/);
    for (const text of ["[]", "null", '"x"', "42"])
      expectReason(() => parseRootKeyring(text), /not a JSON object/);
  });

  it("Precondition: the keyring has no unknown field.", () => {
    expectReason(
      () => parseRootKeyring(JSON.stringify({ ...good, primaryId: "k1" })),
      /unknown field\(s\) "primaryId"/,
    );
  });

  it("Precondition: the keyring names its primary key.", () => {
    expectReason(() => parseRootKeyring(JSON.stringify({ keys: good.keys })), /"primary" must be/);
    expectReason(() => parseRootKeyring(JSON.stringify({ ...good, primary: "" })), /"primary" must be/);
    expectReason(() => parseRootKeyring(JSON.stringify({ ...good, primary: "k9" })), /primary root key "k9"/);
  });

  it("Precondition: the keyring holds at least one key.", () => {
    for (const keys of [undefined, {}, [], "k1", null]) {
      expectReason(
        () => parseRootKeyring(JSON.stringify({ primary: "k1", keys })),
        /"keys" must be an object/,
      );
    }
  });

  it("Precondition: each root key id is well-formed.", () => {
    expectReason(
      () => parseRootKeyring(JSON.stringify({ primary: "k1", keys: { k1: b64(keyA), "bad id": b64(keyB) } })),
      /malformed root key id "bad id"/,
    );
    expectReason(
      () => parseRootKeyring(`{"primary":"k1","keys":{"k1":"${b64(keyA)}","__proto__":"${b64(keyB)}"}}`),
      /malformed root key id "__proto__"/,
    );
  });

  it("Precondition: each root key is the canonical base64 of 32 bytes.", () => {
    const cases = [
      b64(new Uint8Array(31)),
      b64(new Uint8Array(33)),
      b64(keyA).replace("=", ""),
      `${b64(keyA).slice(0, 42)}B=`, // non-zero padding bits: not canonical
      b64(keyA).replaceAll("o", "-"),
      ` ${b64(keyA)}`,
      32,
    ];
    for (const value of cases) {
      expectReason(
        () => parseRootKeyring(JSON.stringify({ primary: "k1", keys: { k1: value } })),
        /"k1" is not the base64/,
      );
    }
  });
});
