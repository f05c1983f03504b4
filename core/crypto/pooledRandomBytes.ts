import { InternalCryptoError } from "../errors";
import { type RandomBytes, systemRandomBytes, wipe } from "./bytes";

/** Options of {@link pooledRandomBytes}, checked once at construction (STYLE rule 17). */
export interface PooledRandomOptions {
  /** Bytes drawn from the source at a time (default 4096). */
  readonly poolBytes?: number;
  /** Requests above this many bytes go straight to the source (default 64). */
  readonly maxPooledRequest?: number;
  /** The CSPRNG that fills the pool (default node:crypto's). */
  readonly source?: RandomBytes;
}

/**
 * A random source that draws from a CSPRNG in blocks and hands out fresh copies of successive, never reused slices
 * of the block: a 12-byte GCM nonce then costs a copy instead of a call into OpenSSL (whose per-call overhead is
 * several times that of the copy; measured by `npm run bench`, docs/benchmarks.md). Each slice is zeroed in the
 * pool as it is handed out, so no byte is ever given twice and none stays behind once used; the bytes not yet handed
 * out are random bytes nobody has seen, as a DRBG's state is. Requests larger than `maxPooledRequest` bypass the
 * pool.
 * @throws InternalCryptoError at construction for a pool smaller than the largest pooled request, and from the
 *   returned function when the source returns the wrong length.
 */
export function pooledRandomBytes(options: PooledRandomOptions = {}): RandomBytes {
  const poolBytes = options.poolBytes ?? 4096;
  const maxPooledRequest = options.maxPooledRequest ?? 64;
  const source = options.source ?? systemRandomBytes;
  /* Precondition: the pool holds at least one largest pooled request. */
  if (
    !Number.isSafeInteger(poolBytes) ||
    !Number.isSafeInteger(maxPooledRequest) ||
    poolBytes < maxPooledRequest
  ) {
    throw new InternalCryptoError("a random pool must hold at least its largest pooled request");
  }
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  const draw = (length: number): Uint8Array => {
    const bytes = source(length);
    /* Postcondition: the source returned the requested length. */
    if (bytes.length !== length) {
      wipe(bytes);
      throw new InternalCryptoError(`the random source returned ${bytes.length} bytes, not ${length}`);
    }
    return bytes;
  };
  return (length) => {
    if (length > maxPooledRequest) return draw(length);
    if (offset + length > pool.length) {
      wipe(pool);
      pool = draw(poolBytes);
      offset = 0;
    }
    const slice = pool.subarray(offset, offset + length);
    const out = new Uint8Array(length);
    out.set(slice);
    slice.fill(0);
    offset += length;
    return out;
  };
}
