import { reEncrypt } from "../core/service/crypto/reEncrypt";
import { defineHandler } from "./lib/defineHandler";
import { base64 } from "./lib/shapes";

/** ReEncrypt: the new `CiphertextBlob` under the destination key, with its `KeyId` and `KeyVersionId`. */
export const handler = defineHandler("ReEncrypt", async ({ deps, principal }, input) => {
  const sealed = await reEncrypt(deps, principal, input);
  return {
    CiphertextBlob: base64(sealed.ciphertextBlob),
    KeyId: sealed.keyId,
    KeyVersionId: sealed.keyVersionId,
  };
});
