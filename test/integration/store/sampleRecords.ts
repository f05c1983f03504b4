import { randomUUID } from "node:crypto";
import type { KeyRecord } from "../../../core/keys/KeyRecord";
import type { StoreOperation } from "../../../core/store/translateStoreError";

/** A fresh account id (16 digits, as Alibaba Cloud's), so tests sharing one table never see each other's items. */
export function newAccountId(): string {
  return String(Math.floor(1e15 + Math.random() * 9e15));
}

/** ISO seconds `n` minutes after 2024-03-25T10:00:00Z. */
export function minutesAfterBase(n: number): string {
  return `${new Date(Date.UTC(2024, 2, 25, 10, n, 0)).toISOString().slice(0, 19)}Z`;
}

/** A valid Enabled AES-256 SOFTWARE key of `accountId` at revision 1 with one version; fields overridable. */
export function sampleKey(accountId: string, overrides: Partial<KeyRecord> = {}): KeyRecord {
  const keyId = overrides.keyId ?? randomUUID();
  const versionId = randomUUID();
  return {
    accountId,
    keyId,
    arn: `acs:kms:cn-hangzhou:${accountId}:key/${keyId}`,
    keySpec: "Aliyun_AES_256",
    keyUsage: "ENCRYPT/DECRYPT",
    origin: "Aliyun_KMS",
    protectionLevel: "SOFTWARE",
    keyState: "Enabled",
    description: "test key",
    creator: accountId,
    creatorType: "User",
    creationDate: minutesAfterBase(0),
    deletionProtection: { enabled: false },
    rotation: { enabled: false },
    primaryKeyVersion: versionId,
    versions: [
      {
        versionId,
        creationDate: minutesAfterBase(0),
        material: { kind: "software", rootKeyId: "root-1", wrapped: new Uint8Array(60).fill(7) },
      },
    ],
    tags: {},
    revision: 1,
    ...overrides,
  };
}

/** The next revision of a record with some fields changed (what a state transition produces). */
export function nextRevision(record: KeyRecord, changes: Partial<KeyRecord> = {}): KeyRecord {
  return { ...record, ...changes, revision: record.revision + 1 };
}

/** An `onCall` hook and the list of operations it saw. */
export function callRecorder(): { calls: StoreOperation[]; onCall: (operation: StoreOperation) => void } {
  const calls: StoreOperation[] = [];
  return { calls, onCall: (operation) => calls.push(operation) };
}

/** What a promise rejected with (fails the test when it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
