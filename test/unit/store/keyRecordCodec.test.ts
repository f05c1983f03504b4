import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import { CorruptItemError } from "../../../core/store/errors";
import { decodeKeyRecord, encodeKeyRecord, KEY_ITEM_SCHEMA } from "../../../core/store/keyRecordCodec";
import { keyRecord } from "./keyRecordArbitrary";

const REQUIRED = [
  "type",
  "schema",
  "accountId",
  "keyId",
  "arn",
  "keySpec",
  "keyUsage",
  "origin",
  "protectionLevel",
  "keyState",
  "description",
  "creator",
  "creatorType",
  "creationDate",
  "deletionProtection",
  "rotation",
  "versions",
  "tags",
  "revision",
];

const attributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string().map((S) => ({ S })),
    fc.oneof(fc.integer().map(String), fc.string()).map((N) => ({ N })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.uint8Array({ maxLength: 8 }).map((B) => ({ B })),
    fc.constant({ NULL: true }),
    fc.array(tie("value"), { maxLength: 3 }).map((L) => ({ L })),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 3, noNullPrototype: true }).map((M) => ({ M })),
  ),
})).value;

function expectCorrupt(item: Record<string, AttributeValue>, attribute?: string): void {
  let thrown: unknown;
  try {
    decodeKeyRecord(item);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CorruptItemError);
  if (attribute !== undefined) expect((thrown as CorruptItemError).attribute).toBe(attribute);
}

describe("key record codec", () => {
  it("decodes exactly the record it encoded (property)", () => {
    fc.assert(
      fc.property(keyRecord, (record) => {
        expect(decodeKeyRecord(encodeKeyRecord(record))).toStrictEqual(record);
      }),
      { numRuns: 300 },
    );
  });

  it("stores wrapped material as binary and returns a copy of it", () => {
    const record = sampleWithSoftwareVersion();
    const item = encodeKeyRecord(record);
    const stored = item.versions?.L?.[0]?.M?.material?.M?.wrapped?.B;
    expect(stored).toEqual(new Uint8Array([1, 2, 3]));
    const decoded = decodeKeyRecord(item);
    const material = decoded.versions[0]?.material;
    if (material?.kind !== "software") throw new Error("expected software material");
    material.wrapped.fill(0);
    expect(stored).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("leaves absent optional fields out of the item", () => {
    const item = encodeKeyRecord(sampleWithSoftwareVersion());
    expect(item).not.toHaveProperty("deleteDate");
    expect(item).not.toHaveProperty("primaryKeyVersion");
    expect(item.rotation?.M).not.toHaveProperty("nextRotationDate");
  });

  it("rejects an item missing any required attribute, naming it (property)", () => {
    fc.assert(
      fc.property(keyRecord, fc.constantFrom(...REQUIRED), (record, name) => {
        const item = encodeKeyRecord(record);
        delete item[name];
        expectCorrupt(item, name);
      }),
    );
  });

  it("rejects an item with any attribute of the wrong type, naming it (property)", () => {
    fc.assert(
      fc.property(keyRecord, (record) => {
        const item = encodeKeyRecord(record);
        return fc.assert(
          fc.property(fc.constantFrom(...Object.keys(item)), (name) => {
            const wrong: AttributeValue = item[name]?.S !== undefined ? { N: "1" } : { S: "x" };
            expectCorrupt({ ...item, [name]: wrong }, name);
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 20 },
    );
  });

  it("rejects an unknown schema version and an item that is not a key", () => {
    const item = encodeKeyRecord(sampleWithSoftwareVersion());
    expectCorrupt({ ...item, schema: { N: String(KEY_ITEM_SCHEMA + 1) } }, "schema");
    expectCorrupt({ ...item, type: { S: "ALIAS" } }, "type");
    expectCorrupt({ ...item, keyState: { S: "Gone" } }, "keyState");
    expectCorrupt({ ...item, revision: { N: "1.5" } }, "revision");
  });

  it("fails on arbitrary junk with CorruptItemError and nothing else (fuzz)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), attributeValue, { noNullPrototype: true }), (item) => {
        expectCorrupt(item);
      }),
      { numRuns: 300 },
    );
  });
});

function sampleWithSoftwareVersion(): KeyRecord {
  return {
    accountId: "1234567890123456",
    keyId: "0b9b1a0c-9a42-4b43-8c1e-8d5f3c2a1b00",
    arn: "acs:kms:cn-hangzhou:1234567890123456:key/0b9b1a0c-9a42-4b43-8c1e-8d5f3c2a1b00",
    keySpec: "Aliyun_AES_256",
    keyUsage: "ENCRYPT/DECRYPT",
    origin: "Aliyun_KMS",
    protectionLevel: "SOFTWARE",
    keyState: "Enabled",
    description: "",
    creator: "1234567890123456",
    creatorType: "User",
    creationDate: "2024-03-25T10:00:00Z",
    deletionProtection: { enabled: false },
    rotation: { enabled: false },
    versions: [
      {
        versionId: "5c1e3f7a-1d2b-4c3d-9e8f-0a1b2c3d4e5f",
        creationDate: "2024-03-25T10:00:00Z",
        material: { kind: "software", rootKeyId: "root-1", wrapped: new Uint8Array([1, 2, 3]) },
      },
    ],
    tags: { team: "payments" },
    revision: 1,
  };
}
