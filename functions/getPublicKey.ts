import { getPublicKey } from "../core/service/crypto/getPublicKey";
import { defineHandler } from "./lib/defineHandler";

/** GetPublicKey: `PublicKey` (PEM SubjectPublicKeyInfo), `KeyId`, `KeyVersionId`. */
export const handler = defineHandler("GetPublicKey", async ({ deps, principal }, input) => {
  const result = await getPublicKey(deps, principal, input);
  return { PublicKey: result.publicKey, KeyId: result.keyId, KeyVersionId: result.keyVersionId };
});
