import { generateDataKeyWithoutPlaintext } from "../core/service/crypto/dataKeys";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** GenerateDataKeyWithoutPlaintext: `CiphertextBlob`, `KeyId`, `KeyVersionId`. */
export const handler = defineHandler(
  "GenerateDataKeyWithoutPlaintext",
  async ({ deps, principal }, input) => {
    const sealed = await generateDataKeyWithoutPlaintext(deps, principal, input);
    return {
      CiphertextBlob: base64(sealed.ciphertextBlob),
      KeyId: sealed.keyId,
      KeyVersionId: sealed.keyVersionId,
    };
  },
);
