import { PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessKeyNotFoundError, InvalidParameterError } from "../../../core/errors";
import type { AccessKeyRecord, AccessKeyStatus } from "../../../core/store/AccessKeyRepository";
import { encodeAccessKey } from "../../../core/store/accessKeyItemCodec";
import { DynamoAccessKeyRepository } from "../../../core/store/DynamoAccessKeyRepository";
import { AccessKeyAlreadyExistsError, CorruptItemError } from "../../../core/store/errors";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { callRecorder, minutesAfterBase, newAccountId, rejectionOf } from "./sampleRecords";

let store: DynaliteHandle;
let accessKeys: DynamoAccessKeyRepository;
let serial = 0;

beforeAll(async () => {
  store = await startDynalite();
  accessKeys = new DynamoAccessKeyRepository({ client: store.client, tableName: store.tableName });
});

afterAll(() => store?.stop());

function accessKey(accountId: string, changes: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  serial++;
  return {
    accessKeyId: `LTAI${accountId}${serial}`,
    accountId,
    secret: { rootKeyId: "root-1", wrapped: new Uint8Array(48).fill(serial % 256) },
    status: "Enabled",
    creationDate: minutesAfterBase(serial),
    ...changes,
  };
}

describe("DynamoAccessKeyRepository", () => {
  it("stores an AccessKey with its wrapped secret and finds it by id alone", async () => {
    const record = accessKey(newAccountId(), { description: "ci" });
    await accessKeys.create(record);
    expect(await accessKeys.get(record.accessKeyId)).toStrictEqual(record);
    expect(await accessKeys.get("LTAI-unknown")).toBeUndefined();
  });

  it("rewraps a secret only while it is under the expected root key, and scans every AccessKey id", async () => {
    const record = accessKey(newAccountId());
    await accessKeys.create(record);
    const moved = { rootKeyId: "root-2", wrapped: new Uint8Array(48).fill(7) };
    expect(await accessKeys.replaceWrappedSecret(record.accessKeyId, "root-1", moved)).toBe(true);
    expect((await accessKeys.get(record.accessKeyId))?.secret).toStrictEqual(moved);
    // A second rewrap that read the old state loses, changing nothing.
    const stale = { rootKeyId: "root-3", wrapped: new Uint8Array(48).fill(9) };
    expect(await accessKeys.replaceWrappedSecret(record.accessKeyId, "root-1", stale)).toBe(false);
    expect((await accessKeys.get(record.accessKeyId))?.secret).toStrictEqual(moved);
    expect(await accessKeys.replaceWrappedSecret("LTAI-missing", "root-1", stale)).toBe(false);
    expect(await accessKeys.get("LTAI-missing")).toBeUndefined();
    const ids: string[] = [];
    for await (const id of accessKeys.scanAccessKeyIds()) ids.push(id);
    expect(ids).toContain(record.accessKeyId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("refuses a second AccessKey with the same id, keeping the first", async () => {
    const record = accessKey(newAccountId());
    await accessKeys.create(record);
    const impostor = { ...record, accountId: newAccountId() };
    expect(await rejectionOf(accessKeys.create(impostor))).toBeInstanceOf(AccessKeyAlreadyExistsError);
    expect((await accessKeys.get(record.accessKeyId))?.accountId).toBe(record.accountId);
  });

  it("disables and enables an AccessKey, and reports a missing one", async () => {
    const record = accessKey(newAccountId());
    await accessKeys.create(record);
    await accessKeys.setStatus(record.accessKeyId, "Disabled");
    expect((await accessKeys.get(record.accessKeyId))?.status).toBe("Disabled");
    await accessKeys.setStatus(record.accessKeyId, "Enabled");
    expect(await accessKeys.get(record.accessKeyId)).toStrictEqual(record);
    expect(await rejectionOf(accessKeys.setStatus("LTAI-missing", "Disabled"))).toBeInstanceOf(
      AccessKeyNotFoundError,
    );
    expect(await accessKeys.get("LTAI-missing")).toBeUndefined();
  });

  it("the status is Enabled or Disabled.", async () => {
    const record = accessKey(newAccountId());
    await accessKeys.create(record);
    await expect(accessKeys.setStatus(record.accessKeyId, "Deleted" as AccessKeyStatus)).rejects.toThrow(
      InvalidParameterError,
    );
    expect((await accessKeys.get(record.accessKeyId))?.status).toBe("Enabled");
  });

  it("lists an account's AccessKeys oldest first, without secrets, and only that account's", async () => {
    const [account, other] = [newAccountId(), newAccountId()];
    const records = [accessKey(account), accessKey(account, { status: "Disabled" }), accessKey(account)];
    await accessKeys.create(accessKey(other));
    for (const record of [...records].reverse()) await accessKeys.create(record);
    const listed = await accessKeys.listByAccount(account);
    expect(listed).toStrictEqual(records.map(({ secret: _secret, ...summary }) => summary));
    expect(listed.some((summary) => "secret" in summary)).toBe(false);
    expect(await accessKeys.listByAccount(newAccountId())).toEqual([]);

    const index = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": { S: `ACCT#${account}#ACCESSKEYS` } },
      }),
    );
    expect(index.Items).toHaveLength(3);
    for (const item of index.Items ?? []) expect(item).not.toHaveProperty("secret");
  });

  it("an AccessKey id that no write accepts names no AccessKey.", async () => {
    const { calls, onCall } = callRecorder();
    const counted = new DynamoAccessKeyRepository({
      client: store.client,
      tableName: store.tableName,
      onCall,
    });
    expect(await counted.get("LTAI#x")).toBeUndefined();
    expect(await counted.get("")).toBeUndefined();
    expect(await rejectionOf(counted.setStatus("LTAI#x", "Disabled"))).toBeInstanceOf(AccessKeyNotFoundError);
    expect(calls).toEqual([]);
    await expect(counted.create(accessKey(newAccountId(), { accessKeyId: "a#b" }))).rejects.toThrow(
      InvalidParameterError,
    );
  });

  it("the item read is the AccessKey asked for.", async () => {
    const planted = encodeAccessKey(accessKey(newAccountId(), { accessKeyId: "LTAI-real" }));
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: { ...planted, pk: { S: "ACCESSKEY#LTAI-fake" } },
      }),
    );
    expect(await rejectionOf(accessKeys.get("LTAI-fake"))).toBeInstanceOf(CorruptItemError);
  });

  it("a listing holds only the account's own AccessKeys.", async () => {
    const [victim, intruder] = [newAccountId(), newAccountId()];
    const planted = encodeAccessKey(accessKey(victim));
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: { ...planted, gsi1pk: { S: `ACCT#${intruder}#ACCESSKEYS` } },
      }),
    );
    expect(await rejectionOf(accessKeys.listByAccount(intruder))).toBeInstanceOf(CorruptItemError);
  });
});
