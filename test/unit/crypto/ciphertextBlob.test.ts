import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assembleCiphertextBlob,
  BLOB_V1_MIN_BYTES,
  blobAssociatedData,
  decodeCiphertextBlob,
  encodeBlobHeader,
  encodeCiphertextBlob,
} from "../../../core/crypto/ciphertextBlob";
import { encodeEncryptionContext } from "../../../core/crypto/encryptionContext";
import { bytesToUuid, isCanonicalUuid, uuidToBytes } from "../../../core/crypto/uuidBytes";
import { InternalCryptoError, InvalidCiphertextError } from "../../../core/errors";
import { fromHex, toHex } from "./support";

const KEY_ID = "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f";
const VERSION_ID = "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f";

const uuidArb = fc.uuid({ version: [1, 4, 5, 7] });
const fieldsArb = fc.record({
  suite: fc.constantFrom("AES_GCM" as const, "SM4_GCM" as const),
  keyId: uuidArb,
  versionId: uuidArb,
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  ciphertext: fc.uint8Array({ maxLength: 300 }),
  tag: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});

function expectOnlyInvalidCiphertext(bytes: Uint8Array): void {
  try {
    const decoded = decodeCiphertextBlob(bytes);
    // Whatever decodes must be a v1 blob that encodes back to exactly the same bytes.
    expect(encodeCiphertextBlob(decoded)).toEqual(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCiphertextError);
  }
}

describe("ciphertext blob v1 layout (DESIGN section 4)", () => {
  it("writes magic, version, suite, key id, version id, nonce, ciphertext, tag at the documented offsets", () => {
    const blob = encodeCiphertextBlob({
      suite: "SM4_GCM",
      keyId: KEY_ID,
      versionId: VERSION_ID,
      nonce: fromHex("a0a1a2a3a4a5a6a7a8a9aaab"),
      ciphertext: fromHex("c0c1c2"),
      tag: fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
    });
    expect(toHex(blob)).toBe(
      "4b57" +
        "01" +
        "02" +
        "0b1c2d3e4f50461788293a4b5c6d7e8f" +
        "f0e1d2c3b4a5469788796a5b4c3d2e1f" +
        "a0a1a2a3a4a5a6a7a8a9aaab" +
        "c0c1c2" +
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    );
    expect(blob[3]).toBe(2);
    expect(encodeBlobHeader({ suite: "AES_GCM", keyId: KEY_ID, versionId: VERSION_ID })[3]).toBe(1);
  });

  it("decodes the same fields back, with a copy of bytes 0-35 as the header", () => {
    const fields = {
      suite: "AES_GCM" as const,
      keyId: KEY_ID,
      versionId: VERSION_ID,
      nonce: new Uint8Array(12).fill(7),
      ciphertext: new Uint8Array(0),
      tag: new Uint8Array(16).fill(9),
    };
    const blob = encodeCiphertextBlob(fields);
    expect(blob).toHaveLength(BLOB_V1_MIN_BYTES);
    const decoded = decodeCiphertextBlob(blob);
    expect(decoded).toMatchObject({ ...fields, formatVersion: 1 });
    expect(decoded.header).toEqual(blob.subarray(0, 36));
    decoded.header.fill(0);
    decoded.tag.fill(0);
    expect(blob[0]).toBe(0x4b);
    expect(blob[blob.length - 1]).toBe(9);
  });

  it("uses bytes 0-35 followed by the context encoding as associated data", () => {
    const header = encodeBlobHeader({ suite: "AES_GCM", keyId: KEY_ID, versionId: VERSION_ID });
    const aad = blobAssociatedData(header, { k: "v" });
    expect(toHex(aad)).toBe(toHex(header) + toHex(encodeEncryptionContext({ k: "v" })));
    expect(toHex(blobAssociatedData(header, undefined))).toBe(`${toHex(header)}00000000`);
  });
});

describe("ciphertext blob properties", () => {
  it("round-trips: decode(encode(fields)) gives the fields back", () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        const decoded = decodeCiphertextBlob(encodeCiphertextBlob(fields));
        expect(decoded).toMatchObject({ ...fields, formatVersion: 1 });
        expect(decoded.header).toEqual(encodeBlobHeader(fields));
      }),
      { numRuns: 300 },
    );
  });

  it("decoding arbitrary bytes fails only with InvalidCiphertextError", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), expectOnlyInvalidCiphertext), { numRuns: 2000 });
  });

  it("decoding arbitrary bytes behind a valid magic and version fails only with InvalidCiphertextError", () => {
    const prefixed = fc
      .tuple(fc.constantFrom(0, 1, 2, 3, 255), fc.uint8Array({ maxLength: 120 }))
      .map(([suite, rest]) => Uint8Array.from([0x4b, 0x57, 1, suite, ...rest]));
    fc.assert(fc.property(prefixed, expectOnlyInvalidCiphertext), { numRuns: 2000 });
  });

  it("decoding a truncated, extended or mutated valid blob fails only with InvalidCiphertextError", () => {
    const mutated = fc
      .tuple(fieldsArb, fc.nat(), fc.integer({ min: -80, max: 8 }), fc.nat(255))
      .map(([fields, at, cut, value]) => {
        const blob = encodeCiphertextBlob(fields);
        blob[at % blob.length] = value;
        return cut >= 0
          ? Uint8Array.from([...blob, ...new Uint8Array(cut)])
          : blob.subarray(0, blob.length + cut);
      });
    fc.assert(fc.property(mutated, expectOnlyInvalidCiphertext), { numRuns: 2000 });
  });

  it("maps UUIDs to 16 bytes and back", () => {
    fc.assert(
      fc.property(uuidArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), (uuid, bytes) => {
        expect(bytesToUuid(uuidToBytes(uuid))).toBe(uuid);
        expect(uuidToBytes(bytesToUuid(bytes))).toEqual(bytes);
        expect(isCanonicalUuid(bytesToUuid(bytes))).toBe(true);
      }),
    );
  });
});

