import { setDeletionProtection } from "../core/service/keyStateChanges";
import { defineHandler } from "./lib/defineHandler";

/** SetDeletionProtection: the key is named by ProtectedResourceArn (its ARN) or KeyId. */
export const handler = defineHandler("SetDeletionProtection", async ({ deps, principal, audit }, input) => {
  const key = await setDeletionProtection(deps, principal, {
    keyId: input.protectedResourceArn ?? input.keyId ?? "",
    enabled: input.enableDeletionProtection,
    description: input.deletionProtectionDescription,
  });
  audit(key.keyId);
  return {};
});
