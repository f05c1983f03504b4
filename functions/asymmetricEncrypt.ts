import { asymmetricEncrypt } from "../core/service/crypto/asymmetric";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** AsymmetricEncrypt: `CiphertextBlob` (base64), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("AsymmetricEncrypt", async ({ deps, principal }, input) => {
  const result = await asymmetricEncrypt(deps, principal, input);
  return {
    CiphertextBlob: base64(result.ciphertextBlob),
    KeyId: result.keyId,
    KeyVersionId: result.keyVersionId,
  };
});
