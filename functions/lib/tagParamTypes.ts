import { InvalidParameterError } from "../../core/errors";
import { isObject, parseJson } from "./jsonParamTypes";
import type { ParamType } from "./schema";

/**
 * The tag parameter types (reference section 3, "Tags and misc"): keys and values of at most 128 letters, digits
 * and `/ \ _ - . + = : @`; new keys must not start with `aliyun` or `acs:`.
 */

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
