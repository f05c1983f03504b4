import type { Page, PageRequest } from "./KeyRepository";

/** An alias: a name in one account pointing at one key of that account. */
export interface AliasRecord {
  readonly accountId: string;
  /** The full name, `alias/...`. */
  readonly aliasName: string;
  readonly keyId: string;
  /** `acs:kms:<region>:<account>:alias/<name>` */
  readonly aliasArn: string;
}

/**
 * Storage of aliases (DESIGN section 5): one item per alias, unique per account by a conditional put.
 * `create` throws AliasAlreadyExistsError when the name is taken; `update` and `delete` throw AliasNotFoundError
 * when it is absent.
 */
export interface AliasRepository {
  create(alias: AliasRecord): Promise<void>;
  get(accountId: string, aliasName: string): Promise<AliasRecord | undefined>;
  /** Points an existing alias at another key. */
  update(accountId: string, aliasName: string, keyId: string): Promise<void>;
  delete(accountId: string, aliasName: string): Promise<void>;
  /** One page of an account's aliases, ordered by name. */
  listByAccount(accountId: string, page: PageRequest): Promise<Page<AliasRecord>>;
  /** One page of the aliases of one key, ordered by name. */
  listByKey(accountId: string, keyId: string, page: PageRequest): Promise<Page<AliasRecord>>;
  /** Deletes every alias of a key (the purge). */
  deleteAllForKey(accountId: string, keyId: string): Promise<void>;
}
