import { AliasNotFoundError, InvalidParameterError, NoPermissionError } from "../errors";
import { assertStateAllows } from "../keys/stateMachine";
import type { AliasRecord } from "../store/AliasRepository";
import type { Page, PageRequest } from "../store/KeyRepository";
import { assertUserManaged } from "./assertUserManaged";
import { aliasArn } from "./keyReference";
import { resolveKey } from "./resolveKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

const ALIAS_NAME = /^alias\/[A-Za-z0-9_/-]+$/;
const MAX_ALIAS_NAME_LENGTH = 255;
/** Names starting alias/acs (any case) are reserved (reference, CreateAlias), not only alias/acs/ and below. */
const RESERVED_PREFIX = /^alias\/acs/i;

/**
 * Checks an AliasName: `alias/` followed by letters, digits, `_ - /`, at most 255 characters in all.
 * @throws InvalidParameterError (`AliasName`).
 */
export function validateAliasName(aliasName: string): void {
  /* Precondition: an alias name is alias/ plus letters, digits, _ - / and at most 255 characters. */
  if (!ALIAS_NAME.test(aliasName) || aliasName.length > MAX_ALIAS_NAME_LENGTH) {
    throw new InvalidParameterError("AliasName", "It must be alias/ followed by letters, digits, _, - or /.");
  }
}

/**
 * Names starting `alias/acs` belong to integrated services (service keys, `alias/acs/<code>`); users cannot
 * create, move or delete such aliases.
 * @throws NoPermissionError
 */
export function assertNotReservedAlias(aliasName: string): void {
  /* Precondition: users do not touch aliases under alias/acs. */
  if (RESERVED_PREFIX.test(aliasName)) {
    throw new NoPermissionError("Aliases starting alias/acs are reserved for service keys.");
  }
}

/** CreateAlias: a new alias in the caller's account for one of its keys (not PendingDeletion). */
export async function createAlias(
  deps: ServiceDeps,
  caller: Caller,
  input: { aliasName: string; keyId: string },
): Promise<AliasRecord> {
  validateAliasName(input.aliasName);
  assertNotReservedAlias(input.aliasName);
  const key = await resolveKey(deps, caller, input.keyId);
  assertUserManaged(key, "CreateAlias");
  assertStateAllows(key, "CreateAlias");
  const alias: AliasRecord = {
    accountId: caller.accountId,
    aliasName: input.aliasName,
    keyId: key.keyId,
    aliasArn: aliasArn(deps.region, caller.accountId, input.aliasName),
  };
  await deps.aliases.create(alias);
  return alias;
}

/** UpdateAlias: points an existing alias at another key; only the new target's state is checked. */
export async function updateAlias(
  deps: ServiceDeps,
  caller: Caller,
  input: { aliasName: string; keyId: string },
): Promise<void> {
  validateAliasName(input.aliasName);
  assertNotReservedAlias(input.aliasName);
  const existing = await deps.aliases.get(caller.accountId, input.aliasName);
  if (!existing) throw new AliasNotFoundError();
  const key = await resolveKey(deps, caller, input.keyId);
  assertUserManaged(key, "UpdateAlias");
  assertStateAllows(key, "UpdateAlias");
  await deps.aliases.update(caller.accountId, input.aliasName, key.keyId);
  deps.keyCache?.forgetAlias(caller.accountId, input.aliasName);
}

/** DeleteAlias: removes an alias; the key is untouched. */
export async function deleteAlias(
  deps: ServiceDeps,
  caller: Caller,
  input: { aliasName: string },
): Promise<void> {
  validateAliasName(input.aliasName);
  assertNotReservedAlias(input.aliasName);
  await deps.aliases.delete(caller.accountId, input.aliasName);
  deps.keyCache?.forgetAlias(caller.accountId, input.aliasName);
}

/** ListAliases: one page of the caller's aliases. */
export function listAliases(
  deps: ServiceDeps,
  caller: Caller,
  page: PageRequest,
): Promise<Page<AliasRecord>> {
  return deps.aliases.listByAccount(caller.accountId, page);
}

/** ListAliasesByKeyId: one page of the aliases of one key. @throws KeyNotFoundError */
export async function listAliasesByKeyId(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string } & PageRequest,
): Promise<Page<AliasRecord>> {
  const key = await resolveKey(deps, caller, input.keyId);
  return deps.aliases.listByKey(caller.accountId, key.keyId, input);
}
