import { wipe } from "../core/crypto/bytes";
import { decrypt } from "../core/service/crypto/encryptDecrypt";
import { defineHandler } from "./lib/defineHandler";

const utf8 = new TextDecoder();

/** Decrypt: `Plaintext` (the string Encrypt was given), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("Decrypt", async ({ deps, principal }, input) => {
  const opened = await decrypt(deps, principal, input);
  try {
    return {
      Plaintext: utf8.decode(opened.plaintext),
      KeyId: opened.keyId,
      KeyVersionId: opened.keyVersionId,
    };
  } finally {
    wipe(opened.plaintext);
  }
});
