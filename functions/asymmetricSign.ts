import { asymmetricSign } from "../core/service/crypto/asymmetricSigning";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** AsymmetricSign: `Value` (base64 signature), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("AsymmetricSign", async ({ deps, principal }, input) => {
  const result = await asymmetricSign(deps, principal, input);
  return { Value: base64(result.value), KeyId: result.keyId, KeyVersionId: result.keyVersionId };
});
