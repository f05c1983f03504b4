import { InvalidParameterError, LimitExceededError } from "../errors";

/** The most tags one key may carry. */
export const MAX_TAGS_PER_KEY = 20;

/** A tag as the API sends it. */
export interface Tag {
  readonly tagKey: string;
  readonly tagValue: string;
}

const TAG_KEY = /^[A-Za-z0-9/\\_\-.+=:@]{1,128}$/;
/** A tag value may be empty (the reference sets only a maximum). */
const TAG_VALUE = /^[A-Za-z0-9/\\_\-.+=:@]{0,128}$/;

/**
 * Checks tags given by a caller (reference: keys and values of at most 128 letters, digits and `/ \ _ - . + = : @`,
 * keys not empty and not starting with `aliyun` or `acs:`, values possibly empty; no key twice in one request).
 * @throws InvalidParameterError naming `parameter`.
 */
export function validateTags(tags: readonly Tag[], parameter: string): void {
  const seen = new Set<string>();
  for (const { tagKey, tagValue } of tags) {
    /* Precondition: tag keys are 1-128 allowed characters. */
    if (!TAG_KEY.test(tagKey))
      throw new InvalidParameterError(parameter, `Tag key "${tagKey}" is not valid.`);
    /* Precondition: tag values are 0-128 allowed characters. */
    if (!TAG_VALUE.test(tagValue))
      throw new InvalidParameterError(parameter, `The value of tag "${tagKey}" is not valid.`);
    /* Precondition: tag keys starting with aliyun or acs: are reserved. */
    if (/^(aliyun|acs:)/i.test(tagKey))
      throw new InvalidParameterError(parameter, `Tag key "${tagKey}" is reserved.`);
    /* Precondition: a tag key appears once per request. */
    if (seen.has(tagKey)) throw new InvalidParameterError(parameter, `Tag key "${tagKey}" is given twice.`);
    seen.add(tagKey);
  }
}

/**
 * The tags of a key after adding `added` (a value replaces the value of the same key).
 * @throws LimitExceededError when the key would carry more than MAX_TAGS_PER_KEY tags.
 */
export function mergeTags(
  current: Readonly<Record<string, string>>,
  added: readonly Tag[],
): Record<string, string> {
  const merged: Record<string, string> = { ...current };
  for (const { tagKey, tagValue } of added) merged[tagKey] = tagValue;
  /* Precondition: a key carries at most 20 tags. */
  if (Object.keys(merged).length > MAX_TAGS_PER_KEY) {
    throw new LimitExceededError(`a key may carry at most ${MAX_TAGS_PER_KEY} tags.`);
  }
  return merged;
}
