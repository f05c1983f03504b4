import { wipe } from "../core/crypto/bytes";
import { encrypt } from "../core/service/crypto/encryptDecrypt";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** Encrypt: `CiphertextBlob`, `KeyId`, `KeyVersionId` (the primary version). The plaintext bytes are wiped. */
export const handler = defineHandler("Encrypt", async ({ deps, principal }, input) => {
  try {
    const sealed = await encrypt(deps, principal, input);
    return {
      CiphertextBlob: base64(sealed.ciphertextBlob),
      KeyId: sealed.keyId,
      KeyVersionId: sealed.keyVersionId,
    };
  } finally {
    wipe(input.plaintext);
  }
});
