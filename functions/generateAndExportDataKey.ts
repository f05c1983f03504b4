import { generateAndExportDataKey } from "../core/service/crypto/exportDataKey";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** GenerateAndExportDataKey: `CiphertextBlob`, `ExportedDataKey`, `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("GenerateAndExportDataKey", async ({ deps, principal }, input) => {
  const result = await generateAndExportDataKey(deps, principal, {
    ...input,
    publicKeyBlob: base64(input.publicKeyBlob),
  });
  return {
    CiphertextBlob: base64(result.ciphertextBlob),
    ExportedDataKey: base64(result.exportedDataKey),
    KeyId: result.keyId,
    KeyVersionId: result.keyVersionId,
  };
});
