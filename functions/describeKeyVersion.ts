import { describeKeyVersion } from "../core/service/keyVersions";
import { defineHandler } from "./lib/defineHandler";
import { keyVersion } from "./lib/shapes";

/** DescribeKeyVersion: returns one `KeyVersion`. */
export const handler = defineHandler("DescribeKeyVersion", async ({ deps, principal }, input) => {
  const { keyId, version } = await describeKeyVersion(deps, principal, input);
  return { KeyVersion: keyVersion(keyId, version) };
});
