import { disableKey } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** DisableKey: no response fields besides RequestId. */
export const handler = defineHandler("DisableKey", async ({ deps, principal, audit }, input) => {
  const key = await disableKey(deps, principal, input.keyId);
  audit(key.keyId);
  return {};
});
