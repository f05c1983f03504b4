import { listKeys } from "../core/service/describeKeys";
import { defineHandler } from "./lib/defineHandler";
import { pagedList } from "./lib/shapes";

/** ListKeys: `{"Keys":{"Key":[{KeyId, KeyArn}]}, TotalCount, PageNumber, PageSize}`. */
export const handler = defineHandler("ListKeys", async ({ deps, principal }, input) => {
  const page = await listKeys(deps, principal, { ...input, filter: input.filters ?? {} });
  return pagedList("Keys", "Key", page, (key) => ({ KeyId: key.keyId, KeyArn: key.arn }));
});
