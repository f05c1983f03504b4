import { HsmProtocolError } from "./HsmProtocolError";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 0x3d; // "="

/** The 6-bit value of each character of the standard alphabet (RFC 4648 table 1) by char code; -1 for others. */
const SEXTETS = new Int8Array(128).fill(-1);
for (let value = 0; value < 64; value += 1) SEXTETS[ALPHABET.charCodeAt(value)] = value;

/**
 * The most bytes one field of the contract may carry: far above what Keyward sends (6 KiB plaintexts, RSA-3072
 * ciphertexts, public keys) and within CloudHSM's 16 KiB buffer for a single GCM call.
 */
export const MAX_WIRE_BYTES = 16 * 1024;

/** Standard base64 (RFC 4648 section 4) of bytes, the contract's encoding of every byte field. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Alphabet characters, then at most two `=`: with a length that is a multiple of 4, the shape of padded base64. */
const SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * What keeps `text` from being canonical standard base64 (RFC 4648 sections 3.5 and 4): `is not base64` when it is
 * not groups of four alphabet characters, the last one padded with one or two `=`; `is not canonical base64` when
 * the bits the padding leaves over are not zero (a second spelling of the same bytes). Undefined when canonical.
 * Checked in place, without decoding and encoding again.
 */
export function base64Problem(text: string): string | undefined {
  const length = text.length;
  if (length % 4 !== 0 || !SHAPE.test(text)) return "is not base64";
  const padding =
    length === 0 || text.charCodeAt(length - 1) !== PAD ? 0 : text.charCodeAt(length - 2) !== PAD ? 1 : 2;
  if (padding === 0) return undefined;
  // Before "==" the last character carries 4 bits beyond the data, before "=" 2 bits; they must be zero.
  const last = SEXTETS[text.charCodeAt(length - padding - 1)] as number;
  return (last & (padding === 2 ? 0x0f : 0x03)) === 0 ? undefined : "is not canonical base64";
}

/**
 * A strict reader of one JSON object of the HSM contract. Each field is read once with its type; `done()` then
 * refuses any field that was not read, so unknown fields never pass silently.
 */
export class WireObject {
  /** The names read so far, each once (a message has a handful of fields: a list beats a Set here). */
  private readonly seen: string[] = [];
  private readonly fields: Record<string, unknown>;

  /** @throws HsmProtocolError when `value` is not a plain JSON object. */
  constructor(
    value: unknown,
    private readonly what: string,
  ) {
    /* Precondition: a contract message is a JSON object. */
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new HsmProtocolError(`${what} is not a JSON object`);
    }
    this.fields = value as Record<string, unknown>;
  }

  /** Whether the field is present. */
  has(name: string): boolean {
    return Object.hasOwn(this.fields, name);
  }

  /** The raw value of a required field. */
  any(name: string): unknown {
    if (!this.seen.includes(name)) this.seen.push(name);
    const value = this.has(name) ? this.fields[name] : undefined;
    if (value === undefined) throw this.error(name, "is missing");
    return value;
  }

  string(name: string): string {
    const value = this.any(name);
    if (typeof value !== "string") throw this.error(name, "is not a string");
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  number(name: string): number {
    const value = this.any(name);
    if (typeof value !== "number" || !Number.isFinite(value)) throw this.error(name, "is not a number");
    return value;
  }

  boolean(name: string): boolean {
    const value = this.any(name);
    if (typeof value !== "boolean") throw this.error(name, "is not a boolean");
    return value;
  }

  /** A string that must be one of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.string(name);
    if (!(values as readonly string[]).includes(value)) throw this.error(name, "has an unknown value");
    return value as T;
  }

  /** An array of strings, each one of `values` when given. */
  strings<T extends string>(name: string, values?: readonly T[]): T[] {
    const value = this.any(name);
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      throw this.error(name, "is not an array of strings");
    }
    if (values && value.some((item) => !(values as readonly string[]).includes(item))) {
      throw this.error(name, "holds an unknown value");
    }
    return value as T[];
  }

  /** Canonical standard base64 (padded, no whitespace, zero pad bits), decoded. */
  bytes(name: string): Uint8Array {
    const text = this.string(name);
    /* Precondition: a byte field holds at most MAX_WIRE_BYTES (base64: 4 characters per 3 bytes). */
    if (text.length > Math.ceil(MAX_WIRE_BYTES / 3) * 4) {
      throw this.error(name, `is longer than ${MAX_WIRE_BYTES} bytes`);
    }
    const problem = base64Problem(text);
    if (problem !== undefined) throw this.error(name, problem);
    const bytes = Buffer.from(text, "base64");
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A nested object, read with its own WireObject. */
  object(name: string): WireObject {
    return new WireObject(this.any(name), `${this.what} field "${name}"`);
  }

  /** @throws HsmProtocolError naming the first field that was not read. */
  done(): void {
    for (const name in this.fields) {
      if (Object.hasOwn(this.fields, name) && !this.seen.includes(name)) {
        throw new HsmProtocolError(`${this.what} has an unknown field "${name.slice(0, 64)}"`);
      }
    }
  }

  private error(name: string, problem: string): HsmProtocolError {
    return new HsmProtocolError(`${this.what} field "${name}" ${problem}`);
  }
}
