import { tagResource } from "../core/service/tags";
import { defineHandler } from "./lib/defineHandler";
import { tagList } from "./lib/shapes";

/** TagResource: no response fields besides RequestId. */
export const handler = defineHandler("TagResource", async ({ deps, principal, audit }, input) => {
  const key = await tagResource(deps, principal, { keyId: input.keyId, tags: tagList(input.tags) });
  audit(key.keyId);
  return {};
});
