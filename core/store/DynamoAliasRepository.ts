import { AliasAlreadyExistsError, AliasNotFoundError } from "../errors";
import type { AliasRecord, AliasRepository } from "./AliasRepository";
import { decodeAlias, encodeAlias } from "./aliasItemCodec";
import { str } from "./attributeValues";
import { collectPage } from "./collectPage";
import { type DynamoStoreOptions, DynamoTable } from "./DynamoTable";
import { CorruptItemError } from "./errors";
import { aliasesOfAccountPk, aliasesOfKeyPk, aliasPk, assertIdentifier, isName, SORT_KEYS } from "./itemKeys";
import type { Page, PageRequest } from "./KeyRepository";

/** A delete of deleteAllForKey that found the alias moved to another key or gone meanwhile: skipped. */
class AliasMovedError extends AliasNotFoundError {}

/**
 * AliasRepository on the one DynamoDB table (DESIGN section 5): one item per alias, unique per account because
 * its partition key is `ACCT#<account>#ALIAS#<name>` and it is created only if that item does not exist.
 * Listings read GSI1 (per account) and GSI3 (per key), sorted by name. Store failures: ServiceUnavailableError
 * (transient) or InternalFailureError, with the cause kept.
 */
export class DynamoAliasRepository implements AliasRepository {
  readonly #table: DynamoTable;

  /** @throws InvalidParameterError for bad options. */
  constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  /** @throws AliasAlreadyExistsError when the account already has this alias name. */
  async create(alias: AliasRecord): Promise<void> {
    await this.#table.put(
      { Item: encodeAlias(alias), ConditionExpression: "attribute_not_exists(pk)" },
      () => new AliasAlreadyExistsError(),
    );
  }

  /** @throws CorruptItemError when the stored item does not decode or is not the alias asked for. */
  async get(accountId: string, aliasName: string): Promise<AliasRecord | undefined> {
    /* Precondition: an alias name that no write accepts names no alias. */
    if (!isName(aliasName)) return undefined;
    const item = await this.#table.get({ pk: str(aliasPk(accountId, aliasName)), sk: str(SORT_KEYS.alias) });
    if (item === undefined) return undefined;
    const alias = decodeAlias(item);
    /* Postcondition: the item read is the alias of the account asked for. */
    if (alias.accountId !== accountId || alias.aliasName !== aliasName)
      throw new CorruptItemError("ALIAS", "pk");
    return alias;
  }

  /** @throws AliasNotFoundError when the account has no such alias; InvalidParameterError for a bad key id. */
  async update(accountId: string, aliasName: string, keyId: string): Promise<void> {
    if (!isName(aliasName)) throw new AliasNotFoundError();
    assertIdentifier(keyId, "KeyId");
    await this.#table.update(
      {
        Key: { pk: str(aliasPk(accountId, aliasName)), sk: str(SORT_KEYS.alias) },
        UpdateExpression: "SET #keyId = :keyId, gsi3pk = :byKey",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#keyId": "keyId" },
        ExpressionAttributeValues: { ":keyId": str(keyId), ":byKey": str(aliasesOfKeyPk(accountId, keyId)) },
      },
      () => new AliasNotFoundError(),
    );
  }

  /** @throws AliasNotFoundError when the account has no such alias. */
  async delete(accountId: string, aliasName: string): Promise<void> {
    if (!isName(aliasName)) throw new AliasNotFoundError();
    await this.#table.delete(
      {
        Key: { pk: str(aliasPk(accountId, aliasName)), sk: str(SORT_KEYS.alias) },
        ConditionExpression: "attribute_exists(pk)",
      },
      () => new AliasNotFoundError(),
    );
  }

  /** @throws InvalidParameterError for a bad page request. */
  listByAccount(accountId: string, page: PageRequest): Promise<Page<AliasRecord>> {
    return collectPage(this.#queryIndex("gsi1", aliasesOfAccountPk(accountId)), page, decodeAlias);
  }

  /** @throws InvalidParameterError for a bad page request. */
  listByKey(accountId: string, keyId: string, page: PageRequest): Promise<Page<AliasRecord>> {
    return collectPage(this.#queryIndex("gsi3", aliasesOfKeyPk(accountId, keyId)), page, decodeAlias);
  }

  /**
   * Deletes every alias of a key (the purge). Each delete is conditional on the alias still naming this key, so
   * an alias moved to another key meanwhile survives. GSI3 is eventually consistent: an alias created in the
   * instant before may be missed; it then names a key that no longer exists and resolves to KeyNotFound.
   */
  async deleteAllForKey(accountId: string, keyId: string): Promise<void> {
    const names: string[] = [];
    for await (const item of this.#queryIndex("gsi3", aliasesOfKeyPk(accountId, keyId))) {
      names.push(decodeAlias(item).aliasName);
    }
    await Promise.all(
      names.map((aliasName) =>
        this.#table
          .delete(
            {
              Key: { pk: str(aliasPk(accountId, aliasName)), sk: str(SORT_KEYS.alias) },
              ConditionExpression: "#keyId = :keyId",
              ExpressionAttributeNames: { "#keyId": "keyId" },
              ExpressionAttributeValues: { ":keyId": str(keyId) },
            },
            () => new AliasMovedError(),
          )
          .catch((error: unknown) => {
            if (!(error instanceof AliasMovedError)) throw error;
          }),
      ),
    );
  }

  #queryIndex(indexName: "gsi1" | "gsi3", partition: string) {
    return this.#table.query({
      IndexName: indexName,
      KeyConditionExpression: `${indexName}pk = :partition`,
      ExpressionAttributeValues: { ":partition": str(partition) },
      ScanIndexForward: true,
    });
  }
}
