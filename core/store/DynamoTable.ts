import {
  type AttributeValue,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { InvalidParameterError, type KmsError } from "../errors";
import { type StoreOperation, translateStoreError } from "./translateStoreError";

/** A DynamoDB item in the low-level AttributeValue form. */
export type Item = Record<string, AttributeValue>;

/** What every DynamoDB repository is built from (injected: STYLE rules 5 and 6). */
export interface DynamoStoreOptions {
  /** A client created once per process and reused (STYLE rule 17). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Called once before each DynamoDB request, with its operation name: lets tests count store calls. */
  readonly onCall?: (operation: StoreOperation) => void;
  /** At most this many items per Query request (default: DynamoDB's 1 MB pages). Tests use it to force paging. */
  readonly queryPageSize?: number;
}

type Without<T> = Omit<T, "TableName">;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * The one table as the repositories use it: each method is one DynamoDB request (a query, one request per page),
 * reported to `onCall` and with every failure translated into a KmsError by translateStoreError.
 */
export class DynamoTable {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #onCall: (operation: StoreOperation) => void;
  readonly #queryPageSize: number | undefined;

  /** @throws InvalidParameterError when the table name or the page size is not valid. */
  constructor(options: DynamoStoreOptions) {
    /* Precondition: the table name is a valid DynamoDB table name. */
    if (!TABLE_NAME.test(options.tableName)) {
      throw new InvalidParameterError("tableName", "It must be 3 to 255 characters of A-Z a-z 0-9 _ - .");
    }
    /* Precondition: the query page size, when given, is a positive integer. */
    const pageSize = options.queryPageSize;
    if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize > 0)) {
      throw new InvalidParameterError("queryPageSize", "It must be a positive integer.");
    }
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#onCall = options.onCall ?? (() => {});
    this.#queryPageSize = pageSize;
  }

  /** GetItem with a strongly consistent read; undefined when there is no such item. */
  async get(key: Item): Promise<Item | undefined> {
    const output = await this.#send("GetItem", undefined, () =>
      this.#client.send(new GetItemCommand({ TableName: this.#tableName, Key: key, ConsistentRead: true })),
    );
    return output.Item;
  }

  /** PutItem; a failed condition throws `onConditionFailed()`. */
  async put(input: Without<PutItemCommandInput>, onConditionFailed?: () => KmsError): Promise<void> {
    await this.#send("PutItem", onConditionFailed, () =>
      this.#client.send(new PutItemCommand({ ...input, TableName: this.#tableName })),
    );
  }

  /** UpdateItem; a failed condition throws `onConditionFailed()`. */
  async update(input: Without<UpdateItemCommandInput>, onConditionFailed?: () => KmsError): Promise<void> {
    await this.#send("UpdateItem", onConditionFailed, () =>
      this.#client.send(new UpdateItemCommand({ ...input, TableName: this.#tableName })),
    );
  }

  /** DeleteItem; a failed condition throws `onConditionFailed()`. */
  async delete(input: Without<DeleteItemCommandInput>, onConditionFailed?: () => KmsError): Promise<void> {
    await this.#send("DeleteItem", onConditionFailed, () =>
      this.#client.send(new DeleteItemCommand({ ...input, TableName: this.#tableName })),
    );
  }

  /**
   * Every item a Query matches, in index order, following LastEvaluatedKey page after page (one request each).
   * Stop iterating to stop querying.
   */
  async *query(input: Without<QueryCommandInput>): AsyncGenerator<Item> {
    const limit = pageLimit(input.Limit, this.#queryPageSize);
    yield* this.#pages("Query", (startKey) =>
      this.#client.send(new QueryCommand({ ...input, TableName: this.#tableName, ...limit, ...startKey })),
    );
  }

  /**
   * Every item a Scan of the whole table matches, page after page. For maintenance only (the root-key rewrap): no
   * request path scans, and the functions are not granted dynamodb:Scan.
   */
  async *scan(input: Without<ScanCommandInput>): AsyncGenerator<Item> {
    yield* this.#pages("Scan", (startKey) =>
      this.#client.send(new ScanCommand({ ...input, TableName: this.#tableName, ...startKey })),
    );
  }

  /** The items of `request`'s pages, one request per page, each after the page before it ended. */
  async *#pages(
    operation: "Query" | "Scan",
    request: (startKey: { ExclusiveStartKey?: Item }) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>,
  ): AsyncGenerator<Item> {
    let startKey: Item | undefined;
    do {
      const from = startKey === undefined ? {} : { ExclusiveStartKey: startKey };
      const output = await this.#send(operation, undefined, () => request(from));
      yield* output.Items ?? [];
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async #send<T>(
    operation: StoreOperation,
    onConditionFailed: (() => KmsError) | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    this.#onCall(operation);
    try {
      return await call();
    } catch (error) {
      throw translateStoreError(error, operation, onConditionFailed);
    }
  }
}

/** The Limit of one Query request: the smaller of the caller's and the configured page size, if any. */
function pageLimit(requested: number | undefined, configured: number | undefined): { Limit?: number } {
  const limits = [requested, configured].filter((limit): limit is number => limit !== undefined);
  return limits.length === 0 ? {} : { Limit: Math.min(...limits) };
}
