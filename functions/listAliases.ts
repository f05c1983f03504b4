import { listAliases } from "../core/service/aliases";
import { defineHandler } from "./lib/defineHandler";
import { alias, pagedList } from "./lib/shapes";

/** ListAliases: `{"Aliases":{"Alias":[...]}, TotalCount, PageNumber, PageSize}`. */
export const handler = defineHandler("ListAliases", async ({ deps, principal }, input) => {
  return pagedList("Aliases", "Alias", await listAliases(deps, principal, input), alias);
});
