import { scheduleKeyDeletion } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** ScheduleKeyDeletion: no response fields besides RequestId. */
export const handler = defineHandler("ScheduleKeyDeletion", async ({ deps, principal, audit }, input) => {
  const key = await scheduleKeyDeletion(deps, principal, input);
  audit(key.keyId);
  return {};
});
