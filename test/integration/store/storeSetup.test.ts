import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError, ServiceUnavailableError } from "../../../core/errors";
import { createDynamoStores } from "../../../core/store/createDynamoStores";
import { createTable } from "../../../core/store/createTable";
import { DynamoAliasRepository } from "../../../core/store/DynamoAliasRepository";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { DynamoNonceRepository } from "../../../core/store/DynamoNonceRepository";
import { TABLE_DEFINITION } from "../../../core/store/tableDefinition";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { callRecorder, newAccountId, rejectionOf, sampleKey } from "./sampleRecords";

let store: DynaliteHandle;

beforeAll(async () => {
  store = await startDynalite();
});

afterAll(() => store?.stop());

describe("createTable and the dynalite test support", () => {
  it("creates the table with the definition's keys, indexes and projections", async () => {
    const { Table } = await store.client.send(new DescribeTableCommand({ TableName: store.tableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
    expect(Object.keys(indexes).sort()).toEqual(["gsi1", "gsi2", "gsi3"]);
    expect(indexes.gsi1?.Projection?.NonKeyAttributes).toEqual([
      ...TABLE_DEFINITION.globalIndexes.gsi1.projection,
    ]);
    expect(indexes.gsi1?.Projection?.NonKeyAttributes).not.toContain("versions");
    expect(indexes.gsi3?.Projection?.ProjectionType).toBe("ALL");
  });

  it("accepts an existing table (a restarted local stack) and reports it", async () => {
    expect(await createTable(store.client, store.tableName)).toBe("existed");
    const name = await store.newTable();
    expect(name).not.toBe(store.tableName);
    const keys = new DynamoKeyRepository({ client: store.client, tableName: name });
    expect((await keys.list(newAccountId(), {}, { pageNumber: 1, pageSize: 10 })).totalCount).toBe(0);
  });

  it("an existing table has every index of the definition.", async () => {
    const name = `bare-${newAccountId()}`;
    await store.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
      }),
    );
    const error = await rejectionOf(createTable(store.client, name));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toContain("gsi1, gsi2, gsi3");
  });

  it("builds all four repositories on one table, reporting their calls to one hook", async () => {
    const { calls, onCall } = callRecorder();
    const stores = createDynamoStores({
      client: store.client,
      tableName: store.tableName,
      onCall,
      clock: () => new Date(0),
    });
    const account = newAccountId();
    const key = sampleKey(account);
    await stores.keys.create(key);
    await stores.aliases.create({
      accountId: account,
      aliasName: "alias/all",
      keyId: key.keyId,
      aliasArn: "arn",
    });
    await stores.nonces.claim("LTAI1", `n-${account}`, 60);
    expect(await stores.accessKeys.get("LTAI-none")).toBeUndefined();
    expect((await stores.aliases.get(account, "alias/all"))?.keyId).toBe(key.keyId);
    expect(calls).toEqual(["PutItem", "PutItem", "PutItem", "GetItem", "GetItem"]);
  });

  it("keeps the data of a persisted dynalite across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyward-dynalite-"));
    try {
      const first = await startDynalite({ path: dir, tableName: "keyward-persisted" });
      const key = sampleKey(newAccountId());
      await new DynamoKeyRepository({ client: first.client, tableName: first.tableName }).create(key);
      await first.stop();
      await first.stop();
      const second = await startDynalite({ path: dir, tableName: "keyward-persisted" });
      try {
        const keys = new DynamoKeyRepository({ client: second.client, tableName: second.tableName });
        expect(await keys.get(key.accountId, key.keyId)).toStrictEqual(key);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("an unreachable store", () => {
  // A stopped dynalite: its port refuses connections. One attempt, so the test does not wait for SDK retries.
  let deadEndpoint: string;
  let client: DynamoDBClient;

  beforeAll(async () => {
    const dead = await startDynalite();
    deadEndpoint = dead.endpoint;
    await dead.stop();
    client = new DynamoDBClient({
      endpoint: deadEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
  });

  afterAll(() => client?.destroy());

  it("fails every repository call with 503 ServiceUnavailable, keeping the cause", async () => {
    const { calls, onCall } = callRecorder();
    const options = { client, tableName: "keyward-gone", onCall };
    const keys = new DynamoKeyRepository(options);
    const aliases = new DynamoAliasRepository(options);
    const nonces = new DynamoNonceRepository({ ...options, clock: () => new Date(0) });
    const account = newAccountId();
    const failures = await Promise.all([
      rejectionOf(keys.get(account, "k")),
      rejectionOf(keys.create(sampleKey(account))),
      rejectionOf(keys.list(account, {}, { pageNumber: 1, pageSize: 10 })),
      rejectionOf(aliases.create({ accountId: account, aliasName: "alias/x", keyId: "k", aliasArn: "arn" })),
      rejectionOf(nonces.claim("LTAI1", "n", 60)),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ServiceUnavailableError);
      expect((failure as ServiceUnavailableError).httpStatus).toBe(503);
      expect((failure as Error).cause).toBeDefined();
    }
    expect(calls.sort()).toEqual(["GetItem", "PutItem", "PutItem", "PutItem", "Query"]);
  });

  it("makes createTable fail with 503 too", async () => {
    expect(await rejectionOf(createTable(client, "keyward-gone"))).toBeInstanceOf(ServiceUnavailableError);
  });
});
