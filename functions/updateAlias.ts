import { updateAlias } from "../core/service/aliases";
import { defineHandler } from "./lib/defineHandler";

/** UpdateAlias: no response fields besides RequestId. */
export const handler = defineHandler("UpdateAlias", async ({ deps, principal }, input) => {
  await updateAlias(deps, principal, input);
  return {};
});
