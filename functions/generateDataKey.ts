import { wipe } from "../core/crypto/bytes";
import { generateDataKey } from "../core/service/crypto/dataKeys";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** GenerateDataKey: `Plaintext` (base64 data key), `CiphertextBlob`, `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("GenerateDataKey", async ({ deps, principal }, input) => {
  const dataKey = await generateDataKey(deps, principal, input);
  try {
    return {
      Plaintext: base64(dataKey.plaintext),
      CiphertextBlob: base64(dataKey.ciphertextBlob),
      KeyId: dataKey.keyId,
      KeyVersionId: dataKey.keyVersionId,
    };
  } finally {
    wipe(dataKey.plaintext);
  }
});
