import { InternalCryptoError } from "../errors";
import { wipe } from "./bytes";

/** Which key version a cached material belongs to. */
export interface MaterialCacheKey {
  readonly accountId: string;
  readonly keyId: string;
  readonly versionId: string;
}

/** Options of a {@link MaterialCache}, checked once at construction (STYLE rule 17). */
export interface MaterialCacheOptions {
  /** The most materials kept at once (0 disables caching: every material is wiped as soon as it is offered). */
  readonly maxEntries: number;
}

/** One string per (account, key, version); length prefixes keep it injective whatever the ids hold. */
function cacheKey(key: MaterialCacheKey): string {
  return `${key.accountId.length}:${key.accountId}${key.keyId.length}:${key.keyId}${key.versionId}`;
}

/**
 * The per-instance cache of unwrapped key material (DESIGN section 7): a bounded LRU keyed by
 * (account, key, version), so that a warm Encrypt or Decrypt unwraps nothing.
 *
 * Ownership: {@link MaterialCache.set} hands the array to the cache, which wipes it when the entry is evicted,
 * replaced, deleted or cleared. {@link MaterialCache.get} lends the array: use it synchronously (before any
 * `await`, after which it may have been evicted and wiped), never keep it, never wipe it.
 */
export class MaterialCache {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Uint8Array>();

  /**
   * @throws InternalCryptoError when `maxEntries` is not a non-negative safe integer.
   */
  constructor(options: MaterialCacheOptions) {
    /* Precondition: the cache bound is a non-negative integer. */
    if (!Number.isSafeInteger(options.maxEntries) || options.maxEntries < 0) {
      throw new InternalCryptoError(
        `material cache bound ${options.maxEntries} is not a non-negative integer`,
      );
    }
    this.maxEntries = options.maxEntries;
  }

  /** How many materials are cached now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached material of a key version (now the most recently used), or undefined. Borrowed: see the class. */
  get(key: MaterialCacheKey): Uint8Array | undefined {
    const id = cacheKey(key);
    const material = this.#entries.get(id);
    if (material !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, material);
    }
    return material;
  }

  /**
   * Hands `material` to the cache as the most recently used entry. A previous material of the same version is
   * wiped; beyond the bound, the least recently used entries are evicted and wiped (with a bound of 0, `material`
   * itself at once).
   */
  set(key: MaterialCacheKey, material: Uint8Array): void {
    const id = cacheKey(key);
    const previous = this.#entries.get(id);
    this.#entries.delete(id);
    if (previous !== undefined && previous !== material) wipe(previous);
    this.#entries.set(id, material);
    while (this.#entries.size > this.maxEntries) {
      const [oldestId, oldest] = this.#entries.entries().next().value as [string, Uint8Array];
      this.#entries.delete(oldestId);
      wipe(oldest);
    }
  }

  /** Removes and wipes the material of a key version (key destroyed). Returns whether there was one. */
  delete(key: MaterialCacheKey): boolean {
    const id = cacheKey(key);
    const material = this.#entries.get(id);
    if (material === undefined) return false;
    this.#entries.delete(id);
    wipe(material);
    return true;
  }

  /** Removes and wipes every cached material. */
  clear(): void {
    for (const material of this.#entries.values()) wipe(material);
    this.#entries.clear();
  }

  /** What JSON.stringify and util.inspect show: the size and bound, never the material. */
  toJSON(): { size: number; maxEntries: number } {
    return { size: this.size, maxEntries: this.maxEntries };
  }

  /** What util.inspect (console.log) shows. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `MaterialCache { size: ${this.size}, maxEntries: ${this.maxEntries} }`;
  }
}
