import { wipe } from "../core/crypto/bytes";
import { asymmetricDecrypt } from "../core/service/crypto/asymmetric";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** AsymmetricDecrypt: `Plaintext` (base64), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("AsymmetricDecrypt", async ({ deps, principal }, input) => {
  const result = await asymmetricDecrypt(deps, principal, input);
  try {
    return { Plaintext: base64(result.plaintext), KeyId: result.keyId, KeyVersionId: result.keyVersionId };
  } finally {
    wipe(result.plaintext);
  }
});
