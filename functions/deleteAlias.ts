import { deleteAlias } from "../core/service/aliases";
import { defineHandler } from "./lib/defineHandler";

/** DeleteAlias: no response fields besides RequestId. */
export const handler = defineHandler("DeleteAlias", async ({ deps, principal }, input) => {
  await deleteAlias(deps, principal, input);
  return {};
});
