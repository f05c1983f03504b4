import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { minutesAfterBase, newAccountId, nextRevision, sampleKey } from "./sampleRecords";

let store: DynaliteHandle;
let keys: DynamoKeyRepository;
const accountA = newAccountId();
const accountB = newAccountId();
const now = minutesAfterBase(60);

const pending = (accountId: string, minute: number): KeyRecord =>
  sampleKey(accountId, { keyState: "PendingDeletion", deleteDate: minutesAfterBase(minute) });
const rotating = (accountId: string, minute: number, changes: Partial<KeyRecord> = {}): KeyRecord =>
  sampleKey(accountId, {
    rotation: { enabled: true, intervalSeconds: 604_800, nextRotationDate: minutesAfterBase(minute) },
    ...changes,
  });

const purgeDueLate = pending(accountA, 50);
const purgeDueEarly = pending(accountB, 10);
const purgeDueNow = pending(accountA, 60);
const purgeLater = pending(accountB, 61);
const rotateDue = rotating(accountB, 30);
const rotateLater = rotating(accountA, 90);
const rotateDisabled = rotating(accountA, 20, { keyState: "Disabled" });
const rotateOff = sampleKey(accountA, {
  rotation: { enabled: false, nextRotationDate: minutesAfterBase(5) },
});
const plain = sampleKey(accountB);

const ref = (key: KeyRecord) => ({ accountId: key.accountId, keyId: key.keyId });

beforeAll(async () => {
  store = await startDynalite();
  keys = new DynamoKeyRepository({ client: store.client, tableName: store.tableName });
  const all = [purgeDueLate, purgeDueEarly, purgeDueNow, purgeLater, rotateDue, rotateLater, rotateDisabled];
  for (const key of [...all, rotateOff, plain]) await keys.create(key);
});

afterAll(() => store?.stop());

describe("due listings (GSI2)", () => {
  it("lists keys due for purge at or before now, across accounts, earliest first", async () => {
    expect(await keys.listDueForPurge(now, 100)).toEqual([
      ref(purgeDueEarly),
      ref(purgeDueLate),
      ref(purgeDueNow),
    ]);
  });

  it("lists only Enabled keys with automatic rotation due at or before now", async () => {
    expect(await keys.listDueForRotation(now, 100)).toEqual([ref(rotateDue)]);
    expect(await keys.listDueForRotation(minutesAfterBase(90), 100)).toEqual([
      ref(rotateDue),
      ref(rotateLater),
    ]);
  });

  it("stops at the limit", async () => {
    expect(await keys.listDueForPurge(now, 2)).toEqual([ref(purgeDueEarly), ref(purgeDueLate)]);
  });

  it("drops a key from the index when its next state is no longer due, and adds it when it becomes due", async () => {
    const cancelled = nextRevision(purgeDueLate, { keyState: "Disabled" });
    await keys.update({ ...cancelled, deleteDate: undefined });
    const rotated = nextRevision(rotateDue, {
      rotation: { ...rotateDue.rotation, nextRotationDate: minutesAfterBase(999) },
    });
    await keys.update(rotated);
    const enabled = nextRevision(rotateDisabled, { keyState: "Enabled" });
    await keys.update(enabled);

    expect(await keys.listDueForPurge(now, 100)).toEqual([ref(purgeDueEarly), ref(purgeDueNow)]);
    expect(await keys.listDueForRotation(now, 100)).toEqual([ref(rotateDisabled)]);
  });

  it("the due listing limit is a positive whole number.", async () => {
    await expect(keys.listDueForPurge(now, 0)).rejects.toThrow(InvalidParameterError);
    await expect(keys.listDueForRotation(now, 1.5)).rejects.toThrow(InvalidParameterError);
    await expect(keys.listDueForPurge("2024-03-25T11:00:00.000Z", 10)).rejects.toThrow(InvalidParameterError);
  });
});
