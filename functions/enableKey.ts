import { enableKey } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** EnableKey: no response fields besides RequestId. */
export const handler = defineHandler("EnableKey", async ({ deps, principal, audit }, input) => {
  const key = await enableKey(deps, principal, input.keyId);
  audit(key.keyId);
  return {};
});
