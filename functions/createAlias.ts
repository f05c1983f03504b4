import { createAlias } from "../core/service/aliases";
import { defineHandler } from "./lib/defineHandler";

/** CreateAlias: no response fields besides RequestId. */
export const handler = defineHandler("CreateAlias", async ({ deps, principal, audit }, input) => {
  const alias = await createAlias(deps, principal, input);
  audit(alias.keyId);
  return {};
});
