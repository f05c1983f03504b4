import { encrypt } from "../core/service/crypto/encryptDecrypt";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** Encrypt: `CiphertextBlob`, `KeyId`, `KeyVersionId` (the primary version). */
export const handler = defineHandler("Encrypt", async ({ deps, principal }, input) => {
  const sealed = await encrypt(deps, principal, input);
  return {
    CiphertextBlob: base64(sealed.ciphertextBlob),
    KeyId: sealed.keyId,
    KeyVersionId: sealed.keyVersionId,
  };
});
