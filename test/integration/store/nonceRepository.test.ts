import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError, SignatureNonceUsedError } from "../../../core/errors";
import { DynamoNonceRepository } from "../../../core/store/DynamoNonceRepository";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { rejectionOf } from "./sampleRecords";

const START = Date.UTC(2024, 2, 25, 10, 0, 0) / 1000;

let store: DynaliteHandle;
let nowSeconds = START;
let nonces: DynamoNonceRepository;
let serial = 0;

beforeAll(async () => {
  store = await startDynalite();
  nonces = new DynamoNonceRepository({
    client: store.client,
    tableName: store.tableName,
    clock: () => new Date(nowSeconds * 1000),
  });
});

afterAll(() => store?.stop());

function fresh(): string {
  serial++;
  return `nonce-${serial}-${Math.random().toString(16).slice(2)}`;
}

describe("DynamoNonceRepository", () => {
  it("lets a nonce be claimed once per AccessKey and records its TTL", async () => {
    nowSeconds = START;
    const nonce = fresh();
    await nonces.claim("LTAI1", nonce, START + 900);
    expect(await rejectionOf(nonces.claim("LTAI1", nonce, START + 900))).toBeInstanceOf(
      SignatureNonceUsedError,
    );
    await nonces.claim("LTAI2", nonce, START + 900);

    const raw = await store.client.send(
      new GetItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: `NONCE#LTAI1#${nonce}` }, sk: { S: "NONCE" } },
      }),
    );
    expect(raw.Item?.ttl).toEqual({ N: String(START + 900) });
  });

  it("treats a claim as used up to its expiry second and free after it", async () => {
    nowSeconds = START;
    const nonce = fresh();
    await nonces.claim("LTAI1", nonce, START + 900);
    nowSeconds = START + 900;
    expect(await rejectionOf(nonces.claim("LTAI1", nonce, START + 1800))).toBeInstanceOf(
      SignatureNonceUsedError,
    );
    nowSeconds = START + 901;
    await nonces.claim("LTAI1", nonce, START + 1801);
    expect(await rejectionOf(nonces.claim("LTAI1", nonce, START + 1801))).toBeInstanceOf(
      SignatureNonceUsedError,
    );
  });

  it("gives a nonce to exactly one of 20 concurrent claims", async () => {
    nowSeconds = START;
    const nonce = fresh();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => nonces.claim("LTAI1", nonce, START + 60)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(SignatureNonceUsedError);
    }
  });

  it("refuses an AccessKey id with '#', so a nonce with '#' cannot pose as another AccessKey's", async () => {
    nowSeconds = START;
    await nonces.claim("LTAI1", "a#b", START + 60);
    await expect(nonces.claim("LTAI1#a", "b", START + 60)).rejects.toThrow(InvalidParameterError);
    expect(await rejectionOf(nonces.claim("LTAI1", "a#b", START + 60))).toBeInstanceOf(
      SignatureNonceUsedError,
    );
  });

  it("a claim expires at a whole second, not before now.", async () => {
    nowSeconds = START;
    await expect(nonces.claim("LTAI1", fresh(), START - 1)).rejects.toThrow(InvalidParameterError);
    await expect(nonces.claim("LTAI1", fresh(), START + 0.5)).rejects.toThrow(InvalidParameterError);
    await expect(nonces.claim("LTAI1", fresh(), START)).resolves.toBeUndefined();
  });
});
