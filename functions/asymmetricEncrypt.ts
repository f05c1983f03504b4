import { wipe } from "../core/crypto/bytes";
import { asymmetricEncrypt } from "../core/service/crypto/asymmetric";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** AsymmetricEncrypt: `CiphertextBlob` (base64), `KeyId`, `KeyVersionId`. The plaintext bytes are wiped. */
export const handler = defineHandler("AsymmetricEncrypt", async ({ deps, principal }, input) => {
  try {
    const result = await asymmetricEncrypt(deps, principal, input);
    return {
      CiphertextBlob: base64(result.ciphertextBlob),
      KeyId: result.keyId,
      KeyVersionId: result.keyVersionId,
    };
  } finally {
    wipe(input.plaintext);
  }
});
