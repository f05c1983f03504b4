import { HsmProtocolError } from "./HsmProtocolError";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 section 4) of bytes, the contract's encoding of every byte field. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * A strict reader of one JSON object of the HSM contract. Each field is read once with its type; `done()` then
 * refuses any field that was not read, so unknown fields never pass silently.
 */
export class WireObject {
  private readonly seen = new Set<string>();
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
    this.seen.add(name);
    if (!this.has(name) || this.fields[name] === undefined) throw this.error(name, "is missing");
    return this.fields[name];
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
    if (!BASE64.test(text)) throw this.error(name, "is not base64");
    const bytes = Buffer.from(text, "base64");
    if (bytes.toString("base64") !== text) throw this.error(name, "is not canonical base64");
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A nested object, read with its own WireObject. */
  object(name: string): WireObject {
    return new WireObject(this.any(name), `${this.what} field "${name}"`);
  }

  /** @throws HsmProtocolError naming the first field that was not read. */
  done(): void {
    const unknown = Object.keys(this.fields).find((name) => !this.seen.has(name));
    if (unknown !== undefined) {
      throw new HsmProtocolError(`${this.what} has an unknown field "${unknown.slice(0, 64)}"`);
    }
  }

  private error(name: string, problem: string): HsmProtocolError {
    return new HsmProtocolError(`${this.what} field "${name}" ${problem}`);
  }
}
