import { AccessKeyNotFoundError, InternalFailureError, InvalidParameterError } from "../errors";
import {
  ACCESS_KEY_STATUSES,
  type AccessKeyRecord,
  type AccessKeyRepository,
  type AccessKeyStatus,
  type AccessKeySummary,
} from "./AccessKeyRepository";
import {
  decodeAccessKey,
  decodeAccessKeySummary,
  encodeAccessKey,
  encodeWrappedSecret,
} from "./accessKeyItemCodec";
import { str } from "./attributeValues";
import { type DynamoStoreOptions, DynamoTable } from "./DynamoTable";
import { AccessKeyAlreadyExistsError, CorruptItemError } from "./errors";
import { accessKeyPk, accessKeysOfAccountPk, isIdentifier, SORT_KEYS } from "./itemKeys";

/**
 * AccessKeyRepository on the one DynamoDB table (DESIGN section 5). The partition key is `ACCESSKEY#<id>`, the one
 * item type without the account in it, because authentication looks the AccessKey up before any account is
 * known; the item then names the account. Store failures: ServiceUnavailableError (transient) or
 * InternalFailureError, with the cause kept.
 */
export class DynamoAccessKeyRepository implements AccessKeyRepository {
  readonly #table: DynamoTable;

  /** @throws InvalidParameterError for bad options. */
  constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  /** @throws AccessKeyAlreadyExistsError when the id is taken; InvalidParameterError for an unstorable record. */
  async create(record: AccessKeyRecord): Promise<void> {
    await this.#table.put(
      { Item: encodeAccessKey(record), ConditionExpression: "attribute_not_exists(pk)" },
      () => new AccessKeyAlreadyExistsError(),
    );
  }

  /** @throws CorruptItemError when the stored item does not decode or is not the AccessKey asked for. */
  async get(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    /* Precondition: an AccessKey id that no write accepts names no AccessKey. */
    if (!isIdentifier(accessKeyId)) return undefined;
    const item = await this.#table.get({ pk: str(accessKeyPk(accessKeyId)), sk: str(SORT_KEYS.accessKey) });
    if (item === undefined) return undefined;
    const record = decodeAccessKey(item);
    /* Postcondition: the item read is the AccessKey asked for. */
    if (record.accessKeyId !== accessKeyId) throw new CorruptItemError("ACCESSKEY", "pk");
    return record;
  }

  /** @throws AccessKeyNotFoundError when there is no such AccessKey; InvalidParameterError for a bad status. */
  async setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    /* Precondition: the status is Enabled or Disabled. */
    if (!ACCESS_KEY_STATUSES.includes(status)) {
      throw new InvalidParameterError("Status", "It must be Enabled or Disabled.");
    }
    if (!isIdentifier(accessKeyId)) throw new AccessKeyNotFoundError();
    await this.#table.update(
      {
        Key: { pk: str(accessKeyPk(accessKeyId)), sk: str(SORT_KEYS.accessKey) },
        UpdateExpression: "SET #status = :status",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": str(status) },
      },
      () => new AccessKeyNotFoundError(),
    );
  }

  /** Every AccessKey of the account, oldest first, read from GSI1 (which holds no secrets). */
  async listByAccount(accountId: string): Promise<readonly AccessKeySummary[]> {
    const summaries: AccessKeySummary[] = [];
    const matches = this.#table.query({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :partition",
      ExpressionAttributeValues: { ":partition": str(accessKeysOfAccountPk(accountId)) },
      ScanIndexForward: true,
    });
    for await (const item of matches) {
      const summary = decodeAccessKeySummary(item);
      /* Postcondition: a listing holds only the account's own AccessKeys. */
      if (summary.accountId !== accountId) throw new CorruptItemError("ACCESSKEY", "gsi1pk");
      summaries.push(summary);
    }
    return summaries;
  }

  /** Scans the table for AccessKey items, projecting their ids. */
  async *scanAccessKeyIds(): AsyncGenerator<string> {
    const items = this.#table.scan({
      FilterExpression: "sk = :accessKey",
      ProjectionExpression: "accessKeyId",
      ExpressionAttributeValues: { ":accessKey": str(SORT_KEYS.accessKey) },
    });
    for await (const item of items) {
      const accessKeyId = item.accessKeyId?.S;
      if (accessKeyId === undefined) throw new CorruptItemError("ACCESSKEY", "scan");
      yield accessKeyId;
    }
  }

  /** A conditional update of `secret` on its current root key id; false when the condition fails. */
  async replaceWrappedSecret(
    accessKeyId: string,
    expectedRootKeyId: string,
    secret: AccessKeyRecord["secret"],
  ): Promise<boolean> {
    if (!isIdentifier(accessKeyId)) return false;
    try {
      await this.#table.update(
        {
          Key: { pk: str(accessKeyPk(accessKeyId)), sk: str(SORT_KEYS.accessKey) },
          UpdateExpression: "SET #secret = :secret",
          ConditionExpression: "#secret.#rootKeyId = :expected",
          ExpressionAttributeNames: { "#secret": "secret", "#rootKeyId": "rootKeyId" },
          ExpressionAttributeValues: {
            ":secret": encodeWrappedSecret(secret),
            ":expected": str(expectedRootKeyId),
          },
        },
        () => new SecretMovedError(),
      );
      return true;
    } catch (error) {
      if (error instanceof SecretMovedError) return false;
      throw error;
    }
  }
}

/** The condition of replaceWrappedSecret failed: the secret is no longer under the expected root key. */
class SecretMovedError extends InternalFailureError {}
