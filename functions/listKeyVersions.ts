import { listKeyVersions } from "../core/service/keyVersions";
import { defineHandler } from "./lib/defineHandler";
import { keyVersion, pagedList } from "./lib/shapes";

/** ListKeyVersions: `{"KeyVersions":{"KeyVersion":[...]}, TotalCount, PageNumber, PageSize}`. */
export const handler = defineHandler("ListKeyVersions", async ({ deps, principal }, input) => {
  const { keyId, page } = await listKeyVersions(deps, principal, input);
  return pagedList("KeyVersions", "KeyVersion", page, (version) => keyVersion(keyId, version));
});
