import { InvalidParameterError, SignatureNonceUsedError } from "../errors";
import { num, str } from "./attributeValues";
import { type DynamoStoreOptions, DynamoTable } from "./DynamoTable";
import { noncePk, SORT_KEYS } from "./itemKeys";
import type { NonceRepository } from "./NonceRepository";
import { TABLE_DEFINITION } from "./tableDefinition";

/** The options of DynamoNonceRepository: the table and the clock that says which claims have expired. */
export interface DynamoNonceRepositoryOptions extends DynamoStoreOptions {
  readonly clock: () => Date;
}

/**
 * NonceRepository on the one DynamoDB table: a nonce is claimed by one conditional PutItem of
 * `NONCE#<accessKeyId>#<nonce>` with the TTL attribute `ttl` = its expiry in epoch seconds. The condition
 * `attribute_not_exists(pk) OR ttl < now` makes the first claim win, even among concurrent claims, and lets an
 * expired claim be taken again: DynamoDB deletes expired items only eventually (and the embedded store never),
 * so the expiry is also checked here rather than left to the TTL sweep.
 */
export class DynamoNonceRepository implements NonceRepository {
  readonly #table: DynamoTable;
  readonly #clock: () => Date;

  /** @throws InvalidParameterError for bad options. */
  constructor(options: DynamoNonceRepositoryOptions) {
    this.#table = new DynamoTable(options);
    this.#clock = options.clock;
  }

  /**
   * @throws SignatureNonceUsedError when the nonce is already claimed and not expired; InvalidParameterError when
   * the expiry is not a whole number of seconds at or after now, or the id or nonce cannot be stored.
   */
  async claim(accessKeyId: string, nonce: string, expiresAtEpochSeconds: number): Promise<void> {
    const now = Math.floor(this.#clock().getTime() / 1000);
    /* Precondition: a claim expires at a whole second, not before now. */
    if (!Number.isSafeInteger(expiresAtEpochSeconds) || expiresAtEpochSeconds < now) {
      throw new InvalidParameterError("expiresAtEpochSeconds", "It must be whole seconds, not before now.");
    }
    await this.#table.put(
      {
        Item: {
          pk: str(noncePk(accessKeyId, nonce)),
          sk: str(SORT_KEYS.nonce),
          type: str("NONCE"),
          [TABLE_DEFINITION.ttl]: num(expiresAtEpochSeconds),
        },
        ConditionExpression: "attribute_not_exists(pk) OR #ttl < :now",
        ExpressionAttributeNames: { "#ttl": TABLE_DEFINITION.ttl },
        ExpressionAttributeValues: { ":now": num(now) },
      },
      () => new SignatureNonceUsedError(),
    );
  }
}
