import { describeKey } from "../core/service/describeKeys";
import { defineHandler } from "./lib/defineHandler";
import { keyMetadata } from "./lib/shapes";

/** DescribeKey: returns `KeyMetadata` with the deletion protection fields. */
export const handler = defineHandler("DescribeKey", async ({ deps, principal, audit }, input) => {
  const key = await describeKey(deps, principal, input);
  audit(key.keyId);
  return { KeyMetadata: keyMetadata(key, { deletionProtection: true }) };
});
