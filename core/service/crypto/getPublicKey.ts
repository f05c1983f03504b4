import { DryRunOperationError, UnsupportedOperationError } from "../../errors";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { asymmetricVersionForUse, resolveKeyForUse } from "./keyForUse";

/**
 * GetPublicKey: the PEM public key of an asymmetric key version, for anyone to use offline. It reads the record
 * only: no cryptography runs, so this module loads no crypto library.
 */
export async function getPublicKey(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; keyVersionId: string; dryRun?: boolean },
): Promise<{ keyId: string; keyVersionId: string; publicKey: string }> {
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  const version = asymmetricVersionForUse(key, input.keyVersionId, undefined);
  if (input.dryRun) throw new DryRunOperationError();
  if (!version.publicKey) throw new UnsupportedOperationError("This key version has no public key.");
  return { keyId: key.keyId, keyVersionId: version.versionId, publicKey: version.publicKey };
}
