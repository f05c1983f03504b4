import { type RootKeyring, rewrapMaterial, rewrapSecret } from "../crypto/rootKeyring";
import type { KeyRecord, KeyVersion, MaterialRef } from "../keys/KeyRecord";
import type { AccessKeyRepository } from "../store/AccessKeyRepository";
import { RevisionConflictError } from "../store/errors";
import type { KeyRepository } from "../store/KeyRepository";
import { ACCESS_KEY_SECRET_PURPOSE } from "./accessKeys";

/** What the root-key maintenance needs: the whole table and the keyring (primary = the key to move to). */
export interface RootKeyMaintenanceDeps {
  readonly keys: KeyRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly keyring: RootKeyring;
}

/** How many wrapped secrets each root key holds: SOFTWARE key versions and AccessKey secrets, by root key id. */
export interface RootKeyUse {
  readonly keyVersions: Readonly<Record<string, number>>;
  readonly accessKeys: Readonly<Record<string, number>>;
}

/** What a rewrap moved to the primary root key. */
export interface RewrapResult {
  readonly keyVersions: number;
  readonly accessKeys: number;
}

/** How often a key's rewrap is re-read and re-applied after losing its conditional write to a concurrent change. */
const MAX_ATTEMPTS = 10;

/**
 * Counts what each root key wraps (a scan of the table: maintenance, not a request path). A root key may leave the
 * keyring (KEYWARD_ROOT_KEYS) once nothing counts under it; until then, removing it makes those keys and AccessKeys
 * unusable.
 */
export async function rootKeyUse(deps: RootKeyMaintenanceDeps): Promise<RootKeyUse> {
  const keyVersions: Record<string, number> = {};
  const accessKeys: Record<string, number> = {};
  for await (const { accountId, keyId } of deps.keys.scanKeyIds()) {
    const record = await deps.keys.get(accountId, keyId);
    for (const version of record?.versions ?? []) {
      if (version.material.kind !== "software") continue;
      const id = version.material.rootKeyId;
      keyVersions[id] = (keyVersions[id] ?? 0) + 1;
    }
  }
  for await (const accessKeyId of deps.accessKeys.scanAccessKeyIds()) {
    const record = await deps.accessKeys.get(accessKeyId);
    if (record) accessKeys[record.secret.rootKeyId] = (accessKeys[record.secret.rootKeyId] ?? 0) + 1;
  }
  return { keyVersions, accessKeys };
}

/**
 * Completes a root-key rotation (DESIGN section 7): every SOFTWARE key version and every AccessKey secret wrapped
 * under a root key other than the keyring's primary is unwrapped and wrapped anew under the primary. Each key is one
 * conditional write on its revision (re-read and re-applied when a concurrent change wins), each AccessKey one
 * conditional update on its current root key id, so running it while the service serves loses no change, and running
 * it twice does nothing the second time. The old root keys must still be in the keyring. The material and secrets
 * are the same afterwards: ciphertexts, data keys and signatures are unaffected.
 * @throws InternalCryptoError when a wrapped secret does not unwrap (its root key is missing from the keyring);
 *   the store's errors. What was moved before the error stays moved.
 */
export async function rewrapUnderPrimary(deps: RootKeyMaintenanceDeps): Promise<RewrapResult> {
  let keyVersions = 0;
  for await (const { accountId, keyId } of deps.keys.scanKeyIds()) {
    keyVersions += await rewrapKey(deps, accountId, keyId);
  }
  let accessKeys = 0;
  for await (const accessKeyId of deps.accessKeys.scanAccessKeyIds()) {
    const record = await deps.accessKeys.get(accessKeyId);
    if (!record || record.secret.rootKeyId === deps.keyring.primaryId) continue;
    const context = [record.accessKeyId, record.accountId];
    const secret = rewrapSecret(deps.keyring, ACCESS_KEY_SECRET_PURPOSE, context, record.secret);
    if (await deps.accessKeys.replaceWrappedSecret(accessKeyId, record.secret.rootKeyId, secret))
      accessKeys++;
  }
  return { keyVersions, accessKeys };
}

/** Rewraps one key's versions; returns how many moved. */
async function rewrapKey(deps: RootKeyMaintenanceDeps, accountId: string, keyId: string): Promise<number> {
  let lastConflict: unknown;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const record = await deps.keys.get(accountId, keyId);
    if (!record) return 0;
    const moved = record.versions.filter((version) => needsRewrap(deps.keyring, version)).length;
    if (moved === 0) return 0;
    const next: KeyRecord = {
      ...record,
      versions: record.versions.map((version) => rewrapVersion(deps.keyring, record, version)),
      revision: record.revision + 1,
    };
    try {
      await deps.keys.update(next);
      return moved;
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      lastConflict = error;
    }
  }
  throw lastConflict;
}

/** A SOFTWARE version whose material is wrapped under a root key other than the primary. */
type StaleVersion = KeyVersion & { readonly material: Extract<MaterialRef, { kind: "software" }> };

function needsRewrap(keyring: RootKeyring, version: KeyVersion): version is StaleVersion {
  return version.material.kind === "software" && version.material.rootKeyId !== keyring.primaryId;
}

function rewrapVersion(keyring: RootKeyring, record: KeyRecord, version: KeyVersion): KeyVersion {
  if (!needsRewrap(keyring, version)) return version;
  const identity = {
    accountId: record.accountId,
    keyId: record.keyId,
    versionId: version.versionId,
    keySpec: record.keySpec,
  };
  const wrapped = rewrapMaterial(keyring, identity, version.material);
  return { ...version, material: { kind: "software", ...wrapped } };
}
