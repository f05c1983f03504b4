import type { KeyRecord } from "../keys/KeyRecord";
import type { ServiceDeps } from "./ServiceDeps";

/** The new key version whose material a failed write was to record. */
export interface UnrecordedVersion {
  readonly accountId: string;
  readonly keyId: string;
  readonly versionId: string;
  /** Destroys the version's material (an HSM object; nothing for wrapped SOFTWARE material). */
  destroy(): Promise<void>;
}

/**
 * Decides what happens to new key material after the write that was to record it failed. A failed DynamoDB write
 * may still have landed: a timeout or a dropped connection after the commit, or the SDK's automatic retry of a
 * committed conditional write failing its condition. Destroying the material then would leave a stored version
 * whose HSM object is gone, and every ciphertext made with it undecryptable. So the key is read again (a
 * consistent read) and:
 * - when the stored record has the version, the write landed: the stored record is returned and the caller answers
 *   as if nothing had failed;
 * - when it does not, the material is destroyed (best effort: a failure leaves an unused object) and the write's
 *   error is thrown;
 * - when the read fails too, nothing can be known: the material is kept (at worst an unused HSM object, never a
 *   stored version without material) and the write's error is thrown.
 *
 * @throws `writeError` unless the write landed.
 */
export async function settleFailedWrite(
  deps: ServiceDeps,
  version: UnrecordedVersion,
  writeError: unknown,
): Promise<KeyRecord> {
  let stored: KeyRecord | undefined;
  try {
    stored = await deps.keys.get(version.accountId, version.keyId);
  } catch {
    throw writeError;
  }
  if (stored?.versions.some((v) => v.versionId === version.versionId)) {
    deps.keyCache?.invalidate(stored.accountId, stored.keyId);
    return stored;
  }
  await version.destroy().catch(() => undefined);
  throw writeError;
}
