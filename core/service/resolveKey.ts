import { KeyNotFoundError } from "../errors";
import { isAtOrBefore } from "../keys/dates";
import type { KeyRecord } from "../keys/KeyRecord";
import { parseKeyReference } from "./keyReference";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/**
 * Whether a stored key still exists for callers: a key past its deletion date is gone at once, before the purge
 * removes the item (DESIGN section 6).
 */
export function isLive(record: KeyRecord, now: Date): boolean {
  return !(
    record.keyState === "PendingDeletion" &&
    record.deleteDate &&
    isAtOrBefore(record.deleteDate, now)
  );
}

/** The key id a KeyId parameter names, following an alias when needed, within the caller's account. */
export async function resolveKeyId(
  deps: ServiceDeps,
  caller: Caller,
  keyIdParameter: string,
): Promise<string> {
  const reference = parseKeyReference(keyIdParameter, caller.accountId, deps.region);
  if (reference.kind === "id") return reference.keyId;
  const alias = await deps.aliases.get(caller.accountId, reference.aliasName);
  if (!alias) throw new KeyNotFoundError();
  return alias.keyId;
}

/**
 * Reads the key a KeyId parameter names (id, alias or ARN) in the caller's account.
 * @throws KeyNotFoundError when it does not exist, belongs to another account, or is past its deletion date.
 */
export async function resolveKey(
  deps: ServiceDeps,
  caller: Caller,
  keyIdParameter: string,
): Promise<KeyRecord> {
  const keyId = await resolveKeyId(deps, caller, keyIdParameter);
  return readLiveKey(deps, caller.accountId, keyId);
}

/** Reads a key by id, treating a key past its deletion date as absent. */
export async function readLiveKey(deps: ServiceDeps, accountId: string, keyId: string): Promise<KeyRecord> {
  const record = await deps.keys.get(accountId, keyId);
  if (!record || !isLive(record, deps.clock())) throw new KeyNotFoundError();
  return record;
}