describe("ciphertext blob preconditions", () => {
  const valid = encodeCiphertextBlob({
    suite: "AES_GCM",
    keyId: KEY_ID,
    versionId: VERSION_ID,
    nonce: new Uint8Array(12),
    ciphertext: new Uint8Array(3),
    tag: new Uint8Array(16),
  });

  it("Precondition: the blob is long enough to hold magic and version.", () => {
    for (const length of [0, 1, 2])
      expect(() => decodeCiphertextBlob(valid.subarray(0, length))).toThrow(InvalidCiphertextError);
    expect(() => decodeCiphertextBlob("KW\u0001" as unknown as Uint8Array)).toThrow(InvalidCiphertextError);
  });

  it('Precondition: the blob starts with the magic "KW".', () => {
    for (const [at, value] of [
      [0, 0x4a],
      [1, 0x56],
      [0, 0x6b],
    ] as const) {
      const bad = Uint8Array.from(valid);
      bad[at] = value;
      expect(() => decodeCiphertextBlob(bad)).toThrow(InvalidCiphertextError);
    }
  });

  it("Precondition: the format version is one this code reads.", () => {
    for (const version of [0, 2, 3, 0x81, 255]) {
      const bad = Uint8Array.from(valid);
      bad[2] = version;
      expect(() => decodeCiphertextBlob(bad)).toThrow(InvalidCiphertextError);
    }
  });

  it("Precondition: a v1 blob holds at least header, nonce and tag.", () => {
    expect(decodeCiphertextBlob(valid.subarray(0, 64)).ciphertext).toHaveLength(0);
    for (const length of [3, 36, 48, 63]) {
      expect(() => decodeCiphertextBlob(valid.subarray(0, length))).toThrow(InvalidCiphertextError);
    }
  });

  it("Precondition: the suite byte names a known suite.", () => {
    for (const suite of [0, 3, 4, 0x81, 255]) {
      const bad = Uint8Array.from(valid);
      bad[3] = suite;
      expect(() => decodeCiphertextBlob(bad)).toThrow(InvalidCiphertextError);
    }
  });

  it("Precondition: the blob's nonce is 12 bytes and its tag 16 bytes.", () => {
    const base = {
      suite: "AES_GCM" as const,
      keyId: KEY_ID,
      versionId: VERSION_ID,
      ciphertext: new Uint8Array(1),
    };
    expect(() =>
      encodeCiphertextBlob({ ...base, nonce: new Uint8Array(11), tag: new Uint8Array(16) }),
    ).toThrow(InternalCryptoError);
    expect(() =>
      encodeCiphertextBlob({ ...base, nonce: new Uint8Array(12), tag: new Uint8Array(15) }),
    ).toThrow(InternalCryptoError);
  });

  it("Precondition: the blob's header is 36 bytes.", () => {
    const header = encodeBlobHeader({ suite: "AES_GCM", keyId: KEY_ID, versionId: VERSION_ID });
    const sealed = { nonce: new Uint8Array(12), ciphertext: new Uint8Array(3), tag: new Uint8Array(16) };
    expect(assembleCiphertextBlob(header, sealed)).toEqual(valid);
    expect(() => assembleCiphertextBlob(header.subarray(0, 35), sealed)).toThrow(InternalCryptoError);
    expect(() => assembleCiphertextBlob(new Uint8Array(37), sealed)).toThrow(InternalCryptoError);
  });

  it("uuidToBytes accepts exactly the canonical form (UUIDs with one character changed)", () => {
    const alphabet = fc.constantFrom(..."0123456789abcdefABCDEFg-_ é");
    const mutated = fc
      .tuple(fc.uuid(), fc.nat(35), alphabet)
      .map(([uuid, at, c]) => `${uuid.slice(0, at)}${c}${uuid.slice(at + 1)}`);
    fc.assert(
      fc.property(mutated, (text) => {
        if (isCanonicalUuid(text)) expect(bytesToUuid(uuidToBytes(text))).toBe(text);
        else expect(() => uuidToBytes(text)).toThrow(InternalCryptoError);
      }),
      { numRuns: 2000 },
    );
  });

  it("Precondition: the header is the blob's 36 first bytes.", () => {
    expect(() => blobAssociatedData(valid.subarray(0, 35), {})).toThrow(InternalCryptoError);
    expect(() => blobAssociatedData(valid.subarray(0, 37), {})).toThrow(InternalCryptoError);
    expect(blobAssociatedData(valid.subarray(0, 36), {})).toHaveLength(40);
  });

  it("Precondition: the id is a canonical lower-case UUID.", () => {
    for (const id of [
      "",
      "not-a-uuid",
      KEY_ID.toUpperCase(),
      KEY_ID.replaceAll("-", ""),
      `${KEY_ID}0`,
      ` ${KEY_ID}`,
    ]) {
      expect(() => uuidToBytes(id)).toThrow(InternalCryptoError);
      expect(() => encodeBlobHeader({ suite: "AES_GCM", keyId: id, versionId: VERSION_ID })).toThrow(
        InternalCryptoError,
      );
    }
  });

  it("Precondition: a UUID is 16 bytes.", () => {
    expect(() => bytesToUuid(new Uint8Array(15))).toThrow(InternalCryptoError);
    expect(() => bytesToUuid(new Uint8Array(17))).toThrow(InternalCryptoError);
    expect(bytesToUuid(new Uint8Array(16))).toBe("00000000-0000-0000-0000-000000000000");
  });
});
