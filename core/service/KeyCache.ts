import type { KeyRecord } from "../keys/KeyRecord";

/** How long a warm instance trusts a cached key record or alias (DESIGN section 7: a disable takes effect within it). */
export const DEFAULT_KEY_CACHE_TTL_MS = 5_000;

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * The per-instance cache of key records and alias targets used by the cryptographic operations, so a warm
 * Encrypt or Decrypt of a recently used key makes no store call. Entries live `ttlMs` (default 5 s): a key
 * disabled, scheduled for deletion or re-aliased by another instance is seen here at most that long after the
 * change; a change made through this instance (mutateKey, UpdateAlias, DeleteAlias) drops the entry at once.
 * Bounded: the oldest entries go first once `maxEntries` is reached. Holds no key material (records hold only
 * wrapped material; the unwrapped material cache is core/crypto/MaterialCache.ts).
 */
export class KeyCache {
  readonly #records = new Map<string, Entry<KeyRecord>>();
  readonly #aliases = new Map<string, Entry<string>>();

  constructor(
    private readonly clock: () => Date,
    private readonly ttlMs = DEFAULT_KEY_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  getRecord(accountId: string, keyId: string): KeyRecord | undefined {
    return this.#read(this.#records, `${accountId}/${keyId}`);
  }

  putRecord(record: KeyRecord): void {
    this.#write(this.#records, `${record.accountId}/${record.keyId}`, record);
  }

  getAliasTarget(accountId: string, aliasName: string): string | undefined {
    return this.#read(this.#aliases, `${accountId}/${aliasName}`);
  }

  putAliasTarget(accountId: string, aliasName: string, keyId: string): void {
    this.#write(this.#aliases, `${accountId}/${aliasName}`, keyId);
  }

  /** Forgets where an alias pointed (after this instance moved or deleted it). */
  forgetAlias(accountId: string, aliasName: string): void {
    this.#aliases.delete(`${accountId}/${aliasName}`);
  }

  /** Forgets one key (after this instance changed it) or everything. */
  invalidate(accountId?: string, keyId?: string): void {
    if (accountId === undefined || keyId === undefined) {
      this.#records.clear();
      this.#aliases.clear();
      return;
    }
    this.#records.delete(`${accountId}/${keyId}`);
  }

  #read<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock().getTime()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  #write<T>(map: Map<string, Entry<T>>, key: string, value: T): void {
    map.delete(key);
    if (map.size >= this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, { value, expiresAt: this.clock().getTime() + this.ttlMs });
  }
}
