import { createKeyVersion } from "../core/service/rotation";
import { defineHandler } from "./lib/defineHandler";
import { keyVersion } from "./lib/shapes";

/** CreateKeyVersion: returns the new `KeyVersion`. */
export const handler = defineHandler("CreateKeyVersion", async ({ deps, principal, audit }, input) => {
  const { keyId, version } = await createKeyVersion(deps, principal, input);
  audit(keyId, version.versionId);
  return { KeyVersion: keyVersion(keyId, version) };
});
