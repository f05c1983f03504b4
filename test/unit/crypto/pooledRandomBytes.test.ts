import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pooledRandomBytes } from "../../../core/crypto/pooledRandomBytes";
import { InternalCryptoError } from "../../../core/errors";

/** A source counting up from 1, so every byte it hands out is recognisable, and recording what it returned. */
function countingSource() {
  let next = 1;
  const handed: Uint8Array[] = [];
  const calls: number[] = [];
  const source = (length: number) => {
    calls.push(length);
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = next++ % 256;
    handed.push(bytes);
    return bytes;
  };
  return { source, handed, calls };
}

describe("pooledRandomBytes", () => {
  it("hands out successive slices of one draw, each a fresh array of the asked length", () => {
    const { source, calls } = countingSource();
    const random = pooledRandomBytes({ poolBytes: 64, source });
    const a = random(12);
    const b = random(12);
    expect([...a]).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect([...b]).toEqual(Array.from({ length: 12 }, (_, i) => i + 13));
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteLength).toBe(a.buffer.byteLength);
    expect(calls).toEqual([64]);
  });

  it("zeroes each slice in the pool as it hands it out, and the spent pool when it draws the next", () => {
    const { source, handed } = countingSource();
    const random = pooledRandomBytes({ poolBytes: 16, maxPooledRequest: 16, source });
    random(10);
    expect([...(handed[0] as Uint8Array).subarray(0, 10)].every((byte) => byte === 0)).toBe(true);
    expect((handed[0] as Uint8Array)[10]).toBe(11);
    random(10); // does not fit: a new draw
    expect((handed[0] as Uint8Array).every((byte) => byte === 0)).toBe(true);
    expect(handed).toHaveLength(2);
  });

  it("never hands out the same byte twice (any sequence of request lengths)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 60 }), (lengths) => {
        const { source, calls } = countingSource();
        const random = pooledRandomBytes({ poolBytes: 64, maxPooledRequest: 64, source });
        const seen: number[] = [];
        for (const length of lengths) {
          const bytes = random(length);
          expect(bytes.length).toBe(length);
          seen.push(...bytes);
        }
        // While the source has drawn fewer than 256 bytes its values are distinct: a repeat would show.
        if (calls.reduce((sum, n) => sum + n, 0) <= 255) {
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.every((byte) => byte !== 0)).toBe(true);
        }
      }),
    );
  });

  it("sends requests above maxPooledRequest straight to the source", () => {
    const { source, calls } = countingSource();
    const random = pooledRandomBytes({ poolBytes: 64, maxPooledRequest: 32, source });
    expect(random(33)).toHaveLength(33);
    expect(calls).toEqual([33]);
  });

  it("the pool holds at least one largest pooled request.", () => {
    expect(() => pooledRandomBytes({ poolBytes: 16, maxPooledRequest: 32 })).toThrow(InternalCryptoError);
    expect(() => pooledRandomBytes({ poolBytes: 32, maxPooledRequest: 32 })).not.toThrow();
  });

  it("the source returned the requested length.", () => {
    const short = (length: number) => new Uint8Array(Math.max(0, length - 1));
    expect(() => pooledRandomBytes({ source: short })(12)).toThrow(InternalCryptoError);
    expect(() => pooledRandomBytes({ source: short })(100)).toThrow(InternalCryptoError);
  });

  it("draws from node:crypto by default", () => {
    const random = pooledRandomBytes();
    const nonces = Array.from({ length: 400 }, () => Buffer.from(random(12)).toString("hex"));
    expect(new Set(nonces).size).toBe(400);
  });
});
