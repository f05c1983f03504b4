import { cancelKeyDeletion } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** CancelKeyDeletion: no response fields besides RequestId. */
export const handler = defineHandler("CancelKeyDeletion", async ({ deps, principal, audit }, input) => {
  const key = await cancelKeyDeletion(deps, principal, input.keyId);
  audit(key.keyId);
  return {};
});
