import type { KmsError } from "../../errors";

/** ASN.1 universal tags this module reads and writes (X.690). */
export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/**
 * A strict reader of DER (ITU-T X.690 section 10): definite, minimal lengths; minimal INTEGERs; nothing left over.
 *
 * Every malformation throws the KmsError that the caller's `fail` factory makes, so one parser serves signatures
 * (answered `false`), ciphertexts (InvalidCiphertextError) and caller-supplied keys (InvalidParameterError).
 */
export class DerReader {
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: () => KmsError,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  /** Whether every byte has been read. */
  atEnd(): boolean {
    return this.offset === this.end;
  }

  /** The tag of the next element, or -1 at the end. */
  peekTag(): number {
    return this.atEnd() ? -1 : (this.bytes[this.offset] ?? -1);
  }

  /**
   * Reads one element with the expected tag and returns its content bytes (a view, not a copy).
   * @throws the `fail` error on a wrong tag, an indefinite, overlong or non-minimal length, or a truncation.
   */
  read(tag: number): Uint8Array {
    /* Precondition: the element has the expected tag. */
    if (this.peekTag() !== tag) throw this.fail();
    let position = this.offset + 1;
    if (position >= this.end) throw this.fail();
    const first = this.bytes[position++] ?? 0;
    let length = first;
    if (first & 0x80) {
      const count = first & 0x7f;
      /* Precondition: a long-form length has 1 to 3 bytes (no indefinite form, nothing beyond 16 MiB). */
      if (count === 0 || count > 3 || position + count > this.end) throw this.fail();
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (this.bytes[position++] ?? 0);
      /* Precondition: the length is minimal (DER: long form only from 128, no leading zero byte). */
      if (length < 0x80 || (this.bytes[position - count] ?? 0) === 0) throw this.fail();
    }
    /* Precondition: the content lies inside the input. */
    if (length > this.end - position) throw this.fail();
    this.offset = position + length;
    return this.bytes.subarray(position, position + length);
  }

  /** Reads a SEQUENCE and returns a reader over its content. */
  readSequence(): DerReader {
    const content = this.read(DER_TAG.SEQUENCE);
    return new DerReader(content, this.fail);
  }

  /**
   * Reads a non-negative INTEGER in minimal encoding and returns its magnitude bytes (no sign byte).
   * @throws the `fail` error on an empty, negative or non-minimal INTEGER.
   */
  readUnsignedInteger(): Uint8Array {
    const content = this.read(DER_TAG.INTEGER);
    const head = content[0];
    /* Precondition: an INTEGER has at least one content byte and is not negative. */
    if (head === undefined || head & 0x80) throw this.fail();
    if (content.length > 1 && head === 0) {
      /* Precondition: a leading zero byte is there only to clear the sign bit (minimal encoding). */
      if (((content[1] ?? 0) & 0x80) === 0) throw this.fail();
      return content.subarray(1);
    }
    return content;
  }

  /** Reads a small non-negative INTEGER (a version field). */
  readSmallInteger(): number {
    const magnitude = this.readUnsignedInteger();
    if (magnitude.length > 4) throw this.fail();
    return magnitude.reduce((value, byte) => value * 256 + byte, 0);
  }

  /** Reads an OBJECT IDENTIFIER and returns its content as lower-case hex, for comparison with constants. */
  readOidHex(): string {
    return Buffer.from(this.read(DER_TAG.OID)).toString("hex");
  }

  /** Reads a BIT STRING with no unused bits and returns its bytes. */
  readBitStringBytes(): Uint8Array {
    const content = this.read(DER_TAG.BIT_STRING);
    /* Precondition: a key BIT STRING is a whole number of bytes. */
    if (content[0] !== 0) throw this.fail();
    return content.subarray(1);
  }

  /** Throws the `fail` error unless everything has been read. */
  assertEnd(): void {
    /* Precondition: no bytes follow the last element. */
    if (!this.atEnd()) throw this.fail();
  }
}
