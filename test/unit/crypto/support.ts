/** Helpers for the crypto unit tests: hex, the project's vector files, deterministic randomness. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { SymmetricCipher } from "../../../core/crypto/symmetricCipher";

/** Bytes of a hex string (any case). */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");
}

/** A JSON file under test/vectors/ (path relative to that folder). */
export function loadVector<T>(path: string): T {
  const url = new URL(`../../vectors/${path}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as T;
}

/** A random source that returns the given arrays in turn (copies), then fails the test. */
export function scriptedRandom(...outputs: Uint8Array[]): (length: number) => Uint8Array {
  const queue = [...outputs];
  return (length) => {
    const next = queue.shift();
    if (next === undefined) throw new Error("scripted random source exhausted");
    if (next.length !== length)
      throw new Error(`scripted random: ${length} bytes asked, ${next.length} scripted`);
    return Uint8Array.from(next);
  };
}

/** A deterministic (insecure) random source for reproducible tests: a counter-based byte stream. */
export function counterRandom(seed = 1): (length: number) => Uint8Array {
  let state = seed;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      out[i] = state >>> 24;
    }
    return out;
  };
}

/** The Wycheproof AEAD file schema (aead_test_schema_v1.json), as far as the tests read it. */
export interface WycheproofAeadFile {
  readonly algorithm: string;
  readonly numberOfTests: number;
  readonly testGroups: readonly {
    readonly ivSize: number;
    readonly keySize: number;
    readonly tagSize: number;
    readonly tests: readonly {
      readonly tcId: number;
      readonly comment: string;
      readonly flags: readonly string[];
      readonly key: string;
      readonly iv: string;
      readonly aad: string;
      readonly msg: string;
      readonly ct: string;
      readonly tag: string;
      readonly result: "valid" | "invalid" | "acceptable";
    }[];
  }[];
}

/** A GCM implementation under test: the seal and open of a SymmetricCipher, unbound to a KeySpec. */
export type GcmUnderTest = Pick<SymmetricCipher, "seal" | "open">;

/**
 * Runs a Wycheproof GCM file's 96-bit-nonce, 128-bit-tag cases: every valid case must open to its message and
 * re-seal to its ciphertext and tag; every other case must fail to open with `invalidError`. Returns the counts.
 */
export function checkWycheproofGcm(
  file: WycheproofAeadFile,
  gcm: GcmUnderTest,
  invalidError: new (...args: never[]) => Error,
): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (const group of file.testGroups.filter((g) => g.ivSize === 96 && g.tagSize === 128)) {
    for (const t of group.tests) {
      const [key, iv, aad, msg, ct, tag] = [t.key, t.iv, t.aad, t.msg, t.ct, t.tag].map(fromHex) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      if (t.result === "valid") {
        expect(toHex(gcm.open(key, iv, ct, tag, aad)), `tcId ${t.tcId}`).toBe(t.msg);
        const sealed = gcm.seal(key, iv, msg, aad);
        expect(toHex(sealed.ciphertext) + toHex(sealed.tag), `tcId ${t.tcId}`).toBe(t.ct + t.tag);
        valid++;
      } else {
        expect(() => gcm.open(key, iv, ct, tag, aad), `tcId ${t.tcId}`).toThrow(invalidError);
        invalid++;
      }
    }
  }
  return { valid, invalid };
}

/** Opens every case of a Wycheproof GCM file whose nonce is not 96 bits; each must fail with `error`. */
export function refusedOtherNonces(
  file: WycheproofAeadFile,
  open: GcmUnderTest["open"],
  error: new (...args: never[]) => Error,
): number {
  let refused = 0;
  for (const group of file.testGroups.filter((g) => g.ivSize !== 96)) {
    for (const t of group.tests) {
      const attempt = () =>
        open(fromHex(t.key), fromHex(t.iv), fromHex(t.ct), fromHex(t.tag), fromHex(t.aad));
      expect(attempt, `tcId ${t.tcId}`).toThrow(error);
      refused++;
    }
  }
  return refused;
}
