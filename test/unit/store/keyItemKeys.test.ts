import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import { dueBound, keyItemKeys } from "../../../core/store/keyItemKeys";
import { isoSeconds, keyRecord } from "./keyRecordArbitrary";

describe("key item keys", () => {
  it("puts every key in its account's GSI1 partition, sorted by creation date then key id", () => {
    fc.assert(
      fc.property(keyRecord, (record) => {
        const keys = keyItemKeys(record);
        expect(keys.pk?.S).toBe(`ACCT#${record.accountId}#KEY#${record.keyId}`);
        expect(keys.sk?.S).toBe("KEY");
        expect(keys.gsi1pk?.S).toBe(`ACCT#${record.accountId}#KEYS`);
        expect(keys.gsi1sk?.S).toBe(`${record.creationDate}#${record.keyId}`);
      }),
    );
  });

  it("puts a key in GSI2 exactly while it is due for purge or rotation (property)", () => {
    fc.assert(
      fc.property(keyRecord, (record) => {
        const keys = keyItemKeys(record);
        const purge = record.keyState === "PendingDeletion" && record.deleteDate !== undefined;
        const rotate =
          record.keyState === "Enabled" &&
          record.rotation.enabled &&
          record.rotation.nextRotationDate !== undefined;
        if (purge) {
          expect(keys.gsi2pk?.S).toBe("PURGE");
          expect(keys.gsi2sk?.S).toBe(`${record.deleteDate}#${record.accountId}#${record.keyId}`);
        } else if (rotate) {
          expect(keys.gsi2pk?.S).toBe("ROTATE");
          expect(keys.gsi2sk?.S).toBe(
            `${record.rotation.nextRotationDate}#${record.accountId}#${record.keyId}`,
          );
        } else {
          expect(keys).not.toHaveProperty("gsi2pk");
          expect(keys).not.toHaveProperty("gsi2sk");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("selects a due date with the bound exactly when it is at or before now (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(isoSeconds, isoSeconds),
          isoSeconds.map((d) => [d, d]),
        ),
        fc.string(),
        ([due, now], rest) => {
          expect(`${due}#${rest}` < dueBound(now)).toBe(due <= now);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a date that orders an index is YYYY-MM-DDTHH:mm:ssZ.", () => {
    fc.assert(
      fc.property(keyRecord, (record) => {
        const withMillis: KeyRecord = { ...record, creationDate: "2024-03-25T10:00:00.000Z" };
        expect(() => keyItemKeys(withMillis)).toThrow(InvalidParameterError);
      }),
      { numRuns: 10 },
    );
    const pending = (deleteDate: string): KeyRecord => ({
      ...sample(),
      keyState: "PendingDeletion",
      deleteDate,
    });
    expect(() => keyItemKeys(pending("2024-03-25 10:00:00"))).toThrow(/deleteDate/);
    expect(() => keyItemKeys(pending("2024-03-25T10:00:00Z"))).not.toThrow();
    expect(() => dueBound("2024-03-25T10:00:00+08:00")).toThrow(InvalidParameterError);
  });
});

function sample(): KeyRecord {
  return {
    accountId: "a1",
    keyId: "k1",
    arn: "arn",
    keySpec: "Aliyun_AES_256",
    keyUsage: "ENCRYPT/DECRYPT",
    origin: "Aliyun_KMS",
    protectionLevel: "SOFTWARE",
    keyState: "Enabled",
    description: "",
    creator: "a1",
    creatorType: "User",
    creationDate: "2024-03-25T10:00:00Z",
    deletionProtection: { enabled: false },
    rotation: { enabled: false },
    versions: [],
    tags: {},
    revision: 1,
  };
}
