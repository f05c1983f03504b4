import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MaterialCache, type MaterialCacheKey } from "../../../core/crypto/MaterialCache";
import { InternalCryptoError } from "../../../core/errors";

const id = (n: number): MaterialCacheKey => ({ accountId: "acct", keyId: `key-${n}`, versionId: "v" });
const bytes = (n: number) => new Uint8Array(8).fill(n + 1);
const isZero = (array: Uint8Array) => array.every((b) => b === 0);

describe("MaterialCache (DESIGN section 7)", () => {
  it("returns what was set, keyed by account, key and version", () => {
    const cache = new MaterialCache({ maxEntries: 4 });
    const material = bytes(1);
    cache.set(id(1), material);
    expect(cache.get(id(1))).toBe(material);
    expect(cache.get({ ...id(1), accountId: "other" })).toBeUndefined();
    expect(cache.get({ ...id(1), versionId: "v2" })).toBeUndefined();
    expect(cache.get({ accountId: "acct", keyId: "key-1v", versionId: "" })).toBeUndefined();
  });

  it("respects its bound and evicts the least recently used entry, wiping its bytes", () => {
    const cache = new MaterialCache({ maxEntries: 2 });
    const [m1, m2, m3] = [bytes(1), bytes(2), bytes(3)];
    cache.set(id(1), m1);
    cache.set(id(2), m2);
    expect(cache.get(id(1))).toBe(m1); // now key-2 is the least recently used
    cache.set(id(3), m3);
    expect(cache.size).toBe(2);
    expect(cache.get(id(2))).toBeUndefined();
    expect(isZero(m2)).toBe(true);
    expect(isZero(m1) || isZero(m3)).toBe(false);
  });

  it("wipes a replaced material, but not when the same array is set again", () => {
    const cache = new MaterialCache({ maxEntries: 2 });
    const first = bytes(1);
    const second = bytes(2);
    cache.set(id(1), first);
    cache.set(id(1), first);
    expect(isZero(first)).toBe(false);
    cache.set(id(1), second);
    expect(isZero(first)).toBe(true);
    expect(cache.get(id(1))).toBe(second);
    expect(cache.size).toBe(1);
  });

  it("delete() and clear() wipe what they remove", () => {
    const cache = new MaterialCache({ maxEntries: 3 });
    const [m1, m2, m3] = [bytes(1), bytes(2), bytes(3)];
    cache.set(id(1), m1);
    cache.set(id(2), m2);
    cache.set(id(3), m3);
    expect(cache.delete(id(1))).toBe(true);
    expect(cache.delete(id(1))).toBe(false);
    expect(isZero(m1)).toBe(true);
    expect(isZero(m2)).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(isZero(m2) && isZero(m3)).toBe(true);
  });

  it("with a bound of 0 keeps nothing and wipes what it is given at once", () => {
    const cache = new MaterialCache({ maxEntries: 0 });
    const material = bytes(5);
    cache.set(id(1), material);
    expect(cache.size).toBe(0);
    expect(isZero(material)).toBe(true);
  });

  it("shows its size, never its material", () => {
    const cache = new MaterialCache({ maxEntries: 3 });
    cache.set(id(1), new Uint8Array(8).fill(0x77));
    expect(JSON.stringify(cache)).toBe('{"size":1,"maxEntries":3}');
    expect(inspect(cache)).not.toMatch(/119/);
  });

  it("Precondition: the cache bound is a non-negative integer.", () => {
    for (const maxEntries of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new MaterialCache({ maxEntries })).toThrow(InternalCryptoError);
    }
    expect(new MaterialCache({ maxEntries: 0 }).maxEntries).toBe(0);
  });

  it("under any sequence of operations: stays within its bound, agrees with an LRU model, wipes all it drops", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), key: fc.nat(6) }),
      fc.record({ kind: fc.constant("get" as const), key: fc.nat(6) }),
      fc.record({ kind: fc.constant("delete" as const), key: fc.nat(6) }),
    );
    fc.assert(
      fc.property(fc.nat(4), fc.array(op, { maxLength: 60 }), (bound, ops) => {
        const cache = new MaterialCache({ maxEntries: bound });
        const model: number[] = []; // keys, least recently used first
        const live = new Map<number, Uint8Array>();
        const dropped: Uint8Array[] = [];
        for (const { kind, key } of ops) {
          const at = model.indexOf(key);
          if (kind === "set") {
            const material = bytes(key);
            if (at >= 0) model.splice(at, 1);
            const previous = live.get(key);
            if (previous) dropped.push(previous);
            model.push(key);
            live.set(key, material);
            cache.set(id(key), material);
            while (model.length > bound) {
              const evicted = model.shift() as number;
              dropped.push(live.get(evicted) as Uint8Array);
              live.delete(evicted);
            }
          } else if (kind === "get") {
            expect(cache.get(id(key))).toBe(live.get(key));
            if (at >= 0) model.push(...model.splice(at, 1));
          } else {
            expect(cache.delete(id(key))).toBe(at >= 0);
            if (at >= 0) {
              model.splice(at, 1);
              dropped.push(live.get(key) as Uint8Array);
              live.delete(key);
            }
          }
          expect(cache.size).toBe(model.length);
          expect(cache.size).toBeLessThanOrEqual(bound);
        }
        for (const material of dropped) expect(isZero(material)).toBe(true);
        for (const material of live.values()) expect(isZero(material)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
