import { InvalidParameterError } from "../errors";

/*
 * The key attributes of every item of the one table (DESIGN section 5; docs/data-model.md).
 *
 * Values are `#`-separated segments. Identifiers (account ids, key ids, AccessKey ids) may sit in the middle of a
 * value, so they must not contain `#`: otherwise account `A` with key `x#KEY#y` and account `A#KEY#x` with key `y`
 * would share a partition key. Free names (alias names, nonces) only ever sit in the last segment, so any
 * character is safe there; they are bounded in length so that a partition key stays below DynamoDB's 2048 bytes.
 */

const MAX_IDENTIFIER_LENGTH = 128;
const MAX_NAME_BYTES = 1024;

/** The sort keys, one per item type (each item type is alone in its partition). */
export const SORT_KEYS = { key: "KEY", alias: "ALIAS", accessKey: "ACCESSKEY", nonce: "NONCE" } as const;

/** The partitions of GSI2, the sparse index of the scheduled jobs. */
export const DUE_PARTITIONS = { purge: "PURGE", rotate: "ROTATE" } as const;

/** Whether a value can be an identifier segment: 1 to 128 characters, no `#`. */
export function isIdentifier(value: string): boolean {
  return value.length > 0 && value.length <= MAX_IDENTIFIER_LENGTH && !value.includes("#");
}

/** Whether a value can be a trailing name segment: 1 to 1024 UTF-8 bytes. */
export function isName(value: string): boolean {
  return value.length > 0 && Buffer.byteLength(value, "utf8") <= MAX_NAME_BYTES;
}

/**
 * Checks an identifier before it goes into a key attribute.
 * @throws InvalidParameterError naming `parameter`.
 */
export function assertIdentifier(value: string, parameter: string): void {
  /* Precondition: an identifier in a storage key is 1 to 128 characters without "#". */
  if (!isIdentifier(value)) {
    throw new InvalidParameterError(parameter, "It must be 1 to 128 characters and must not contain '#'.");
  }
}

/**
 * Checks a free name (alias name, nonce) before it goes into a key attribute.
 * @throws InvalidParameterError naming `parameter`.
 */
export function assertName(value: string, parameter: string): void {
  /* Precondition: a name in a storage key is 1 to 1024 UTF-8 bytes. */
  if (!isName(value)) throw new InvalidParameterError(parameter, "It must be 1 to 1024 bytes long.");
}

/** `ACCT#<account>#KEY#<keyId>`: the partition key of a key item. */
export function keyPk(accountId: string, keyId: string): string {
  assertIdentifier(accountId, "accountId");
  assertIdentifier(keyId, "KeyId");
  return `ACCT#${accountId}#KEY#${keyId}`;
}

/** `ACCT#<account>#KEYS`: the GSI1 partition listing an account's keys. */
export function keysOfAccountPk(accountId: string): string {
  assertIdentifier(accountId, "accountId");
  return `ACCT#${accountId}#KEYS`;
}

/** `ACCT#<account>#ALIAS#<aliasName>`: the partition key of an alias item. */
export function aliasPk(accountId: string, aliasName: string): string {
  assertIdentifier(accountId, "accountId");
  assertName(aliasName, "AliasName");
  return `ACCT#${accountId}#ALIAS#${aliasName}`;
}

/** `ACCT#<account>#ALIASES`: the GSI1 partition listing an account's aliases. */
export function aliasesOfAccountPk(accountId: string): string {
  assertIdentifier(accountId, "accountId");
  return `ACCT#${accountId}#ALIASES`;
}

/** `ACCT#<account>#KEY#<keyId>#ALIASES`: the GSI3 partition listing the aliases of one key. */
export function aliasesOfKeyPk(accountId: string, keyId: string): string {
  return `${keyPk(accountId, keyId)}#ALIASES`;
}

/**
 * `ACCESSKEY#<id>`: the partition key of an AccessKey item. The one item type without the account in its key:
 * a request names only its AccessKey id, and the account is what this item tells.
 */
export function accessKeyPk(accessKeyId: string): string {
  assertIdentifier(accessKeyId, "AccessKeyId");
  return `ACCESSKEY#${accessKeyId}`;
}

/** `ACCT#<account>#ACCESSKEYS`: the GSI1 partition listing an account's AccessKeys. */
export function accessKeysOfAccountPk(accountId: string): string {
  assertIdentifier(accountId, "accountId");
  return `ACCT#${accountId}#ACCESSKEYS`;
}

/** `NONCE#<accessKeyId>#<nonce>`: the partition key of a used SignatureNonce. */
export function noncePk(accessKeyId: string, nonce: string): string {
  assertIdentifier(accessKeyId, "AccessKeyId");
  assertName(nonce, "SignatureNonce");
  return `NONCE#${accessKeyId}#${nonce}`;
}
