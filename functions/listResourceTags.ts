import { listResourceTags } from "../core/service/tags";
import { defineHandler } from "./lib/defineHandler";

/** ListResourceTags: `{"Tags":{"Tag":[{KeyId, TagKey, TagValue}]}}`. */
export const handler = defineHandler("ListResourceTags", async ({ deps, principal }, input) => {
  const { keyId, tags } = await listResourceTags(deps, principal, input);
  return { Tags: { Tag: tags.map((tag) => ({ KeyId: keyId, TagKey: tag.tagKey, TagValue: tag.tagValue })) } };
});
