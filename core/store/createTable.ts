import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type Projection,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { InvalidParameterError, ServiceUnavailableError } from "../errors";
import { TABLE_DEFINITION } from "./tableDefinition";
import { translateStoreError } from "./translateStoreError";

const POLL_INTERVAL_MS = 50;
const MAX_POLLS = 600;

/** The CreateTable request for Keyward's table (on-demand billing), built from TABLE_DEFINITION. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { fields, primaryIndex, globalIndexes } = TABLE_DEFINITION;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.keys(fields).map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: primaryIndex.rangeKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" },
        { AttributeName: index.rangeKey, KeyType: "RANGE" },
      ],
      Projection: projection(index.projection),
    })),
  };
}

/**
 * Creates Keyward's table (local stack and tests; the cloud table comes from the infra) and waits until it and
 * its indexes are ACTIVE. An existing table is accepted when it has every index. The TTL is not switched on here:
 * the embedded store has no UpdateTimeToLive (the infra enables it in the cloud).
 * @returns whether the table was `created` or already `existed`.
 * @throws InvalidParameterError when an existing table lacks one of the indexes; ServiceUnavailableError when
 * the store cannot be reached or the table does not become ACTIVE.
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<"created" | "existed"> {
  let outcome: "created" | "existed" = "created";
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if ((error as { name?: unknown }).name !== "ResourceInUseException") {
      throw translateStoreError(error, "CreateTable");
    }
    outcome = "existed";
  }
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const table = await describe(client, tableName);
    if (isActive(table)) {
      assertHasEveryIndex(table, tableName);
      return outcome;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new ServiceUnavailableError(`table ${tableName} did not become ACTIVE.`);
}

function projection(value: "all" | "keys-only" | readonly string[]): Projection {
  if (value === "all") return { ProjectionType: "ALL" };
  if (value === "keys-only") return { ProjectionType: "KEYS_ONLY" };
  return { ProjectionType: "INCLUDE", NonKeyAttributes: [...value] };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    throw translateStoreError(error, "DescribeTable");
  }
}

function isActive(table: TableDescription | undefined): table is TableDescription {
  if (table?.TableStatus !== "ACTIVE") return false;
  return (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE");
}

function assertHasEveryIndex(table: TableDescription, tableName: string): void {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = Object.keys(TABLE_DEFINITION.globalIndexes).filter((name) => !present.has(name));
  /* Precondition: an existing table has every index of the definition. */
  if (missing.length > 0) {
    throw new InvalidParameterError(
      "tableName",
      `Table ${tableName} exists without index ${missing.join(", ")}.`,
    );
  }
}
