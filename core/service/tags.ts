import { InvalidParameterError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";
import { mergeTags, type Tag, validateTags } from "../keys/tags";
import { replaceTags } from "../keys/transitions";
import { assertUserManaged } from "./assertUserManaged";
import { mutateKey } from "./mutateKey";
import { resolveKey } from "./resolveKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/** TagResource: adds tags to a key (a tag key already present gets the new value). */
export function tagResource(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; tags: readonly Tag[] },
): Promise<KeyRecord> {
  /* Precondition: TagResource carries at least one tag. */
  if (input.tags.length === 0) throw new InvalidParameterError("Tags", "Give at least one tag.");
  validateTags(input.tags, "Tags");
  return mutateKey(deps, caller, input.keyId, (record) => {
    assertUserManaged(record, "TagResource");
    return replaceTags(record, mergeTags(record.tags, input.tags));
  });
}

/** UntagResource: removes the tags with the given keys; absent keys are ignored. */
export function untagResource(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; tagKeys: readonly string[] },
): Promise<KeyRecord> {
  /* Precondition: UntagResource names at least one tag key. */
  if (input.tagKeys.length === 0) throw new InvalidParameterError("TagKeys", "Give at least one tag key.");
  return mutateKey(deps, caller, input.keyId, (record) => {
    assertUserManaged(record, "UntagResource");
    if (!input.tagKeys.some((key) => key in record.tags)) return record;
    const kept = Object.fromEntries(
      Object.entries(record.tags).filter(([key]) => !input.tagKeys.includes(key)),
    );
    return replaceTags(record, kept);
  });
}

/** ListResourceTags: the key's tags, ordered by tag key. */
export async function listResourceTags(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string },
): Promise<{ keyId: string; tags: Tag[] }> {
  const key = await resolveKey(deps, caller, input.keyId);
  const tags = Object.entries(key.tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tagKey, tagValue]) => ({ tagKey, tagValue }));
  return { keyId: key.keyId, tags };
}
