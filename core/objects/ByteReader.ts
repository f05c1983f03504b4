import { InvalidCiphertextError } from "../errors";

const EMPTY = new Uint8Array(0);

/**
 * Reads exact byte counts from a stream of chunks (an S3 body, a file stream, any `AsyncIterable<Uint8Array>`),
 * holding at most one source chunk and the bytes of the current read: the object decoder's only buffer.
 *
 * A read that the stream cannot satisfy is a truncated object: InvalidCiphertextError (STYLE rule 12).
 */
export class ByteReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #chunk: Uint8Array = EMPTY;
  #offset = 0;
  #done = false;
  /** How many bytes were consumed so far. */
  #position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** How many bytes the reader has handed out so far. */
  get position(): number {
    return this.#position;
  }

  /**
   * The next `length` bytes. When they lie within one source chunk the result is a view of it (valid until the
   * next read); otherwise a fresh array.
   * @throws InvalidCiphertextError when the stream ends before `length` bytes.
   */
  async read(length: number): Promise<Uint8Array> {
    if (length === 0) return EMPTY;
    await this.#fill();
    if (this.#chunk.length - this.#offset >= length) {
      const view = this.#chunk.subarray(this.#offset, this.#offset + length);
      this.#offset += length;
      this.#position += length;
      return view;
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      await this.#fill();
      /* Precondition: the stream holds every byte the format announces. */
      if (this.#done) throw new InvalidCiphertextError();
      const n = Math.min(length - filled, this.#chunk.length - this.#offset);
      out.set(this.#chunk.subarray(this.#offset, this.#offset + n), filled);
      this.#offset += n;
      filled += n;
    }
    this.#position += length;
    return out;
  }

  /** Whether the stream has no byte left (reads ahead by at most one chunk). */
  async atEnd(): Promise<boolean> {
    await this.#fill();
    return this.#done;
  }

  /** Stops reading: tells the source it will not be read further (a Node stream is destroyed). */
  async close(): Promise<void> {
    this.#done = true;
    this.#chunk = EMPTY;
    this.#offset = 0;
    await this.#iterator.return?.();
  }

  /** Makes the current chunk non-empty, pulling the next chunks, unless the stream is over. */
  async #fill(): Promise<void> {
    while (!this.#done && this.#offset >= this.#chunk.length) {
      const next = await this.#iterator.next();
      if (next.done) {
        this.#done = true;
        this.#chunk = EMPTY;
      } else {
        this.#chunk = next.value;
      }
      this.#offset = 0;
    }
  }
}
