/**
 * HSM keys over their lifetime through the real handlers and the scheduled functions (DESIGN sections 6 and 7):
 * CreateKeyVersion and functions/rotate-keys.ts make new HSM token objects while old ciphertexts still decrypt;
 * functions/purge-keys.ts destroys every HSM object of a purged key and nothing else.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as purgeKeys } from "../../../functions/purge-keys";
import { handler as rotateKeys } from "../../../functions/rotate-keys";
import { hsmTestsEnabled } from "../../support/softhsm";
import { ACCOUNT_A } from "../../support/testbed";
import { b64, createHsmKey, type HsmTestbed, objectLabels, startHsmTestbed } from "./hsmTestbed";

const DAY = 86_400_000;
let now = Date.parse("2026-01-01T00:00:00Z");
const clock = () => new Date(now);
const sha256 = (text: string) => createHash("sha256").update(text).digest();

describe.skipIf(!hsmTestsEnabled("HSM rotation and purge through the handlers"))(
  "HSM rotation and purge",
  () => {
    let hsm: HsmTestbed;
    beforeAll(async () => {
      hsm = await startHsmTestbed({ clock });
    });
    afterAll(() => hsm?.stop());

    /** The HSM labels of every version of a key, from the store. */
    async function labelsOf(KeyId: string): Promise<string[]> {
      const record = await hsm.bed.deps.keys.get(ACCOUNT_A, KeyId);
      return (record?.versions ?? []).map((v) =>
        v.material.kind === "hsm" ? v.material.label : "not in the HSM",
      );
    }
    /** How many token objects carry each of a version's labels: [secret, private, public]. */
    const objectCounts = (label: string) =>
      objectLabels(label).map((objectLabel) => hsm.raw().find(objectLabel).length);

    describe("rotation creates HSM versions", () => {
      it("CreateKeyVersion on an HSM AES key: a new sensitive token object becomes primary; old ciphertexts decrypt", async () => {
        const { KeyId, versionId } = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_256" });
        const old = await hsm.bed.ok("Encrypt", {
          KeyId,
          Plaintext: "before",
          EncryptionContext: '{"v":"1"}',
        });
        const created = await hsm.bed.ok("CreateKeyVersion", { KeyId });
        const newVersion = created.KeyVersion.KeyVersionId;
        expect(newVersion).not.toBe(versionId);
        const labels = await labelsOf(KeyId);
        expect(labels).toEqual([
          `kw:${ACCOUNT_A}:${KeyId}:${versionId}`,
          `kw:${ACCOUNT_A}:${KeyId}:${newVersion}`,
        ]);
        expect(objectCounts(labels[1] as string)).toEqual([1, 0, 0]);
        const [handle] = hsm.raw().find(labels[1] as string);
        expect(() => hsm.raw().read(handle as Buffer, [pkcs11js.CKA_VALUE])).toThrow(
          /CKR_ATTRIBUTE_SENSITIVE/,
        );

        hsm.bed.deps.keyCache?.invalidate();
        const fresh = await hsm.bed.ok("Encrypt", { KeyId, Plaintext: "after" });
        expect(fresh.KeyVersionId).toBe(newVersion);
        expect((await hsm.bed.ok("DescribeKey", { KeyId })).KeyMetadata.PrimaryKeyVersion).toBe(newVersion);
        const opened = await hsm.bed.ok("Decrypt", {
          CiphertextBlob: old.CiphertextBlob,
          EncryptionContext: '{"v":"1"}',
        });
        expect(opened).toMatchObject({ Plaintext: "before", KeyVersionId: versionId });
        expect((await hsm.bed.ok("Decrypt", { CiphertextBlob: fresh.CiphertextBlob })).Plaintext).toBe(
          "after",
        );
      });

      it("CreateKeyVersion on an HSM EC_P256 key: a new key pair in the HSM whose signatures verify with its own public key", async () => {
        const { KeyId, versionId } = await createHsmKey(hsm.bed, {
          KeySpec: "EC_P256",
          KeyUsage: "SIGN/VERIFY",
        });
        const newVersion = (await hsm.bed.ok("CreateKeyVersion", { KeyId })).KeyVersion.KeyVersionId;
        const labels = await labelsOf(KeyId);
        expect(objectCounts(labels[1] as string)).toEqual([0, 1, 1]);
        const keysOf = await Promise.all(
          [versionId, newVersion].map(
            async (KeyVersionId) =>
              (await hsm.bed.ok("GetPublicKey", { KeyId, KeyVersionId })).PublicKey as string,
          ),
        );
        expect(keysOf[0]).not.toBe(keysOf[1]);
        const signed = await hsm.bed.ok("AsymmetricSign", {
          KeyId,
          KeyVersionId: newVersion,
          Algorithm: "ECDSA_SHA_256",
          Digest: b64(sha256("v2")),
        });
        const signature = Buffer.from(signed.Value, "base64");
        expect(verify("sha256", Buffer.from("v2"), createPublicKey(keysOf[1] as string), signature)).toBe(
          true,
        );
        expect(verify("sha256", Buffer.from("v2"), createPublicKey(keysOf[0] as string), signature)).toBe(
          false,
        );
      });

      it("functions/rotate-keys.ts rotates a due HSM key into new token objects; ciphertexts of every version decrypt", async () => {
        const { KeyId } = (
          await hsm.bed.ok("CreateKey", {
            ProtectionLevel: "HSM",
            KeySpec: "Aliyun_AES_128",
            EnableAutomaticRotation: "true",
            RotationInterval: "7d",
          })
        ).KeyMetadata;
        const blobs: { blob: string; version: string; text: string }[] = [];
        for (let round = 0; round < 3; round++) {
          const text = `before rotation ${round + 1}`;
          const sealed = await hsm.bed.ok("Encrypt", {
            KeyId,
            Plaintext: text,
            EncryptionContext: `{"r":"${round}"}`,
          });
          blobs.push({ blob: sealed.CiphertextBlob, version: sealed.KeyVersionId, text });
          expect((await rotateKeys()).rotated).toBe(0);
          now += 7 * DAY + 1000;
          expect(await rotateKeys()).toEqual({ rotated: 1, failed: 0 });
          hsm.bed.deps.keyCache?.invalidate();
        }
        const labels = await labelsOf(KeyId);
        expect(labels).toHaveLength(4);
        for (const label of labels) expect(objectCounts(label), label).toEqual([1, 0, 0]);
        expect(new Set(blobs.map((b) => b.version)).size).toBe(3);
        const primary = (await hsm.bed.ok("DescribeKey", { KeyId })).KeyMetadata.PrimaryKeyVersion;
        expect(labels.at(-1)).toBe(`kw:${ACCOUNT_A}:${KeyId}:${primary}`);
        for (const [round, { blob, version, text }] of blobs.entries()) {
          const opened = await hsm.bed.ok("Decrypt", {
            CiphertextBlob: blob,
            EncryptionContext: `{"r":"${round}"}`,
          });
          expect(opened).toMatchObject({ Plaintext: text, KeyVersionId: version });
        }
      });
    });

    describe("the purge destroys HSM objects", () => {
      it("functions/purge-keys.ts leaves no token object with the labels of a purged key, and spares the others", async () => {
        const aes = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_192" });
        await hsm.bed.ok("CreateKeyVersion", { KeyId: aes.KeyId });
        await hsm.bed.ok("CreateAlias", { AliasName: "alias/hsm-doomed", KeyId: aes.KeyId });
        const rsa = await createHsmKey(hsm.bed, { KeySpec: "RSA_2048", KeyUsage: "SIGN/VERIFY" });
        const ec = await createHsmKey(hsm.bed, { KeySpec: "EC_P256K", KeyUsage: "SIGN/VERIFY" });
        const later = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_256" });
        const cancelled = await createHsmKey(hsm.bed, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
        const doomed = [aes.KeyId, rsa.KeyId, ec.KeyId];
        for (const KeyId of doomed)
          await hsm.bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
        await hsm.bed.ok("ScheduleKeyDeletion", { KeyId: later.KeyId, PendingWindowInDays: "30" });
        await hsm.bed.ok("ScheduleKeyDeletion", { KeyId: cancelled.KeyId, PendingWindowInDays: "7" });
        await hsm.bed.ok("CancelKeyDeletion", { KeyId: cancelled.KeyId });

        const doomedLabels = (await Promise.all(doomed.map(labelsOf))).flat();
        expect(doomedLabels).toHaveLength(4);
        const spared = [...(await labelsOf(later.KeyId)), ...(await labelsOf(cancelled.KeyId))];
        const objectsOf = (labels: string[]) => labels.flatMap(objectCounts).reduce((a, b) => a + b, 0);
        expect(objectsOf(doomedLabels)).toBe(2 + 2 + 2);
        expect(await purgeKeys()).toEqual({ purged: 0, failed: 0 });
        expect(objectsOf(doomedLabels)).toBe(6);

        now += 7 * DAY + 1000;
        expect(await purgeKeys()).toEqual({ purged: 3, failed: 0 });
        for (const label of doomedLabels) expect(objectCounts(label), label).toEqual([0, 0, 0]);
        for (const KeyId of doomed) expect(await hsm.bed.deps.keys.get(ACCOUNT_A, KeyId)).toBeUndefined();
        expect(await hsm.bed.deps.aliases.get(ACCOUNT_A, "alias/hsm-doomed")).toBeUndefined();
        expect(objectsOf(spared)).toBe(1 + 2);
        const stillSigns = await hsm.bed.ok("AsymmetricSign", {
          KeyId: cancelled.KeyId,
          KeyVersionId: cancelled.versionId,
          Algorithm: "ECDSA_SHA_256",
          Digest: b64(sha256("spared")),
        });
        expect(stillSigns.KeyId).toBe(cancelled.KeyId);
      });
    });
  },
);
