import { untagResource } from "../core/service/tags";
import { defineHandler } from "./lib/defineHandler";

/** UntagResource: no response fields besides RequestId. */
export const handler = defineHandler("UntagResource", async ({ deps, principal, audit }, input) => {
  const key = await untagResource(deps, principal, input);
  audit(key.keyId);
  return {};
});
