import { InvalidParameterError } from "../../core/errors";
import type { ParamType } from "./schema";

/**
 * JSON-valued parameters (reference section 1: EncryptionContext, Tags, TagKeys and Filters travel as JSON
 * strings): the shared parsing helpers and the string map; Tags and TagKeys are in tagParamTypes.ts, Filters in
 * keyFilters.ts. Each type limits the JSON text and its structure, and returns plain, frozen data built with
 * Object.fromEntries, so names such as `__proto__` stay ordinary keys.
 */

/**
 * Parses a JSON parameter of at most `maxChars` characters.
 * @throws InvalidParameterError naming the parameter when it is too long or not JSON.
 */
export function parseJson(raw: string, wire: string, maxChars: number): unknown {
  /* Precondition: a JSON parameter is at most maxChars characters long. */
  if (raw.length > maxChars)
    throw new InvalidParameterError(wire, `It must be at most ${maxChars} characters.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new InvalidParameterError(wire, "It must be a JSON string.");
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A flat JSON object of strings (EncryptionContext: at most 8192 characters, reference section 4). It may also
 * arrive flattened as `<wire>.<key>=<value>`; the parser folds that form into this JSON text.
 * @throws InvalidParameterError when the text is too long, not JSON, not an object, or has a non-string value.
 */
export function stringMap(options: {
  readonly maxChars: number;
}): ParamType<Readonly<Record<string, string>>> {
  return {
    summary: `JSON object of strings, at most ${options.maxChars} chars`,
    flattenedMap: true,
    parse(raw, wire) {
      const value = parseJson(raw, wire, options.maxChars);
      /* Precondition: a string map is a JSON object whose values are all strings. */
      if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string")) {
        throw new InvalidParameterError(wire, "It must be a JSON object whose values are strings.");
      }
      // A lone surrogate would reach UTF-8 as U+FFFD, so two different contexts could encode alike.
      /* Precondition: a string map's keys and values are well-formed Unicode. */
      if (
        Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v as string))
      ) {
        throw new InvalidParameterError(wire, "It must not contain lone surrogates.");
      }
      return Object.freeze(Object.fromEntries(Object.entries(value) as [string, string][]));
    },
  };
}
