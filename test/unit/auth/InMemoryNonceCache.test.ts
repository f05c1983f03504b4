import { describe, expect, it } from "vitest";
import { InMemoryNonceCache } from "../../../core/auth/InMemoryNonceCache";
import { InvalidParameterError, SignatureNonceUsedError } from "../../../core/errors";

function cacheAt(seconds: number, maxEntries?: number) {
  const time = { seconds };
  const cache = new InMemoryNonceCache({ clock: () => new Date(time.seconds * 1000), maxEntries });
  return { cache, time };
}

describe("InMemoryNonceCache", () => {
  it("Precondition: maxEntries is a positive integer.", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(
        () => new InMemoryNonceCache({ clock: () => new Date(), maxEntries }),
        String(maxEntries),
      ).toThrow(InvalidParameterError);
    }
  });

  it("Precondition: a nonce is claimed once per AccessKey while it is live.", async () => {
    const { cache } = cacheAt(1000);
    await cache.claim("ak1", "n1", 1901);
    await expect(cache.claim("ak1", "n1", 1901)).rejects.toThrow(SignatureNonceUsedError);
    await expect(cache.claim("ak1", "n1", 5000)).rejects.toThrow(SignatureNonceUsedError);
    await cache.claim("ak2", "n1", 1901);
    await cache.claim("ak1", "n2", 1901);
    expect(cache.size).toBe(3);
  });

  it("keeps AccessKey and nonce apart: (a:b, c) and (a, b:c) are different claims", async () => {
    const { cache } = cacheAt(1000);
    await cache.claim("a:b", "c", 1901);
    await cache.claim("a", "b:c", 1901);
    await cache.claim("a", ":b:c", 1901);
    expect(cache.size).toBe(3);
  });

  it("lets a nonce be claimed again once its claim expired", async () => {
    const { cache, time } = cacheAt(1000);
    await cache.claim("ak", "n", 1901);
    time.seconds = 1900;
    await expect(cache.claim("ak", "n", 2801)).rejects.toThrow(SignatureNonceUsedError);
    time.seconds = 1901;
    await cache.claim("ak", "n", 2802);
    time.seconds = 2000;
    await expect(cache.claim("ak", "n", 2900)).rejects.toThrow(SignatureNonceUsedError);
  });

  it("does not store a claim that has already expired", async () => {
    const { cache } = cacheAt(1000);
    await cache.claim("ak", "old", 1000);
    expect(cache.size).toBe(0);
  });

  it("sweeps expired entries as time passes", async () => {
    const { cache, time } = cacheAt(1000);
    for (let i = 0; i < 10; i++) await cache.claim("ak", `n${i}`, 1100);
    expect(cache.size).toBe(10);
    time.seconds = 1200;
    await cache.claim("ak", "later", 2100);
    expect(cache.size).toBe(1);
  });

  it("stays within maxEntries, evicting the oldest live claims when full", async () => {
    const { cache } = cacheAt(1000, 3);
    for (const nonce of ["n1", "n2", "n3", "n4", "n5"]) await cache.claim("ak", nonce, 1901);
    expect(cache.size).toBe(3);
    await expect(cache.claim("ak", "n5", 1901)).rejects.toThrow(SignatureNonceUsedError);
    await expect(cache.claim("ak", "n3", 1901)).rejects.toThrow(SignatureNonceUsedError);
    await cache.claim("ak", "n1", 1901);
    expect(cache.size).toBe(3);
  });

  it("prefers dropping expired entries to evicting live ones when full", async () => {
    const { cache, time } = cacheAt(1000, 3);
    await cache.claim("ak", "short", 1010);
    await cache.claim("ak", "live1", 1901);
    await cache.claim("ak", "live2", 1901);
    time.seconds = 1020;
    await cache.claim("ak", "live3", 1901);
    await expect(cache.claim("ak", "live1", 1901)).rejects.toThrow(SignatureNonceUsedError);
    await expect(cache.claim("ak", "live2", 1901)).rejects.toThrow(SignatureNonceUsedError);
    expect(cache.size).toBe(3);
  });
});
