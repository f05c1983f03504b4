import { updateRotationPolicy } from "../core/service/rotation";
import { defineHandler } from "./lib/defineHandler";

/** UpdateRotationPolicy: no response fields besides RequestId. */
export const handler = defineHandler("UpdateRotationPolicy", async ({ deps, principal, audit }, input) => {
  const key = await updateRotationPolicy(deps, principal, input);
  audit(key.keyId);
  return {};
});
