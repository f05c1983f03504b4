import { randomUUID } from "node:crypto";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AliasAlreadyExistsError, AliasNotFoundError, InvalidParameterError } from "../../../core/errors";
import type { AliasRecord } from "../../../core/store/AliasRepository";
import { encodeAlias } from "../../../core/store/aliasItemCodec";
import { DynamoAliasRepository } from "../../../core/store/DynamoAliasRepository";
import { CorruptItemError } from "../../../core/store/errors";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { callRecorder, newAccountId, rejectionOf } from "./sampleRecords";

let store: DynaliteHandle;
let aliases: DynamoAliasRepository;

beforeAll(async () => {
  store = await startDynalite();
  aliases = new DynamoAliasRepository({ client: store.client, tableName: store.tableName });
});

afterAll(() => store?.stop());

function alias(accountId: string, name: string, keyId: string): AliasRecord {
  return {
    accountId,
    aliasName: `alias/${name}`,
    keyId,
    aliasArn: `acs:kms:cn-hangzhou:${accountId}:alias/${name}`,
  };
}

const ALL = { pageNumber: 1, pageSize: 100 };

describe("DynamoAliasRepository", () => {
  it("creates, reads, re-points and deletes an alias", async () => {
    const account = newAccountId();
    const [first, second] = [randomUUID(), randomUUID()];
    const created = alias(account, "orders", first);
    await aliases.create(created);
    expect(await aliases.get(account, "alias/orders")).toStrictEqual(created);

    await aliases.update(account, "alias/orders", second);
    expect(await aliases.get(account, "alias/orders")).toStrictEqual({ ...created, keyId: second });
    expect((await aliases.listByKey(account, first, ALL)).totalCount).toBe(0);
    expect((await aliases.listByKey(account, second, ALL)).items).toEqual([{ ...created, keyId: second }]);

    await aliases.delete(account, "alias/orders");
    expect(await aliases.get(account, "alias/orders")).toBeUndefined();
  });

  it("refuses a name the account already uses, keeping the first alias", async () => {
    const account = newAccountId();
    const first = alias(account, "dup", randomUUID());
    await aliases.create(first);
    expect(await rejectionOf(aliases.create(alias(account, "dup", randomUUID())))).toBeInstanceOf(
      AliasAlreadyExistsError,
    );
    expect(await aliases.get(account, "alias/dup")).toStrictEqual(first);
  });

  it("gives a name to exactly one of 20 concurrent creators", async () => {
    const account = newAccountId();
    const attempts = Array.from({ length: 20 }, () => alias(account, "race", randomUUID()));
    const results = await Promise.allSettled(attempts.map((attempt) => aliases.create(attempt)));
    const winners = attempts.filter((_, i) => results[i]?.status === "fulfilled");
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(AliasAlreadyExistsError);
    }
    expect(await aliases.get(account, "alias/race")).toStrictEqual(winners[0]);
  });

  it("reports a missing alias on update and delete", async () => {
    const account = newAccountId();
    expect(await rejectionOf(aliases.update(account, "alias/none", randomUUID()))).toBeInstanceOf(
      AliasNotFoundError,
    );
    expect(await rejectionOf(aliases.delete(account, "alias/none"))).toBeInstanceOf(AliasNotFoundError);
    expect(await aliases.get(account, "alias/none")).toBeUndefined();
    await expect(aliases.update(account, "alias/none", "bad#id")).rejects.toThrow(InvalidParameterError);
  });

  it("pages through an account's aliases and a key's aliases by name, counting them all", async () => {
    const account = newAccountId();
    const [keyA, keyB] = [randomUUID(), randomUUID()];
    const names = Array.from({ length: 13 }, (_, i) => `n${String(i).padStart(2, "0")}`);
    for (const [i, name] of [...names].reverse().entries()) {
      await aliases.create(alias(account, name, i % 2 === 0 ? keyA : keyB));
    }
    const page2 = await aliases.listByAccount(account, { pageNumber: 2, pageSize: 5 });
    expect(page2.totalCount).toBe(13);
    expect(page2.items.map((a) => a.aliasName)).toEqual(names.slice(5, 10).map((n) => `alias/${n}`));

    const ofA = await aliases.listByKey(account, keyA, ALL);
    const ofB = await aliases.listByKey(account, keyB, ALL);
    expect(ofA.totalCount + ofB.totalCount).toBe(13);
    expect(ofA.items.every((a) => a.keyId === keyA)).toBe(true);
    expect(ofA.items.map((a) => a.aliasName)).toEqual([...ofA.items.map((a) => a.aliasName)].sort());
  });

  it("deletes every alias of a key and only those", async () => {
    const account = newAccountId();
    const [doomed, kept] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 7; i++) await aliases.create(alias(account, `d${i}`, doomed));
    await aliases.create(alias(account, "keep", kept));
    const { calls, onCall } = callRecorder();
    const paged = new DynamoAliasRepository({
      client: store.client,
      tableName: store.tableName,
      onCall,
      queryPageSize: 3,
    });
    await paged.deleteAllForKey(account, doomed);
    expect(calls.filter((call) => call === "DeleteItem")).toHaveLength(7);
    expect((await aliases.listByKey(account, doomed, ALL)).totalCount).toBe(0);
    expect((await aliases.listByAccount(account, ALL)).items.map((a) => a.aliasName)).toEqual(["alias/keep"]);
    await aliases.deleteAllForKey(account, doomed);
  });

  it("keeps accounts apart: the same name in two accounts, and no reach into the other", async () => {
    const [owner, other] = [newAccountId(), newAccountId()];
    const mine = alias(owner, "shared", randomUUID());
    await aliases.create(mine);

    expect(await aliases.get(other, "alias/shared")).toBeUndefined();
    expect(await rejectionOf(aliases.update(other, "alias/shared", randomUUID()))).toBeInstanceOf(
      AliasNotFoundError,
    );
    expect(await rejectionOf(aliases.delete(other, "alias/shared"))).toBeInstanceOf(AliasNotFoundError);
    expect((await aliases.listByAccount(other, ALL)).totalCount).toBe(0);
    expect((await aliases.listByKey(other, mine.keyId, ALL)).totalCount).toBe(0);
    await aliases.deleteAllForKey(other, mine.keyId);

    const theirs = alias(other, "shared", randomUUID());
    await aliases.create(theirs);
    expect(await aliases.get(owner, "alias/shared")).toStrictEqual(mine);
    expect(await aliases.get(other, "alias/shared")).toStrictEqual(theirs);
  });

  it("an alias name that no write accepts names no alias.", async () => {
    const { calls, onCall } = callRecorder();
    const counted = new DynamoAliasRepository({ client: store.client, tableName: store.tableName, onCall });
    const account = newAccountId();
    expect(await counted.get(account, "")).toBeUndefined();
    expect(await counted.get(account, `alias/${"x".repeat(1100)}`)).toBeUndefined();
    expect(await rejectionOf(counted.delete(account, ""))).toBeInstanceOf(AliasNotFoundError);
    expect(calls).toEqual([]);
  });

  it("the item read is the alias of the account asked for.", async () => {
    const [victim, intruder] = [newAccountId(), newAccountId()];
    const item = encodeAlias(alias(victim, "planted", randomUUID()));
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: { ...item, pk: { S: `ACCT#${intruder}#ALIAS#alias/planted` } },
      }),
    );
    expect(await rejectionOf(aliases.get(intruder, "alias/planted"))).toBeInstanceOf(CorruptItemError);
  });
});
