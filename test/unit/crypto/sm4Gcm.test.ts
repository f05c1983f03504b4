import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sm4GcmOpen, sm4GcmSeal } from "../../../core/crypto/sm4Gcm";
import { InternalCryptoError, InvalidCiphertextError } from "../../../core/errors";
import {
  checkWycheproofGcm,
  fromHex,
  loadVector,
  refusedOtherNonces,
  toHex,
  type WycheproofAeadFile,
} from "./support";

interface Rfc8998File {
  readonly source: string;
  readonly tests: readonly { key: string; iv: string; aad: string; pt: string; ct: string; tag: string }[];
}

const rfc8998 = loadVector<Rfc8998File>("sm4/rfc8998-sm4-gcm.json");
const wycheproof = loadVector<WycheproofAeadFile>("sm4/sm4_gcm_test.json");

/** Multiplication in GF(2^128) as NIST SP 800-38D section 6.3 defines it (bit 0 = most significant). */
function gfMultiply(x: bigint, y: bigint): bigint {
  const r = 0xe1n << 120n;
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ r : v >> 1n;
  }
  return z;
}

function blocksOf(data: Uint8Array): bigint[] {
  const padded = new Uint8Array(Math.ceil(data.length / 16) * 16);
  padded.set(data);
  const out: bigint[] = [];
  for (let i = 0; i < padded.length; i += 16) out.push(BigInt(`0x${toHex(padded.subarray(i, i + 16))}`));
  return out;
}

/**
 * An independent SM4-GCM for 96-bit nonces: SM4 from node:crypto (OpenSSL), CTR and GHASH written from
 * NIST SP 800-38D. It shares no code with sm-crypto-v2.
 */
function referenceSm4Gcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array) {
  const ecb = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
  const h = BigInt(`0x${toHex(ecb.update(new Uint8Array(16)))}`);
  const j0 = new Uint8Array(16);
  j0.set(nonce);
  j0[15] = 1;
  const counter2 = Uint8Array.from(j0);
  counter2[15] = 2;
  const ciphertext = new Uint8Array(createCipheriv("sm4-ctr", key, counter2).update(plaintext));
  let y = 0n;
  for (const block of [...blocksOf(aad), ...blocksOf(ciphertext)]) y = gfMultiply(y ^ block, h);
  y = gfMultiply(y ^ ((BigInt(aad.length * 8) << 64n) | BigInt(ciphertext.length * 8)), h);
  const mask = BigInt(`0x${toHex(ecb.update(j0))}`);
  const tag = fromHex((y ^ mask).toString(16).padStart(32, "0"));
  return { ciphertext, tag };
}

describe("SM4-GCM known answers", () => {
  it("RFC 8998 appendix A.1: seals to the published ciphertext and tag, and opens back", () => {
    expect(rfc8998.source).toMatch(/RFC 8998/);
    const t = rfc8998.tests[0]!;
    const sealed = sm4GcmSeal(fromHex(t.key), fromHex(t.iv), fromHex(t.pt), fromHex(t.aad));
    expect(toHex(sealed.ciphertext)).toBe(t.ct.toLowerCase());
    expect(toHex(sealed.tag)).toBe(t.tag.toLowerCase());
    expect(
      toHex(sm4GcmOpen(fromHex(t.key), fromHex(t.iv), fromHex(t.ct), fromHex(t.tag), fromHex(t.aad))),
    ).toBe(t.pt.toLowerCase());
  });

  it("the independent reference (node SM4 + SP 800-38D GHASH) also gives RFC 8998 A.1", () => {
    const t = rfc8998.tests[0]!;
    const ref = referenceSm4Gcm(fromHex(t.key), fromHex(t.iv), fromHex(t.pt), fromHex(t.aad));
    expect(toHex(ref.ciphertext) + toHex(ref.tag)).toBe((t.ct + t.tag).toLowerCase());
  });
});

describe("SM4-GCM: Wycheproof sm4_gcm_test.json", () => {
  it("opens every valid 96-bit-nonce case and re-seals it to the same bytes; every invalid case fails", () => {
    const { valid, invalid } = checkWycheproofGcm(
      wycheproof,
      { seal: sm4GcmSeal, open: sm4GcmOpen },
      InvalidCiphertextError,
    );
    expect([valid, invalid]).toEqual([38, 27]);
  });

  it("refuses every case whose nonce is not 96 bits, valid or not", () => {
    const refused = refusedOtherNonces(wycheproof, sm4GcmOpen, InvalidCiphertextError);
    expect(refused).toBe(39);
  });
});

