import type { KeyVersionHandle } from "../../crypto/CryptoProvider";
import { KeyNotFoundError, KeyVersionNotFoundError, UnsupportedOperationError } from "../../errors";
import type { KeyRecord, KeyVersion } from "../../keys/KeyRecord";
import { keySpecInfo } from "../../keys/keySpecs";
import { assertUsable } from "../../keys/stateMachine";
import type { KeyUsage } from "../../keys/types";
import { parseKeyReference } from "../keyReference";
import { findVersion } from "../keyVersions";
import { isLive, readLiveKey } from "../resolveKey";
import type { Caller, ServiceDeps } from "../ServiceDeps";

/**
 * Reads a key for a cryptographic operation through the warm cache (DESIGN section 7): a cached record or alias
 * is trusted for the cache's TTL, so a warm call makes no store call.
 * @throws KeyNotFoundError
 */
export async function readKeyForUse(deps: ServiceDeps, accountId: string, keyId: string): Promise<KeyRecord> {
  const cached = deps.keyCache?.getRecord(accountId, keyId);
  if (cached && isLive(cached, deps.clock())) return cached;
  const record = await readLiveKey(deps, accountId, keyId);
  deps.keyCache?.putRecord(record);
  return record;
}

/** Resolves a KeyId parameter (id, alias or ARN) through the warm cache. @throws KeyNotFoundError */
export async function resolveKeyForUse(
  deps: ServiceDeps,
  caller: Caller,
  keyIdParameter: string,
): Promise<KeyRecord> {
  const reference = parseKeyReference(keyIdParameter, caller.accountId, deps.region);
  if (reference.kind === "id") return readKeyForUse(deps, caller.accountId, reference.keyId);
  let keyId = deps.keyCache?.getAliasTarget(caller.accountId, reference.aliasName);
  if (keyId === undefined) {
    const alias = await deps.aliases.get(caller.accountId, reference.aliasName);
    if (!alias) throw new KeyNotFoundError();
    keyId = alias.keyId;
    deps.keyCache?.putAliasTarget(caller.accountId, reference.aliasName, keyId);
  }
  return readKeyForUse(deps, caller.accountId, keyId);
}

/**
 * The guard of the symmetric operations: the key is Enabled and symmetric.
 * @throws KeyStateRejectedError, UnsupportedOperationError
 */
export function assertSymmetricUsable(key: KeyRecord): void {
  assertUsable(key);
  /* Precondition: Encrypt, Decrypt and the data-key operations need a symmetric key. */
  if (keySpecInfo(key.keySpec).kind !== "symmetric") {
    throw new UnsupportedOperationError(`A ${key.keySpec} key cannot be used for symmetric encryption.`);
  }
}

/**
 * The guard of the asymmetric operations: the key is Enabled, asymmetric, has the usage the operation needs and
 * the named version. Returns that version.
 * @throws KeyStateRejectedError, UnsupportedOperationError, KeyVersionNotFoundError
 */
export function asymmetricVersionForUse(
  key: KeyRecord,
  versionId: string,
  usage: KeyUsage | undefined,
): KeyVersion {
  assertUsable(key);
  /* Precondition: asymmetric operations need an asymmetric key. */
  if (keySpecInfo(key.keySpec).kind !== "asymmetric") {
    throw new UnsupportedOperationError(`A ${key.keySpec} key has no asymmetric operations.`);
  }
  /* Precondition: the key's usage fits the operation. */
  if (usage !== undefined && key.keyUsage !== usage) {
    throw new UnsupportedOperationError(`The key's usage is ${key.keyUsage}; this operation needs ${usage}.`);
  }
  return findVersion(key, versionId);
}

/** What a crypto provider needs to use one version of a key. */
export function versionHandle(key: KeyRecord, version: KeyVersion): KeyVersionHandle {
  return {
    accountId: key.accountId,
    keyId: key.keyId,
    versionId: version.versionId,
    keySpec: key.keySpec,
    material: version.material,
    ...(version.publicKey ? { publicKey: version.publicKey } : {}),
  };
}

/** The identity every asymmetric operation answers with. */
export interface KeyVersionNamed {
  readonly keyId: string;
  readonly keyVersionId: string;
}

/** The parameters every asymmetric operation takes (asymmetric keys are used by version). */
export interface AsymmetricInput {
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly dryRun?: boolean;
}

/** The public key PEM of an asymmetric key version. @throws KeyVersionNotFoundError when it has none. */
export function publicKeyOf(version: { publicKey?: string }): string {
  if (!version.publicKey) throw new KeyVersionNotFoundError();
  return version.publicKey;
}
