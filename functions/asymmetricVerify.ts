import { asymmetricVerify } from "../core/service/crypto/asymmetricSigning";
import { defineHandler } from "./lib/defineHandler";

/** AsymmetricVerify: `Value` (true when the signature is valid), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("AsymmetricVerify", async ({ deps, principal }, input) => {
  const result = await asymmetricVerify(deps, principal, input);
  return { Value: result.value, KeyId: result.keyId, KeyVersionId: result.keyVersionId };
});
