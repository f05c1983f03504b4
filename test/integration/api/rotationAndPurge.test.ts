import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as purgeKeys } from "../../../functions/purge-keys";
import { handler as rotateKeys } from "../../../functions/rotate-keys";
import { startTestbed, type Testbed } from "../../support/testbed";

const DAY = 86_400_000;
let now = Date.parse("2026-01-01T00:00:00Z");
const clock = () => new Date(now);

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed({ clock });
});
afterAll(() => bed.stop());

describe("automatic rotation (functions/rotate-keys.ts)", () => {
  it("makes a new primary version when due, and ciphertexts from before three rotations still decrypt", async () => {
    const meta = (await bed.ok("CreateKey", { EnableAutomaticRotation: "true", RotationInterval: "7d" }))
      .KeyMetadata;
    const KeyId = meta.KeyId;
    const blobs: { blob: string; version: string; text: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const text = `before rotation ${round + 1}`;
      const sealed = await bed.ok("Encrypt", {
        KeyId,
        Plaintext: text,
        EncryptionContext: `{"round":"${round}"}`,
      });
      blobs.push({ blob: sealed.CiphertextBlob, version: sealed.KeyVersionId, text });
      expect((await rotateKeys()).rotated).toBe(0);
      now += 7 * DAY + 1000;
      expect((await rotateKeys()).rotated).toBe(1);
      bed.deps.keyCache?.invalidate();
    }
    const described = (await bed.ok("DescribeKey", { KeyId })).KeyMetadata;
    expect((await bed.ok("ListKeyVersions", { KeyId })).TotalCount).toBe(4);
    expect(new Set(blobs.map((b) => b.version)).size).toBe(3);
    expect(blobs.map((b) => b.version)).not.toContain(described.PrimaryKeyVersion);
    expect(described.LastRotationDate).toBe(new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"));
    const fresh = await bed.ok("Encrypt", { KeyId, Plaintext: "after" });
    expect(fresh.KeyVersionId).toBe(described.PrimaryKeyVersion);
    for (const [round, { blob, version, text }] of blobs.entries()) {
      const opened = await bed.ok("Decrypt", {
        CiphertextBlob: blob,
        EncryptionContext: `{"round":"${round}"}`,
      });
      expect(opened).toMatchObject({ Plaintext: text, KeyVersionId: version });
    }
  });

  it("suspends rotation while the key is disabled", async () => {
    const { KeyId } = (await bed.ok("CreateKey", { EnableAutomaticRotation: "true", RotationInterval: "7d" }))
      .KeyMetadata;
    await bed.ok("DisableKey", { KeyId });
    now += 8 * DAY;
    await rotateKeys();
    expect((await bed.ok("ListKeyVersions", { KeyId })).TotalCount).toBe(1);
    await bed.ok("EnableKey", { KeyId });
    await rotateKeys();
    expect((await bed.ok("ListKeyVersions", { KeyId })).TotalCount).toBe(2);
  });
});

describe("the purge (functions/purge-keys.ts)", () => {
  it("a key past its deletion date reads as not found at once, and the purge removes it and its aliases", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("CreateAlias", { AliasName: "alias/doomed", KeyId });
    const kept = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
    await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
    await bed.ok("ScheduleKeyDeletion", { KeyId: kept, PendingWindowInDays: "30" });
    expect((await purgeKeys()).purged).toBe(0);

    now += 7 * DAY + 1000;
    const gone = await bed.call("DescribeKey", { KeyId });
    expect(gone.body.Code).toBe("Forbidden.KeyNotFound");
    const listed = await bed.ok("ListKeys", { PageSize: "100" });
    expect(listed.Keys.Key.map((k: { KeyId: string }) => k.KeyId)).not.toContain(KeyId);

    expect((await purgeKeys()).purged).toBe(1);
    expect(await bed.deps.keys.get("1111111111111111", KeyId)).toBeUndefined();
    expect(await bed.deps.aliases.get("1111111111111111", "alias/doomed")).toBeUndefined();
    expect((await bed.ok("DescribeKey", { KeyId: kept })).KeyMetadata.KeyState).toBe("PendingDeletion");
  });

  it("spares a key whose deletion was cancelled", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
    await bed.ok("CancelKeyDeletion", { KeyId });
    now += 8 * DAY;
    await purgeKeys();
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.KeyState).toBe("Enabled");
  });
});