describe("SM4-GCM preconditions", () => {
  const key = new Uint8Array(16);
  const nonce = new Uint8Array(12);
  const empty = new Uint8Array(0);

  it("Precondition: the SM4 key is 16 bytes.", () => {
    for (const length of [0, 15, 17, 24, 32]) {
      expect(() => sm4GcmSeal(new Uint8Array(length), nonce, empty, empty)).toThrow(InternalCryptoError);
      expect(() => sm4GcmOpen(new Uint8Array(length), nonce, empty, new Uint8Array(16), empty)).toThrow(
        InternalCryptoError,
      );
    }
  });

  it("Precondition: the SM4 sealing nonce is 12 bytes.", () => {
    for (const length of [0, 11, 13, 16]) {
      expect(() => sm4GcmSeal(key, new Uint8Array(length), empty, empty)).toThrow(InternalCryptoError);
    }
  });

  it("Precondition: the SM4 opening nonce is 12 bytes.", () => {
    const sealed = sm4GcmSeal(key, nonce, empty, empty);
    expect(sm4GcmOpen(key, nonce, sealed.ciphertext, sealed.tag, empty)).toHaveLength(0);
    for (const length of [0, 11, 13, 16]) {
      expect(() => sm4GcmOpen(key, new Uint8Array(length), sealed.ciphertext, sealed.tag, empty)).toThrow(
        InvalidCiphertextError,
      );
    }
  });

  it("Precondition: the SM4 tag is 16 bytes.", () => {
    const sealed = sm4GcmSeal(key, nonce, new Uint8Array(5), empty);
    // sm-crypto-v2 skips authentication when given no tag: an empty or short tag must never reach it.
    for (const length of [0, 1, 12, 15]) {
      expect(() => sm4GcmOpen(key, nonce, sealed.ciphertext, sealed.tag.subarray(0, length), empty)).toThrow(
        InvalidCiphertextError,
      );
    }
  });

  it("Postcondition: the library returned a ciphertext as long as the plaintext and a 16-byte tag.", () => {
    for (const length of [0, 1, 15, 16, 17, 100]) {
      const sealed = sm4GcmSeal(key, nonce, new Uint8Array(length), empty);
      expect(sealed.ciphertext).toHaveLength(length);
      expect(sealed.tag).toHaveLength(16);
    }
  });
});

describe("SM4-GCM properties", () => {
  const keyArb = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const nonceArb = fc.uint8Array({ minLength: 12, maxLength: 12 });

  it("agrees with the independent reference on random inputs", () => {
    fc.assert(
      fc.property(
        keyArb,
        nonceArb,
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        (k, n, p, a) => {
          const sealed = sm4GcmSeal(k, n, p, a);
          const ref = referenceSm4Gcm(k, n, p, a);
          expect(toHex(sealed.ciphertext)).toBe(toHex(ref.ciphertext));
          expect(toHex(sealed.tag)).toBe(toHex(ref.tag));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("opens what it sealed, and any flipped bit of nonce, ciphertext, tag or AAD fails", () => {
    fc.assert(
      fc.property(
        keyArb,
        nonceArb,
        fc.uint8Array({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.nat(),
        fc.nat(7),
        (key, nonce, plaintext, aad, at, bit) => {
          const { ciphertext, tag } = sm4GcmSeal(key, nonce, plaintext, aad);
          expect(sm4GcmOpen(key, nonce, ciphertext, tag, aad)).toEqual(plaintext);
          const parts = [nonce, ciphertext, tag, aad].filter((p) => p.length > 0);
          const target = parts[at % parts.length] as Uint8Array;
          const flipped = Uint8Array.from(target);
          flipped[at % flipped.length] = (flipped[at % flipped.length] as number) ^ (1 << bit);
          const pick = (p: Uint8Array) => (p === target ? flipped : p);
          expect(() => sm4GcmOpen(key, pick(nonce), pick(ciphertext), pick(tag), pick(aad))).toThrow(
            InvalidCiphertextError,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
