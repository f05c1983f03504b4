import { updateKeyDescription } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** UpdateKeyDescription: no response fields besides RequestId. */
export const handler = defineHandler("UpdateKeyDescription", async ({ deps, principal, audit }, input) => {
  const key = await updateKeyDescription(deps, principal, input);
  audit(key.keyId);
  return {};
});
