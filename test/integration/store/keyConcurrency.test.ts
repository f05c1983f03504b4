import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { RevisionConflictError } from "../../../core/store/errors";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { newAccountId, nextRevision, sampleKey } from "./sampleRecords";

let store: DynaliteHandle;
let keys: DynamoKeyRepository;

beforeAll(async () => {
  store = await startDynalite();
  keys = new DynamoKeyRepository({ client: store.client, tableName: store.tableName });
});

afterAll(() => store?.stop());

describe("DynamoKeyRepository under concurrent writers", () => {
  it("lets exactly one of 20 concurrent writers of the same revision win, round after round", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    let current = key;
    for (let round = 0; round < 3; round++) {
      const attempts = Array.from({ length: 20 }, (_, writer) =>
        nextRevision(current, { description: `round ${round} writer ${writer}` }),
      );
      const results = await Promise.allSettled(attempts.map((attempt) => keys.update(attempt)));
      const winners = results.flatMap((result, writer) => (result.status === "fulfilled" ? [writer] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") expect(result.reason).toBeInstanceOf(RevisionConflictError);
      }
      const stored = await keys.get(key.accountId, key.keyId);
      expect(stored).toStrictEqual(attempts[winners[0] ?? -1]);
      current = stored as KeyRecord;
    }
  });

  it("loses no update when 20 concurrent writers re-read and retry after a conflict", async () => {
    const key = sampleKey(newAccountId());
    await keys.create(key);
    let conflicts = 0;
    const addTag = async (writer: number): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const current = (await keys.get(key.accountId, key.keyId)) as KeyRecord;
        try {
          await keys.update(
            nextRevision(current, { tags: { ...current.tags, [`writer${writer}`]: "done" } }),
          );
          return;
        } catch (error) {
          if (!(error instanceof RevisionConflictError)) throw error;
          conflicts++;
          // Jittered exponential back-off, as a service's retry loop does.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(40, 2 ** attempt)));
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, writer) => addTag(writer)));
    const stored = await keys.get(key.accountId, key.keyId);
    expect(Object.keys(stored?.tags ?? {}).sort()).toEqual(
      Array.from({ length: 20 }, (_, w) => `writer${w}`).sort(),
    );
    expect(stored?.revision).toBe(21);
    expect(conflicts).toBeGreaterThan(0);
  });
});
