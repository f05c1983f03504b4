/**
 * A key write whose answer is lost (settleFailedWrite): DynamoDB commits the write, then the answer never arrives
 * (a timeout, a dropped connection). The SDK either retries, and the retry fails its condition because the first
 * attempt landed, or gives up with an error. Neither may destroy the new version's HSM object (the stored version
 * would have no material, and everything encrypted under it would be lost), nor record the version twice.
 *
 * Real dynalite, real SoftHSM, the real handlers; the lost answer is an AWS SDK middleware on the testbed's client
 * that lets the request through and then throws, as the network would (AWS itself cannot run here).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hsmTestsEnabled } from "../../support/softhsm";
import { ACCOUNT_A, startTestbed, type Testbed } from "../../support/testbed";
import { createHsmKey, type HsmTestbed, labelsOnToken, startHsmTestbed } from "./hsmTestbed";

/** How a store call goes wrong: its answer lost after the commit, or the call failing before reaching the store. */
type Fault = "answer lost, retried" | "answer lost, given up" | "refused before the store";

/** Arms faults on a DynamoDB client: the next calls of a command go wrong as told, once each. */
function faultInjector(client: DynamoDBClient) {
  const armed: { command: string; fault: Fault; then?: () => void }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const index = armed.findIndex((entry) => entry.command === context.commandName);
      if (index < 0) return next(args);
      const { fault, then } = armed.splice(index, 1)[0] as (typeof armed)[number];
      then?.();
      if (fault === "refused before the store") {
        throw Object.assign(new Error("connect ECONNREFUSED (test)"), { name: "UnknownNetworkError" });
      }
      await next(args);
      // TimeoutError is one the SDK retries; an unknown name is one it gives up on at once.
      const name = fault === "answer lost, retried" ? "TimeoutError" : "UnknownNetworkError";
      throw Object.assign(new Error("the answer was lost after the commit (test)"), { name });
    },
    { step: "deserialize", name: "keywardTestFaults" },
  );
  return {
    /** The next `command` call goes wrong as `fault` says; `then` runs when it does. */
    arm(command: string, fault: Fault, then?: () => void): void {
      armed.push({ command, fault, ...(then ? { then } : {}) });
    },
    clear(): void {
      armed.length = 0;
    },
    remove(): void {
      client.middlewareStack.remove("keywardTestFaults");
    },
  };
}

/** The version ids a key's stored record lists. */
async function versionIds(bed: Testbed, keyId: string): Promise<string[]> {
  return ((await bed.deps.keys.get(ACCOUNT_A, keyId))?.versions ?? []).map((v) => v.versionId);
}

/** Encrypts and decrypts under a key's primary version: its material is usable. */
async function roundTrip(bed: Testbed, KeyId: string): Promise<string> {
  const sealed = await bed.ok("Encrypt", { KeyId, Plaintext: "kept" });
  const opened = await bed.ok("Decrypt", { CiphertextBlob: sealed.CiphertextBlob });
  expect(opened.Plaintext).toBe("kept");
  return sealed.KeyVersionId as string;
}

describe("SOFTWARE keys: a lost write answer", () => {
  let bed: Testbed;
  let faults: ReturnType<typeof faultInjector>;
  beforeAll(async () => {
    bed = await startTestbed();
    faults = faultInjector(bed.dynalite.client);
  });
  afterEach(() => faults.clear());
  afterAll(async () => {
    faults?.remove();
    await bed?.stop();
  });

  it("CreateKeyVersion retried by the SDK: one new version, primary, answered as a success", async () => {
    const KeyId = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId as string;
    faults.arm("PutItemCommand", "answer lost, retried");
    const { KeyVersion } = await bed.ok("CreateKeyVersion", { KeyId });
    const ids = await versionIds(bed, KeyId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids[1]).toBe(KeyVersion.KeyVersionId);
    expect(await roundTrip(bed, KeyId)).toBe(KeyVersion.KeyVersionId);
  });

  it("CreateKey retried by the SDK: the key exists and is answered as created", async () => {
    faults.arm("PutItemCommand", "answer lost, retried");
    const { KeyMetadata } = await bed.ok("CreateKey", {});
    expect(await versionIds(bed, KeyMetadata.KeyId)).toEqual([KeyMetadata.PrimaryKeyVersion]);
    await roundTrip(bed, KeyMetadata.KeyId);
  });
});

