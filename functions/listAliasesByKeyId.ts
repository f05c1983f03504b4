import { listAliasesByKeyId } from "../core/service/aliases";
import { defineHandler } from "./lib/defineHandler";
import { alias, pagedList } from "./lib/shapes";

/** ListAliasesByKeyId: the aliases of one key, shaped as ListAliases. */
export const handler = defineHandler("ListAliasesByKeyId", async ({ deps, principal }, input) => {
  return pagedList("Aliases", "Alias", await listAliasesByKeyId(deps, principal, input), alias);
});
