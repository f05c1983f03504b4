import { randomUUID } from "node:crypto";
import { systemRandomBytes } from "../../../core/crypto/bytes";
import { MaterialCache } from "../../../core/crypto/MaterialCache";
import { RootKeyring } from "../../../core/crypto/rootKeyring";
import { SoftwareCryptoProvider } from "../../../core/crypto/SoftwareCryptoProvider";
import { RejectedUnsupportedOperationError } from "../../../core/errors";
import type { InboxSettings } from "../../../core/objects/encryptInboxObject";
import { S3ObjectStore } from "../../../core/objects/S3ObjectStore";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { DynamoAliasRepository } from "../../../core/store/DynamoAliasRepository";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { type S3rverHandle, startS3rver } from "../../support/s3rver";

export const INBOX = "keyward-inbox";
export const ENCRYPTED = "keyward-encrypted";

/** The real parts the object tests run on: dynalite + the software provider, s3rver with both buckets. */
export interface ObjectStack {
  readonly dynalite: DynaliteHandle;
  readonly s3: S3rverHandle;
  /** ServiceDeps on a fresh table; `calls` counts the DynamoDB requests per operation. */
  newDeps(): Promise<{ deps: ServiceDeps; calls: Map<string, number> }>;
  /** Inbox settings over s3rver (small upload parts unless given, so multipart paths run on small objects). */
  settings(overrides?: Partial<InboxSettings> & { partSize?: number }): InboxSettings;
  stop(): Promise<void>;
}

/** Starts dynalite and s3rver in this process (one of each per test file). */
export async function startObjectStack(): Promise<ObjectStack> {
  const dynalite = await startDynalite();
  const s3 = await startS3rver([INBOX, ENCRYPTED]).catch(async (error) => {
    await dynalite.stop();
    throw error;
  });
  const keyring = RootKeyring.generate("test-root", systemRandomBytes);
  const newDeps = async () => {
    const tableName = await dynalite.newTable();
    const calls = new Map<string, number>();
    const options = {
      client: dynalite.client,
      tableName,
      onCall: (operation: string) => calls.set(operation, (calls.get(operation) ?? 0) + 1),
    };
    const software = new SoftwareCryptoProvider({
      keyring,
      cache: new MaterialCache({ maxEntries: 100 }),
      randomBytes: systemRandomBytes,
    });
    const deps: ServiceDeps = {
      keys: new DynamoKeyRepository(options),
      aliases: new DynamoAliasRepository(options),
      crypto: (level) => {
        if (level !== "SOFTWARE") throw new RejectedUnsupportedOperationError("No HSM in these tests.");
        return software;
      },
      clock: () => new Date(),
      newId: randomUUID,
      randomBytes: systemRandomBytes,
      region: "cn-hangzhou",
    };
    return { deps, calls };
  };
  const settings = (overrides: Partial<InboxSettings> & { partSize?: number } = {}): InboxSettings => {
    const { partSize, ...rest } = overrides;
    return {
      objects: new S3ObjectStore({ client: s3.client, partSize: partSize ?? 64 * 1024 }),
      inboxBucket: INBOX,
      encryptedBucket: ENCRYPTED,
      deleteSource: false,
      frameSize: 4096,
      ...rest,
    };
  };
  const stop = async () => {
    await Promise.allSettled([s3.stop(), dynalite.stop()]);
  };
  return { dynalite, s3, newDeps, settings, stop };
}
