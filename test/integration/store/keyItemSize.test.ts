import { randomUUID } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyRecord, KeyVersion } from "../../../core/keys/KeyRecord";
import { KEY_SPEC_REGISTRY } from "../../../core/keys/keySpecs";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { keyItemKeys } from "../../../core/store/keyItemKeys";
import { encodeKeyRecord } from "../../../core/store/keyRecordCodec";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { minutesAfterBase, newAccountId, sampleKey } from "./sampleRecords";

const MAX_ITEM_BYTES = 400 * 1024;

/** DynamoDB's item size rules: name bytes plus value bytes; maps and lists add 3 bytes and 1 per element. */
function sizeOf(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + sizeOf(element), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  throw new Error("unexpected attribute value");
}

function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + sizeOf(value),
    0,
  );
}

function versions(count: number, make: (i: number) => Partial<KeyVersion>): KeyVersion[] {
  return Array.from({ length: count }, (_, i) => ({
    versionId: randomUUID(),
    creationDate: minutesAfterBase(i),
    material: { kind: "software", rootKeyId: "root-2024-01", wrapped: new Uint8Array(60) },
    ...make(i),
  }));
}

let store: DynaliteHandle;
let keys: DynamoKeyRepository;

beforeAll(async () => {
  store = await startDynalite();
  keys = new DynamoKeyRepository({ client: store.client, tableName: store.tableName });
});

afterAll(() => store?.stop());

describe("key items at the version caps", () => {
  it("keeps a symmetric key with 1,000 versions and an RSA-3072 key with 50 well inside 400 KB", async () => {
    const account = newAccountId();
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`tag-${i}`, "v".repeat(128)]));
    const aes = sampleKey(account, {
      description: "d".repeat(8192),
      tags,
      versions: versions(KEY_SPEC_REGISTRY.Aliyun_AES_256.maxVersions, () => ({})),
    });
    const publicKey = `-----BEGIN PUBLIC KEY-----\n${"A".repeat(560)}\n-----END PUBLIC KEY-----\n`;
    const rsa = sampleKey(account, {
      keySpec: "RSA_3072",
      description: "d".repeat(8192),
      tags,
      versions: versions(KEY_SPEC_REGISTRY.RSA_3072.maxVersions, () => ({
        material: { kind: "software", rootKeyId: "root-2024-01", wrapped: new Uint8Array(1900) },
        publicKey,
      })),
    });
    for (const record of [aes, rsa] as KeyRecord[]) {
      const size = itemSize({ ...keyItemKeys(record), ...encodeKeyRecord(record) });
      expect(size).toBeLessThan(MAX_ITEM_BYTES * 0.75);
      await keys.create(record);
      expect((await keys.get(account, record.keyId))?.versions).toHaveLength(record.versions.length);
    }
  });
});
