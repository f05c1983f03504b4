import { InvalidParameterError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";
import { num, str } from "./attributeValues";
import { collectPage } from "./collectPage";
import { type DynamoStoreOptions, DynamoTable, type Item } from "./DynamoTable";
import { CorruptItemError, KeyAlreadyExistsError, RevisionConflictError } from "./errors";
import { DUE_PARTITIONS, isIdentifier, keyPk, keysOfAccountPk, SORT_KEYS } from "./itemKeys";
import type { KeyListFilter, KeyRepository, KeySummary, Page, PageRequest } from "./KeyRepository";
import { dueBound, keyItemKeys } from "./keyItemKeys";
import { keyListFilterExpression } from "./keyListFilterExpression";
import { decodeKeyRecord, encodeKeyRecord } from "./keyRecordCodec";

type DueKey = { accountId: string; keyId: string };

/**
 * KeyRepository on the one DynamoDB table (DESIGN section 5): one item per key with all its versions; every write
 * a single-item conditional write (no transactions: the embedded store has none and none is needed).
 * - create: PutItem if `attribute_not_exists(pk)`; update: PutItem if `revision = next.revision - 1`;
 *   delete: DeleteItem if `revision = expectedRevision` (a conflict or a missing item: RevisionConflictError);
 * - get: GetItem with ConsistentRead; list: Query on GSI1 with only keyId and arn projected (never versions);
 * - listDueForPurge / listDueForRotation: Query on the sparse GSI2.
 * Every account-scoped method builds the partition key from its accountId, so it cannot reach another account.
 * Store failures: ServiceUnavailableError (transient) or InternalFailureError, with the cause kept.
 */
export class DynamoKeyRepository implements KeyRepository {
  readonly #table: DynamoTable;

  /** @throws InvalidParameterError for bad options. */
  constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  /** @throws InvalidParameterError unless the revision is 1; KeyAlreadyExistsError when the key id is taken. */
  async create(record: KeyRecord): Promise<void> {
    /* Precondition: a new key has revision 1. */
    if (record.revision !== 1) throw new InvalidParameterError("revision", "A new key has revision 1.");
    await this.#table.put(
      {
        Item: { ...keyItemKeys(record), ...encodeKeyRecord(record) },
        ConditionExpression: "attribute_not_exists(pk)",
      },
      () => new KeyAlreadyExistsError(),
    );
  }

  /** @throws CorruptItemError when the stored item does not decode or is not the key asked for. */
  async get(accountId: string, keyId: string): Promise<KeyRecord | undefined> {
    /* Precondition: a key id that no write accepts names no key. */
    if (!isIdentifier(keyId)) return undefined;
    const item = await this.#table.get({ pk: str(keyPk(accountId, keyId)), sk: str(SORT_KEYS.key) });
    if (item === undefined) return undefined;
    const record = decodeKeyRecord(item);
    /* Postcondition: the item read is the key of the account asked for. */
    if (record.accountId !== accountId || record.keyId !== keyId) throw new CorruptItemError("KEY", "pk");
    return record;
  }

  /**
   * @throws RevisionConflictError when the stored revision is not `next.revision - 1` or the key is gone;
   * InvalidParameterError when `next.revision` is not a whole number of at least 2.
   */
  async update(next: KeyRecord): Promise<void> {
    /* Precondition: an update follows a stored revision (it is at least 2). */
    if (!Number.isSafeInteger(next.revision) || next.revision < 2) {
      throw new InvalidParameterError("revision", "An update has a revision of at least 2.");
    }
    await this.#table.put(
      {
        Item: { ...keyItemKeys(next), ...encodeKeyRecord(next) },
        ConditionExpression: "#revision = :expected",
        ExpressionAttributeNames: { "#revision": "revision" },
        ExpressionAttributeValues: { ":expected": num(next.revision - 1) },
      },
      () => new RevisionConflictError(),
    );
  }

  /** @throws RevisionConflictError when the stored revision is not `expectedRevision` or the key is gone. */
  async delete(accountId: string, keyId: string, expectedRevision: number): Promise<void> {
    await this.#table.delete(
      {
        Key: { pk: str(keyPk(accountId, keyId)), sk: str(SORT_KEYS.key) },
        ConditionExpression: "#revision = :expected",
        ExpressionAttributeNames: { "#revision": "revision" },
        ExpressionAttributeValues: { ":expected": num(expectedRevision) },
      },
      () => new RevisionConflictError(),
    );
  }

  /**
   * One page of an account's keys, oldest first, filtered in the store; TotalCount counts every match.
   * @throws InvalidParameterError for a bad page request or filter.
   */
  async list(accountId: string, filter: KeyListFilter, page: PageRequest): Promise<Page<KeySummary>> {
    const filterExpression = keyListFilterExpression(filter);
    const matches = this.#table.query({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :partition",
      ProjectionExpression: "#keyId, #arn",
      ...(filterExpression ? { FilterExpression: filterExpression.expression } : {}),
      ExpressionAttributeNames: { "#keyId": "keyId", "#arn": "arn", ...filterExpression?.names },
      ExpressionAttributeValues: {
        ":partition": str(keysOfAccountPk(accountId)),
        ...filterExpression?.values,
      },
      ScanIndexForward: true,
    });
    return collectPage(matches, page, (item) => summaryOf(item));
  }

  /** @throws InvalidParameterError when `now` is not `YYYY-MM-DDTHH:mm:ssZ` or `limit` is not positive. */
  listDueForPurge(now: string, limit: number): Promise<readonly DueKey[]> {
    return this.#listDue(DUE_PARTITIONS.purge, now, limit);
  }

  /** @throws InvalidParameterError when `now` is not `YYYY-MM-DDTHH:mm:ssZ` or `limit` is not positive. */
  listDueForRotation(now: string, limit: number): Promise<readonly DueKey[]> {
    return this.#listDue(DUE_PARTITIONS.rotate, now, limit);
  }

  /** Scans the table for key items, projecting their account and key ids. */
  async *scanKeyIds(): AsyncGenerator<{ accountId: string; keyId: string }> {
    const items = this.#table.scan({
      FilterExpression: "sk = :key",
      ProjectionExpression: "accountId, keyId",
      ExpressionAttributeValues: { ":key": str(SORT_KEYS.key) },
    });
    for await (const item of items) {
      const accountId = item.accountId?.S;
      const keyId = item.keyId?.S;
      if (accountId === undefined || keyId === undefined) throw new CorruptItemError("KEY", "scan");
      yield { accountId, keyId };
    }
  }

  async #listDue(partition: string, now: string, limit: number): Promise<DueKey[]> {
    /* Precondition: the due listing limit is a positive whole number. */
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new InvalidParameterError("limit", "It must be a positive whole number.");
    }
    const due: DueKey[] = [];
    const matches = this.#table.query({
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :partition AND gsi2sk < :bound",
      ExpressionAttributeValues: { ":partition": str(partition), ":bound": str(dueBound(now)) },
      ScanIndexForward: true,
      Limit: limit,
    });
    for await (const item of matches) {
      const accountId = item.accountId?.S;
      const keyId = item.keyId?.S;
      if (accountId === undefined || keyId === undefined) throw new CorruptItemError("KEY", "gsi2");
      due.push({ accountId, keyId });
      if (due.length >= limit) break;
    }
    return due;
  }
}

function summaryOf(item: Item): KeySummary {
  const keyId = item.keyId?.S;
  const arn = item.arn?.S;
  if (keyId === undefined || arn === undefined) throw new CorruptItemError("KEY", "gsi1");
  return { keyId, arn };
}
