import { exportDataKey } from "../core/service/crypto/exportDataKey";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** ExportDataKey: `ExportedDataKey` (the data key wrapped under the caller's public key), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("ExportDataKey", async ({ deps, principal }, input) => {
  const exported = await exportDataKey(deps, principal, {
    ...input,
    publicKeyBlob: base64(input.publicKeyBlob),
  });
  return {
    ExportedDataKey: base64(exported.exportedDataKey),
    KeyId: exported.keyId,
    KeyVersionId: exported.keyVersionId,
  };
});
