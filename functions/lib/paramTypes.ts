import { InvalidParameterError } from "../../core/errors";
import { isOneOf } from "../../core/keys/types";
import type { ParamType } from "./schema";

/**
 * The scalar parameter types of the schema. Every check names the parameter (InvalidParameterError) and states
 * the limit in the message; values are never echoed back, since some of them are secrets.
 */

/** The number of Unicode code points of a string (what "characters" means in the limits below). */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * A string of `min`..`max` characters, optionally matching `pattern` (whose meaning `patternHint` states).
 * @throws InvalidParameterError when the length or the pattern does not fit.
 */
export function text(options: {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  readonly patternHint?: string;
}): ParamType<string> {
  const min = options.min ?? 1;
  return {
    summary: `string, ${min}-${options.max} chars${options.patternHint ? `, ${options.patternHint}` : ""}`,
    parse(raw, wire) {
      /* Precondition: a string parameter has between min and max characters. */
      const length = raw.length > options.max * 2 ? Number.POSITIVE_INFINITY : codePointLength(raw);
      if (length < min || length > options.max) {
        throw new InvalidParameterError(wire, `It must have ${min} to ${options.max} characters.`);
      }
      /* Precondition: a string parameter with a pattern matches it. */
      if (options.pattern && !options.pattern.test(raw)) {
        throw new InvalidParameterError(wire, `It must be ${options.patternHint ?? "well formed"}.`);
      }
      return raw;
    },
  };
}

/**
 * One of a fixed list of wire strings, compared exactly (the API's enumerations are case-sensitive).
 * @throws InvalidParameterError listing the accepted values.
 */
export function oneOf<const T extends string>(values: readonly T[]): ParamType<T> {
  return {
    summary: values.join(" | "),
    parse(raw, wire) {
      /* Precondition: an enumerated parameter is one of its values. */
      if (!isOneOf(values, raw)) throw new InvalidParameterError(wire, `Valid values: ${values.join(", ")}.`);
      return raw;
    },
  };
}

const DECIMAL = /^[+-]?[0-9]{1,10}$/;

/**
 * A decimal integer between `min` and `max` (inclusive).
 * @throws InvalidParameterError when the value is not a decimal integer in range.
 */
export function integer(options: { readonly min: number; readonly max: number }): ParamType<number> {
  return {
    summary: `integer, ${options.min}-${options.max}`,
    parse(raw, wire) {
      /* Precondition: an integer parameter is a decimal integer within its range. */
      const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
      if (!(value >= options.min && value <= options.max)) {
        throw new InvalidParameterError(wire, `It must be an integer from ${options.min} to ${options.max}.`);
      }
      return value;
    },
  };
}

/**
 * A boolean sent as `"true"` or `"false"` (reference section 1; letter case is ignored).
 * @throws InvalidParameterError for anything else.
 */
export function boolean(): ParamType<boolean> {
  return {
    summary: '"true" | "false"',
    parse(raw, wire) {
      const lower = raw.toLowerCase();
      /* Precondition: a boolean parameter is "true" or "false". */
      if (lower !== "true" && lower !== "false")
        throw new InvalidParameterError(wire, 'Use "true" or "false".');
      return lower === "true";
    },
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Binary data in standard, padded base64 (RFC 4648 section 4) of `min`..`max` decoded bytes. The result is a
 * fresh Uint8Array the service may zero after use.
 * @throws InvalidParameterError when the text is not base64 or the decoded size is out of range.
 */
export function base64(options: { readonly min?: number; readonly max: number }): ParamType<Uint8Array> {
  const min = options.min ?? 1;
  const maxEncoded = 4 * Math.ceil(options.max / 3);
  return {
    summary: `base64, ${min}-${options.max} bytes`,
    parse(raw, wire) {
      /* Precondition: a base64 parameter is padded standard base64. */
      if (raw.length > maxEncoded + 4 || !BASE64.test(raw)) {
        throw new InvalidParameterError(
          wire,
          raw.length > maxEncoded + 4 ? tooLong(options.max) : "It must be base64.",
        );
      }
      const bytes = new Uint8Array(Buffer.from(raw, "base64"));
      /* Precondition: a base64 parameter decodes to between min and max bytes. */
      if (bytes.length < min || bytes.length > options.max) {
        bytes.fill(0);
        throw new InvalidParameterError(wire, `It must decode to ${min} to ${options.max} bytes.`);
      }
      return bytes;
    },
  };
}

/**
 * An opaque UTF-8 string of at most `maxBytes` bytes, returned as its UTF-8 bytes (Encrypt's Plaintext, DESIGN
 * section 3), so the service can zero it after use.
 * @throws InvalidParameterError when the UTF-8 encoding is longer than `maxBytes`.
 */
export function utf8(options: { readonly maxBytes: number }): ParamType<Uint8Array> {
  return {
    summary: `UTF-8 string, at most ${options.maxBytes} bytes`,
    parse(raw, wire) {
      /* Precondition: a UTF-8 parameter encodes to at most maxBytes bytes. */
      if (raw.length > options.maxBytes || Buffer.byteLength(raw, "utf8") > options.maxBytes) {
        throw new InvalidParameterError(wire, tooLong(options.maxBytes));
      }
      return new TextEncoder().encode(raw);
    },
  };
}

function tooLong(maxBytes: number): string {
  return `It must be at most ${maxBytes} bytes.`;
}
