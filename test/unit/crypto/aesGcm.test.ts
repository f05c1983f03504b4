import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aesGcmOpen, aesGcmSeal } from "../../../core/crypto/aesGcm";
import { InternalCryptoError, InvalidCiphertextError } from "../../../core/errors";
import {
  checkWycheproofGcm,
  fromHex,
  loadVector,
  refusedOtherNonces,
  toHex,
  type WycheproofAeadFile,
} from "./support";

interface McGrewViegaFile {
  readonly source: string;
  readonly tests: readonly {
    readonly case: number;
    readonly key: string;
    readonly iv: string;
    readonly pt: string;
    readonly aad: string;
    readonly ct: string;
    readonly tag: string;
  }[];
}

const mcgrewViega = loadVector<McGrewViegaFile>("aes-gcm/mcgrew-viega-gcm.json");
const wycheproof = loadVector<WycheproofAeadFile>("aes-gcm/aes_gcm_test.json");
const standardShape = wycheproof.testGroups.filter((g) => g.ivSize === 96 && g.tagSize === 128);

describe("AES-GCM known answers: McGrew-Viega test cases (NIST SP 800-38D)", () => {
  it("holds the eight cases of test-vectors.md section 5", () => {
    expect(mcgrewViega.tests.map((t) => t.case)).toEqual([1, 2, 3, 4, 13, 14, 15, 16]);
  });

  for (const t of mcgrewViega.tests) {
    it(`case ${t.case}: seals to the published ciphertext and tag, and opens back`, () => {
      const sealed = aesGcmSeal(fromHex(t.key), fromHex(t.iv), fromHex(t.pt), fromHex(t.aad));
      expect(toHex(sealed.ciphertext)).toBe(t.ct);
      expect(toHex(sealed.tag)).toBe(t.tag);
      const opened = aesGcmOpen(fromHex(t.key), fromHex(t.iv), fromHex(t.ct), fromHex(t.tag), fromHex(t.aad));
      expect(toHex(opened)).toBe(t.pt);
    });
  }
});

describe("AES-GCM: Wycheproof aes_gcm_test.json", () => {
  it("has the 96-bit nonce / 128-bit tag cases for all three key sizes", () => {
    const count = standardShape.reduce((n, g) => n + g.tests.length, 0);
    expect(count).toBe(197);
    expect(new Set(standardShape.map((g) => g.keySize))).toEqual(new Set([128, 192, 256]));
  });

  it("opens every valid case and re-seals it to the same bytes; every invalid case fails", () => {
    const { valid, invalid } = checkWycheproofGcm(
      wycheproof,
      { seal: aesGcmSeal, open: aesGcmOpen },
      InvalidCiphertextError,
    );
    expect([valid, invalid]).toEqual([116, 81]);
  });

  it("refuses every case whose nonce is not 96 bits, valid or not", () => {
    const refused = refusedOtherNonces(wycheproof, aesGcmOpen, InvalidCiphertextError);
    expect(refused).toBeGreaterThan(90);
  });
});

describe("AES-GCM preconditions", () => {
  const nonce = new Uint8Array(12);
  const tag = new Uint8Array(16);
  const empty = new Uint8Array(0);

  it("Precondition: the AES key is 16, 24 or 32 bytes.", () => {
    for (const length of [0, 15, 17, 31, 33, 64]) {
      expect(() => aesGcmSeal(new Uint8Array(length), nonce, empty, empty)).toThrow(InternalCryptoError);
      expect(() => aesGcmOpen(new Uint8Array(length), nonce, empty, tag, empty)).toThrow(InternalCryptoError);
    }
    for (const length of [16, 24, 32]) {
      expect(aesGcmSeal(new Uint8Array(length), nonce, empty, empty).tag).toHaveLength(16);
    }
  });

  it("Precondition: the sealing nonce is 12 bytes.", () => {
    for (const length of [0, 8, 11, 13, 16]) {
      expect(() => aesGcmSeal(new Uint8Array(16), new Uint8Array(length), empty, empty)).toThrow(
        InternalCryptoError,
      );
    }
  });

  it("Precondition: the opening nonce is 12 bytes.", () => {
    const key = new Uint8Array(16);
    const sealed = aesGcmSeal(key, nonce, empty, empty);
    expect(aesGcmOpen(key, nonce, sealed.ciphertext, sealed.tag, empty)).toHaveLength(0);
    for (const length of [0, 8, 11, 13, 16]) {
      expect(() => aesGcmOpen(key, new Uint8Array(length), sealed.ciphertext, sealed.tag, empty)).toThrow(
        InvalidCiphertextError,
      );
    }
  });

  it("Precondition: the tag is 16 bytes.", () => {
    const key = new Uint8Array(16);
    const sealed = aesGcmSeal(key, nonce, empty, empty);
    for (const length of [0, 4, 12, 15]) {
      // A truncated genuine tag must not be accepted either.
      expect(() => aesGcmOpen(key, nonce, sealed.ciphertext, sealed.tag.subarray(0, length), empty)).toThrow(
        InvalidCiphertextError,
      );
    }
  });
});

describe("AES-GCM properties", () => {
  const keyArb = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  const nonceArb = fc.uint8Array({ minLength: 12, maxLength: 12 });
  const dataArb = fc.uint8Array({ maxLength: 200 });

  it("opens what it sealed, and nothing else: any flipped bit of nonce, ciphertext, tag or AAD fails", () => {
    fc.assert(
      fc.property(
        keyArb,
        nonceArb,
        dataArb,
        dataArb,
        fc.nat(),
        fc.nat(7),
        (key, nonce, plaintext, aad, at, bit) => {
          const { ciphertext, tag } = aesGcmSeal(key, nonce, plaintext, aad);
          expect(ciphertext).toHaveLength(plaintext.length);
          expect(aesGcmOpen(key, nonce, ciphertext, tag, aad)).toEqual(plaintext);
          const parts = [nonce, ciphertext, tag, aad].filter((p) => p.length > 0);
          const target = parts[at % parts.length] as Uint8Array;
          const flipped = Uint8Array.from(target);
          flipped[at % flipped.length] = (flipped[at % flipped.length] as number) ^ (1 << bit);
          const pick = (p: Uint8Array) => (p === target ? flipped : p);
          expect(() => aesGcmOpen(key, pick(nonce), pick(ciphertext), pick(tag), pick(aad))).toThrow(
            InvalidCiphertextError,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not open under another key of the same size", () => {
    fc.assert(
      fc.property(keyArb, nonceArb, dataArb, (key, nonce, plaintext) => {
        const { ciphertext, tag } = aesGcmSeal(key, nonce, plaintext, new Uint8Array(0));
        const other = Uint8Array.from(key);
        other[0] = (other[0] as number) ^ 0x80;
        expect(() => aesGcmOpen(other, nonce, ciphertext, tag, new Uint8Array(0))).toThrow(
          InvalidCiphertextError,
        );
      }),
      { numRuns: 100 },
    );
  });
});
