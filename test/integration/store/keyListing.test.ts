import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import type { KeySpec, KeyState, ProtectionLevel } from "../../../core/keys/types";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { callRecorder, minutesAfterBase, newAccountId, sampleKey } from "./sampleRecords";

const SPECS: KeySpec[] = ["Aliyun_AES_256", "Aliyun_SM4", "RSA_2048"];
const STATES: KeyState[] = ["Enabled", "Disabled", "PendingDeletion"];
const LEVELS: ProtectionLevel[] = ["SOFTWARE", "HSM"];

let store: DynaliteHandle;
let keys: DynamoKeyRepository;
const account = newAccountId();
/** 25 keys of one account, in creation order; keys 20 and 21 share a creation date. */
const created: KeyRecord[] = [];

beforeAll(async () => {
  store = await startDynalite();
  keys = new DynamoKeyRepository({ client: store.client, tableName: store.tableName });
  for (let i = 0; i < 25; i++) {
    const keyState = STATES[i % 3] as KeyState;
    created.push(
      sampleKey(account, {
        keyId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        creationDate: minutesAfterBase(i === 21 ? 20 : i),
        keySpec: SPECS[i % 3] as KeySpec,
        protectionLevel: LEVELS[i % 2] as ProtectionLevel,
        creatorType: i % 5 === 0 ? "Service" : "User",
        keyState,
        ...(keyState === "PendingDeletion" ? { deleteDate: minutesAfterBase(100 + i) } : {}),
      }),
    );
  }
  // Written newest first, so that the order of the listing comes from the index, not from the writes.
  for (const key of [...created].reverse()) await keys.create(key);
});

afterAll(() => store?.stop());

const summaries = (records: readonly KeyRecord[]) => records.map(({ keyId, arn }) => ({ keyId, arn }));

describe("DynamoKeyRepository.list", () => {
  it("pages through an account's keys oldest first and counts them all", async () => {
    const pages = await Promise.all(
      [1, 2, 3, 4].map((pageNumber) => keys.list(account, {}, { pageNumber, pageSize: 10 })),
    );
    expect(pages.map((page) => page.totalCount)).toEqual([25, 25, 25, 25]);
    expect(pages[0]?.items).toEqual(summaries(created.slice(0, 10)));
    expect(pages[1]?.items).toEqual(summaries(created.slice(10, 20)));
    expect(pages[2]?.items).toEqual(summaries(created.slice(20, 25)));
    expect(pages[3]?.items).toEqual([]);
    expect(pages[2]).toMatchObject({ pageNumber: 3, pageSize: 10 });
  });

  it("gives the same page when the store answers in many small pages (LastEvaluatedKey followed)", async () => {
    const { calls, onCall } = callRecorder();
    const paged = new DynamoKeyRepository({
      client: store.client,
      tableName: store.tableName,
      onCall,
      queryPageSize: 4,
    });
    const page = await paged.list(account, { keyState: ["Enabled"] }, { pageNumber: 2, pageSize: 3 });
    const enabled = created.filter((key) => key.keyState === "Enabled");
    expect(page.totalCount).toBe(enabled.length);
    expect(page.items).toEqual(summaries(enabled.slice(3, 6)));
    expect(calls.length).toBeGreaterThanOrEqual(7);
    expect(new Set(calls)).toEqual(new Set(["Query"]));
  });

  it("filters with AND across attributes and OR within one attribute's values", async () => {
    const filter = {
      keyState: ["Enabled", "Disabled"] as KeyState[],
      protectionLevel: ["HSM"] as ProtectionLevel[],
    };
    const page = await keys.list(account, filter, { pageNumber: 1, pageSize: 100 });
    const expected = created.filter(
      (key) => (key.keyState === "Enabled" || key.keyState === "Disabled") && key.protectionLevel === "HSM",
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(page.items).toEqual(summaries(expected));
    expect(page.totalCount).toBe(expected.length);

    const services = await keys.list(
      account,
      { creatorType: ["Service"], keySpec: ["Aliyun_AES_256", "RSA_2048"] },
      {
        pageNumber: 1,
        pageSize: 100,
      },
    );
    expect(services.items).toEqual(
      summaries(created.filter((key) => key.creatorType === "Service" && key.keySpec !== "Aliyun_SM4")),
    );
  });

  it("leaves out keys past their deletion date when asked with liveAt", async () => {
    const at = minutesAfterBase(110);
    const page = await keys.list(account, { liveAt: at }, { pageNumber: 1, pageSize: 100 });
    const live = created.filter(
      (key) => !(key.keyState === "PendingDeletion" && (key.deleteDate ?? "") <= at),
    );
    expect(live.length).toBeLessThan(created.length);
    expect(live.some((key) => key.keyState === "PendingDeletion")).toBe(true);
    expect(page.items).toEqual(summaries(live));
  });

  it("refuses a bad page request", async () => {
    await expect(keys.list(account, {}, { pageNumber: 0, pageSize: 10 })).rejects.toThrow(
      InvalidParameterError,
    );
    await expect(keys.list(account, {}, { pageNumber: 1, pageSize: 101 })).rejects.toThrow(
      InvalidParameterError,
    );
  });

  it("reads the listing from GSI1, which holds neither versions nor any other item's secrets", async () => {
    const raw = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": { S: `ACCT#${account}#KEYS` } },
      }),
    );
    expect(raw.Items).toHaveLength(25);
    for (const item of raw.Items ?? []) {
      expect(item).not.toHaveProperty("versions");
      expect(item).not.toHaveProperty("tags");
      expect(item.keyState?.S).toBeDefined();
    }
  });
});
