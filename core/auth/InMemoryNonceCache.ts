import { InvalidParameterError, SignatureNonceUsedError } from "../errors";
import type { NonceStore } from "./types";

/** Options of an `InMemoryNonceCache`. */
export interface InMemoryNonceCacheOptions {
  /** The time source (injected so expiry is testable). */
  readonly clock: () => Date;
  /** Most nonces kept at once; default 100,000 (a few MB). */
  readonly maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;
/** Expired entries are swept at most this often, so a claim costs O(1) amortised. */
const SWEEP_INTERVAL_SECONDS = 60;

/**
 * Single-use signature nonces kept in the memory of one function instance (DESIGN section 3: enough for
 * cryptographic operations, whose replay gains nothing; state-changing operations use the DynamoDB nonce store,
 * which shares the `NonceStore` interface).
 *
 * An entry lives until the `expiresAtEpochSeconds` it was claimed with (the request timestamp plus the skew window),
 * after which the timestamp check alone refuses a replay. The cache is bounded: when it is full even after dropping
 * expired entries, the oldest claims are evicted, so under a flood of more than `maxEntries` live nonces a replay of
 * an evicted one is no longer detected by this instance (it is detected by no other instance in any case).
 */
export class InMemoryNonceCache implements NonceStore {
  readonly #clock: () => Date;
  readonly #maxEntries: number;
  /** Claim key → expiry in epoch seconds, in claim order. */
  readonly #entries = new Map<string, number>();
  #lastSweep = Number.NEGATIVE_INFINITY;

  /** @throws InvalidParameterError when `maxEntries` is not a positive integer. */
  constructor(options: InMemoryNonceCacheOptions) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    /* Precondition: maxEntries is a positive integer. */
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new InvalidParameterError("maxEntries", "It must be a positive integer.");
    }
    this.#clock = options.clock;
    this.#maxEntries = maxEntries;
  }

  /** How many nonces are held (expired ones included until the next sweep). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Records `nonce` for `accessKeyId` until `expiresAtEpochSeconds`.
   *
   * @throws SignatureNonceUsedError when the same AccessKey claimed the same nonce and the claim has not expired.
   */
  async claim(accessKeyId: string, nonce: string, expiresAtEpochSeconds: number): Promise<void> {
    const now = this.#clock().getTime() / 1000;
    if (now - this.#lastSweep >= SWEEP_INTERVAL_SECONDS) this.#sweep(now);
    const key = `${accessKeyId.length}:${accessKeyId}:${nonce}`;
    const existing = this.#entries.get(key);
    /* Precondition: a nonce is claimed once per AccessKey while it is live. */
    if (existing !== undefined && existing > now) throw new SignatureNonceUsedError();
    this.#entries.delete(key);
    if (expiresAtEpochSeconds <= now) return;
    if (this.#entries.size >= this.#maxEntries && now - this.#lastSweep >= 1) this.#sweep(now);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, expiresAtEpochSeconds);
  }

  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) this.#entries.delete(key);
    }
  }
}