describe.skipIf(!hsmTestsEnabled("lost write answers with HSM keys"))("HSM keys: a lost write answer", () => {
  let hsm: HsmTestbed;
  let faults: ReturnType<typeof faultInjector>;
  beforeAll(async () => {
    hsm = await startHsmTestbed();
    faults = faultInjector(hsm.bed.dynalite.client);
  });
  afterEach(() => faults.clear());
  afterAll(async () => {
    faults?.remove();
    await hsm?.stop();
  });
  const objectsOf = (keyId: string) => labelsOnToken(hsm.raw(), `kw:${ACCOUNT_A}:${keyId}:`);

  for (const fault of ["answer lost, retried", "answer lost, given up"] as const) {
    it(`CreateKeyVersion (${fault}): the stored version keeps its HSM object and is answered as a success`, async () => {
      const { KeyId } = await createHsmKey(hsm.bed, {});
      faults.arm("PutItemCommand", fault);
      const { KeyVersion } = await hsm.bed.ok("CreateKeyVersion", { KeyId });
      const ids = await versionIds(hsm.bed, KeyId);
      expect(ids).toEqual([ids[0], KeyVersion.KeyVersionId]);
      expect(objectsOf(KeyId)).toEqual(ids.map((id) => `kw:${ACCOUNT_A}:${KeyId}:${id}`).sort());
      expect(await roundTrip(hsm.bed, KeyId)).toBe(KeyVersion.KeyVersionId);
    });

    it(`CreateKey (${fault}): the key keeps its HSM object and is answered as created`, async () => {
      faults.arm("PutItemCommand", fault);
      const { KeyMetadata } = await hsm.bed.ok("CreateKey", { ProtectionLevel: "HSM" });
      expect(objectsOf(KeyMetadata.KeyId)).toEqual([
        `kw:${ACCOUNT_A}:${KeyMetadata.KeyId}:${KeyMetadata.PrimaryKeyVersion}`,
      ]);
      await roundTrip(hsm.bed, KeyMetadata.KeyId);
    });
  }

  it("CreateKeyVersion refused before the store: 503, the new HSM object destroyed, the key unchanged", async () => {
    const { KeyId, versionId } = await createHsmKey(hsm.bed, {});
    faults.arm("PutItemCommand", "refused before the store");
    const answer = await hsm.bed.call("CreateKeyVersion", { KeyId });
    expect(answer.status).toBe(503);
    expect(answer.body.Code).toBe("ServiceUnavailableTemporary");
    expect(await versionIds(hsm.bed, KeyId)).toEqual([versionId]);
    expect(objectsOf(KeyId)).toEqual([`kw:${ACCOUNT_A}:${KeyId}:${versionId}`]);
    expect(await roundTrip(hsm.bed, KeyId)).toBe(versionId);
  });

  it("CreateKeyVersion when the write and the re-read both fail: 503, and the new HSM object is kept", async () => {
    const { KeyId, versionId } = await createHsmKey(hsm.bed, {});
    faults.arm("PutItemCommand", "refused before the store", () =>
      faults.arm("GetItemCommand", "refused before the store"),
    );
    const answer = await hsm.bed.call("CreateKeyVersion", { KeyId });
    expect(answer.status).toBe(503);
    expect(await versionIds(hsm.bed, KeyId)).toEqual([versionId]);
    // Nothing could tell whether the version was stored: its object stays (unused), rather than risk a lost version.
    const objects = objectsOf(KeyId);
    expect(objects).toHaveLength(2);
    expect(objects).toContain(`kw:${ACCOUNT_A}:${KeyId}:${versionId}`);
    expect(await roundTrip(hsm.bed, KeyId)).toBe(versionId);
  });
});
