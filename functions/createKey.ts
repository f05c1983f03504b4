import { createKey } from "../core/service/createKey";
import { defineHandler } from "./lib/defineHandler";
import { keyMetadata, tagList } from "./lib/shapes";

/** CreateKey: returns `KeyMetadata` of the new key. */
export const handler = defineHandler("CreateKey", async ({ deps, principal, audit }, input) => {
  const key = await createKey(deps, principal, { ...input, tags: tagList(input.tags) });
  audit(key.keyId, key.primaryKeyVersion ?? key.versions[0]?.versionId);
  return { KeyMetadata: keyMetadata(key, { deletionProtection: false }) };
});
