import { InvalidParameterError } from "../../core/errors";
import { CREATOR_TYPES, KEY_SPECS, KEY_STATES, KEY_USAGES, PROTECTION_LEVELS } from "../../core/keys/types";
import type { KeyListFilter } from "../../core/store/KeyRepository";
import type { ParamType } from "./schema";

/**
 * The JSON-valued parameter types (reference section 1: EncryptionContext, Tags, TagKeys and Filters travel as
 * JSON strings). Each has a limit on the JSON text and on its structure; each returns plain, frozen data built with
 * Object.fromEntries, so names such as `__proto__` stay ordinary keys.
 */

function parseJson(raw: string, wire: string, maxChars: number): unknown {
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

function isObject(value: unknown): value is Record<string, unknown> {
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

const TAG_TEXT = /^[A-Za-z0-9/\\_\-.+=:@]*$/;
const RESERVED_TAG_PREFIX = /^(aliyun|acs:)/i;

function checkTagKey(key: unknown, wire: string, forCreation: boolean): string {
  /* Precondition: a tag key has 1-128 letters, digits or / \ _ - . + = : @ characters. */
  if (typeof key !== "string" || key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
    throw new InvalidParameterError(wire, "A tag key has 1 to 128 letters, digits or / \\ _ - . + = : @.");
  }
  /* Precondition: a new tag key does not start with aliyun or acs:. */
  if (forCreation && RESERVED_TAG_PREFIX.test(key)) {
    throw new InvalidParameterError(wire, 'A tag key must not start with "aliyun" or "acs:".');
  }
  return key;
}

/**
 * Tags as `[{"TagKey":"k","TagValue":"v"}, ...]` (CreateKey, TagResource), at most `maxTags`, keys unique,
 * returned as a key -> value map.
 * @throws InvalidParameterError when the JSON, a key, a value or the count is not acceptable.
 */
export function tags(options: { readonly maxTags: number }): ParamType<Readonly<Record<string, string>>> {
  return {
    summary: `JSON [{"TagKey","TagValue"}], at most ${options.maxTags} tags`,
    parse(raw, wire) {
      const value = parseJson(raw, wire, options.maxTags * 1024);
      /* Precondition: Tags is a JSON array of 1 to maxTags entries. */
      if (!Array.isArray(value) || value.length < 1 || value.length > options.maxTags) {
        throw new InvalidParameterError(wire, `It must be a JSON array of 1 to ${options.maxTags} tags.`);
      }
      const entries = value.map((tag): [string, string] => {
        /* Precondition: each tag is exactly {"TagKey","TagValue"}. */
        if (!isObject(tag) || Object.keys(tag).sort().join() !== "TagKey,TagValue") {
          throw new InvalidParameterError(wire, 'Each tag is {"TagKey":"...","TagValue":"..."}.');
        }
        const tagValue = tag.TagValue;
        /* Precondition: a tag value has at most 128 letters, digits or / \ _ - . + = : @ characters. */
        if (typeof tagValue !== "string" || tagValue.length > 128 || !TAG_TEXT.test(tagValue)) {
          throw new InvalidParameterError(
            wire,
            "A tag value has up to 128 letters, digits or / \\ _ - . + = : @.",
          );
        }
        return [checkTagKey(tag.TagKey, wire, true), tagValue];
      });
      const map = Object.fromEntries(entries);
      /* Precondition: tag keys are unique within a request. */
      if (Object.keys(map).length !== entries.length)
        throw new InvalidParameterError(wire, "A tag key is repeated.");
      return Object.freeze(map);
    },
  };
}

/**
 * Tag keys as `["k1","k2"]` (UntagResource), 1 to `maxKeys` of them.
 * @throws InvalidParameterError when the JSON, a key or the count is not acceptable.
 */
export function tagKeys(options: { readonly maxKeys: number }): ParamType<readonly string[]> {
  return {
    summary: `JSON array of tag keys, at most ${options.maxKeys}`,
    parse(raw, wire) {
      const value = parseJson(raw, wire, options.maxKeys * 512);
      /* Precondition: TagKeys is a JSON array of 1 to maxKeys strings. */
      if (!Array.isArray(value) || value.length < 1 || value.length > options.maxKeys) {
        throw new InvalidParameterError(wire, `It must be a JSON array of 1 to ${options.maxKeys} tag keys.`);
      }
      return Object.freeze([...new Set(value.map((key) => checkTagKey(key, wire, false)))]);
    },
  };
}

/** The ListKeys filter names Keyward supports and their values (reference section 3, ListKeys). */
const FILTERS = {
  KeyState: ["keyState", KEY_STATES],
  KeySpec: ["keySpec", KEY_SPECS],
  KeyUsage: ["keyUsage", KEY_USAGES],
  ProtectionLevel: ["protectionLevel", PROTECTION_LEVELS],
  CreatorType: ["creatorType", CREATOR_TYPES],
} as const satisfies Record<string, readonly [keyof KeyListFilter, readonly string[]]>;

/**
 * ListKeys filters, `[{"Key":"KeyState","Values":["Enabled"]}, ...]`: at most 10 entries with distinct keys, each
 * with 1 to 10 values; AND across keys, OR within one key's values.
 * @throws InvalidParameterError when the JSON, a key or a value is not acceptable.
 */
export function keyFilters(): ParamType<KeyListFilter> {
  return {
    summary: `JSON [{"Key","Values":[...]}], at most 10; keys ${Object.keys(FILTERS).join(", ")}`,
    parse(raw, wire) {
      const value = parseJson(raw, wire, 4096);
      /* Precondition: Filters is a JSON array of at most 10 entries. */
      if (!Array.isArray(value) || value.length > 10) {
        throw new InvalidParameterError(wire, "It must be a JSON array of at most 10 filters.");
      }
      const filter: Record<string, readonly string[]> = {};
      for (const entry of value) {
        const known = isObject(entry) && typeof entry.Key === "string" && Object.hasOwn(FILTERS, entry.Key);
        /* Precondition: each filter names a supported key once, with 1 to 10 valid values. */
        if (!known || Object.keys(entry).sort().join() !== "Key,Values") {
          throw new InvalidParameterError(
            wire,
            `Each filter is {"Key","Values"}, Key one of ${Object.keys(FILTERS).join(", ")}.`,
          );
        }
        const [name, allowed] = FILTERS[entry.Key as keyof typeof FILTERS];
        const values = entry.Values;
        const valid = Array.isArray(values) && values.length >= 1 && values.length <= 10;
        if (!valid || !values.every((v) => (allowed as readonly unknown[]).includes(v)) || filter[name]) {
          throw new InvalidParameterError(
            wire,
            `Filter ${entry.Key} takes 1 to 10 of: ${allowed.join(", ")}.`,
          );
        }
        filter[name] = Object.freeze([...values] as string[]);
      }
      return Object.freeze(filter) as KeyListFilter;
    },
  };
}
