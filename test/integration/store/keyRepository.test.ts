import { randomUUID } from "node:crypto";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { CorruptItemError, KeyAlreadyExistsError, RevisionConflictError } from "../../../core/store/errors";
import { encodeKeyRecord } from "../../../core/store/keyRecordCodec";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { keyRecord } from "../../unit/store/keyRecordArbitrary";
import { callRecorder, newAccountId, nextRevision, rejectionOf, sampleKey } from "./sampleRecords";

let store: DynaliteHandle;
let keys: DynamoKeyRepository;

beforeAll(async () => {
  store = await startDynalite();
  keys = new DynamoKeyRepository({ client: store.client, tableName: store.tableName });
});

afterAll(() => store?.stop());

describe("DynamoKeyRepository", () => {
  it("creates, reads, updates and deletes a key", async () => {
    const key = sampleKey(newAccountId(), { tags: { team: "payments" } });
    await keys.create(key);
    expect(await keys.get(key.accountId, key.keyId)).toStrictEqual(key);

    const disabled = nextRevision(key, { keyState: "Disabled", description: "" });
    await keys.update(disabled);
    expect(await keys.get(key.accountId, key.keyId)).toStrictEqual(disabled);

    await keys.delete(key.accountId, key.keyId, disabled.revision);
    expect(await keys.get(key.accountId, key.keyId)).toBeUndefined();
  });

  it("scans every key of every account (the keys only: not their aliases or AccessKeys)", async () => {
    const created = [sampleKey(newAccountId()), sampleKey(newAccountId()), sampleKey(newAccountId())];
    for (const key of created) await keys.create(key);
    const scanned: string[] = [];
    for await (const { accountId, keyId } of keys.scanKeyIds()) scanned.push(`${accountId}/${keyId}`);
    for (const key of created) expect(scanned).toContain(`${key.accountId}/${key.keyId}`);
    expect(new Set(scanned).size).toBe(scanned.length);
  });

  it("stores any record exactly, wrapped material included (property through dynalite)", async () => {
    await fc.assert(
      fc.asyncProperty(keyRecord, async (generated) => {
        // Fresh ids: fast-check repeats small values, and ids are unique in a real store.
        const record: KeyRecord = {
          ...generated,
          accountId: newAccountId(),
          keyId: randomUUID(),
          revision: 1,
        };
        await keys.create(record);
        expect(await keys.get(record.accountId, record.keyId)).toStrictEqual(record);
      }),
      { numRuns: 25 },
    );
  });

  it("refuses a second create of the same key id and keeps the first", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    const error = await rejectionOf(keys.create({ ...key, description: "impostor" }));
    expect(error).toBeInstanceOf(KeyAlreadyExistsError);
    expect((await keys.get(key.accountId, key.keyId))?.description).toBe("test key");
  });

  it("a new key has revision 1.", async () => {
    const key = sampleKey(newAccountId(), { revision: 2 });
    await expect(keys.create(key)).rejects.toThrow(InvalidParameterError);
    expect(await keys.get(key.accountId, key.keyId)).toBeUndefined();
  });

  it("an update follows a stored revision (it is at least 2).", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    await expect(keys.update({ ...key, revision: 1 })).rejects.toThrow(InvalidParameterError);
    await expect(keys.update({ ...key, revision: 1.5 })).rejects.toThrow(InvalidParameterError);
  });

  it("rejects an update or a delete made on a stale revision, changing nothing", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    const second = nextRevision(key, { description: "second" });
    await keys.update(second);

    const stale = nextRevision(key, { description: "stale" });
    expect(await rejectionOf(keys.update(stale))).toBeInstanceOf(RevisionConflictError);
    expect(await rejectionOf(keys.delete(key.accountId, key.keyId, 1))).toBeInstanceOf(RevisionConflictError);
    expect(await keys.get(key.accountId, key.keyId)).toStrictEqual(second);
  });

  it("never brings a deleted key back through an update", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    await keys.delete(key.accountId, key.keyId, 1);
    expect(await rejectionOf(keys.update(nextRevision(key)))).toBeInstanceOf(RevisionConflictError);
    expect(await rejectionOf(keys.delete(key.accountId, key.keyId, 1))).toBeInstanceOf(RevisionConflictError);
    expect(await keys.get(key.accountId, key.keyId)).toBeUndefined();
  });

  it("keeps accounts apart: another account can neither read, list, update nor delete a key", async () => {
    const owner = newAccountId();
    const other = newAccountId();
    const key = sampleKey(owner);
    await keys.create(key);

    expect(await keys.get(other, key.keyId)).toBeUndefined();
    const listed = await keys.list(other, {}, { pageNumber: 1, pageSize: 100 });
    expect(listed.totalCount).toBe(0);
    const hijack = nextRevision({ ...key, accountId: other }, { description: "hijacked" });
    expect(await rejectionOf(keys.update(hijack))).toBeInstanceOf(RevisionConflictError);
    expect(await rejectionOf(keys.delete(other, key.keyId, 1))).toBeInstanceOf(RevisionConflictError);

    expect(await keys.get(owner, key.keyId)).toStrictEqual(key);
    expect(await keys.get(other, key.keyId)).toBeUndefined();
  });

  it("a key id that no write accepts names no key.", async () => {
    const { calls, onCall } = callRecorder();
    const counted = new DynamoKeyRepository({ client: store.client, tableName: store.tableName, onCall });
    expect(await counted.get(newAccountId(), "x#KEY#y")).toBeUndefined();
    expect(await counted.get(newAccountId(), "")).toBeUndefined();
    expect(calls).toEqual([]);
    await expect(counted.create(sampleKey(newAccountId(), { keyId: "a#b" }))).rejects.toThrow(
      InvalidParameterError,
    );
  });

  it("the item read is the key of the account asked for.", async () => {
    const victim = sampleKey(newAccountId());
    const intruder = newAccountId();
    // A damaged item: filed under the intruder's partition key but holding the victim's key.
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: {
          ...encodeKeyRecord(victim),
          pk: { S: `ACCT#${intruder}#KEY#${victim.keyId}` },
          sk: { S: "KEY" },
        },
      }),
    );
    expect(await rejectionOf(keys.get(intruder, victim.keyId))).toBeInstanceOf(CorruptItemError);
  });

  it("makes one store call per operation and reports each to onCall", async () => {
    const { calls, onCall } = callRecorder();
    const counted = new DynamoKeyRepository({ client: store.client, tableName: store.tableName, onCall });
    const key = sampleKey(newAccountId());
    await counted.create(key);
    await counted.get(key.accountId, key.keyId);
    await counted.update(nextRevision(key));
    await counted.list(key.accountId, {}, { pageNumber: 1, pageSize: 10 });
    await counted.delete(key.accountId, key.keyId, 2);
    expect(calls).toEqual(["PutItem", "GetItem", "PutItem", "Query", "DeleteItem"]);
  });

  it("writes the revision, the index keys and the binary material into the item", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    const raw = await store.client.send(
      new GetItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: `ACCT#${key.accountId}#KEY#${key.keyId}` }, sk: { S: "KEY" } },
      }),
    );
    expect(raw.Item?.revision).toEqual({ N: "1" });
    expect(raw.Item?.gsi1pk).toEqual({ S: `ACCT#${key.accountId}#KEYS` });
    expect(raw.Item?.versions?.L?.[0]?.M?.material?.M?.wrapped?.B).toEqual(new Uint8Array(60).fill(7));
    expect(raw.Item).not.toHaveProperty("gsi2pk");
  });
});
