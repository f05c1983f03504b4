/**
 * An HSM that cannot be reached, or answers an error, through the real handlers (issue: "yields the documented
 * KmsError, not a crash"): 503 ServiceUnavailableTemporary for HSM keys while SOFTWARE keys keep working, the
 * scheduled jobs report and retry, and everything works again once the HSM is back.
 *
 * Its own file, so its own process: the wrong-PIN case must come before anything logs in to the token (once a
 * process is logged in, PKCS#11 answers CKR_USER_ALREADY_LOGGED_IN without looking at the PIN).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { handler as purgeKeys } from "../../../functions/purge-keys";
import { handler as rotateKeys } from "../../../functions/rotate-keys";
import { hsmTestsEnabled } from "../../support/softhsm";
import { ACCOUNT_A, type Answer } from "../../support/testbed";
import {
  b64,
  createHsmKey,
  type HsmTestbed,
  objectLabels,
  startHsmTestbed,
  useHsmProvider,
} from "./hsmTestbed";

const DAY = 86_400_000;
let now = Date.parse("2026-03-01T00:00:00Z");
const clock = () => new Date(now);
const sha256 = (text: string) => createHash("sha256").update(text).digest();

function expectUnavailable(answer: Answer, what: string): void {
  expect(answer.status, what).toBe(503);
  expect(answer.body.Code, what).toBe("ServiceUnavailableTemporary");
  expect(answer.body.RequestId, what).toEqual(expect.any(String));
}

describe.skipIf(!hsmTestsEnabled("unreachable HSM through the handlers"))(
  "an unreachable HSM through the handlers",
  () => {
    let hsm: HsmTestbed;
    const clients: InProcessHsmClient[] = [];
    /** A provider over the testbed's token with some settings changed, as a misconfigured deployment would build it. */
    function providerWith(change: {
      pin?: string;
      libraryPath?: string;
      tokenLabel?: string;
    }): HsmCryptoProvider {
      const client = InProcessHsmClient.forPkcs11({
        libraryPath: change.libraryPath ?? hsm.token.libraryPath,
        tokenLabel: change.tokenLabel ?? hsm.token.tokenLabel,
        pin: change.pin ?? hsm.token.pin,
      });
      clients.push(client);
      return new HsmCryptoProvider(client);
    }
    /** SOFTWARE keys work whatever the HSM does. */
    async function softwareStillWorks(): Promise<void> {
      const { KeyId } = (await hsm.bed.ok("CreateKey", {})).KeyMetadata;
      const sealed = await hsm.bed.ok("Encrypt", {
        KeyId,
        Plaintext: "software",
        EncryptionContext: '{"a":"b"}',
      });
      const opened = await hsm.bed.ok("Decrypt", {
        CiphertextBlob: sealed.CiphertextBlob,
        EncryptionContext: '{"a":"b"}',
      });
      expect(opened.Plaintext).toBe("software");
    }

    beforeAll(async () => {
      hsm = await startHsmTestbed({ clock });
    });
    afterAll(async () => {
      for (const client of clients) await client.close();
      await hsm?.stop();
    });

    it("a wrong PIN: CreateKey HSM answers 503 on every attempt, never the PIN, creates nothing; SOFTWARE keys work", async () => {
      const restore = useHsmProvider(hsm.bed, providerWith({ pin: "98765" }));
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const answer = await hsm.bed.call("CreateKey", { ProtectionLevel: "HSM" });
          expectUnavailable(answer, `attempt ${attempt}`);
          expect(JSON.stringify(answer.body)).not.toContain("98765");
        }
        expect((await hsm.bed.ok("ListKeys", {})).TotalCount).toBe(0);
        await softwareStillWorks();
      } finally {
        restore();
      }
    });

    it.each([
      ["a library that does not exist", { libraryPath: "/nonexistent/libpkcs11.so" }],
      ["a library that is not PKCS#11", { libraryPath: "/usr/lib/x86_64-linux-gnu/libz.so.1" }],
      ["a token label the HSM does not have", { tokenLabel: "no-such-token" }],
    ])("%s: 503 for HSM keys, SOFTWARE keys work", async (_, change) => {
      const restore = useHsmProvider(hsm.bed, providerWith(change));
      try {
        expectUnavailable(
          await hsm.bed.call("CreateKey", {
            ProtectionLevel: "HSM",
            KeySpec: "EC_P256",
            KeyUsage: "SIGN/VERIFY",
          }),
          "CreateKey",
        );
        await softwareStillWorks();
      } finally {
        restore();
      }
    });

    it("an HSM lost after keys were made: 503 for what needs it, public-key operations still answer, all back when it returns", async () => {
      const aes = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_256" });
      const ec = await createHsmKey(hsm.bed, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
      const sealed = await hsm.bed.ok("Encrypt", { KeyId: aes.KeyId, Plaintext: "kept" });
      const ecParams = {
        KeyId: ec.KeyId,
        KeyVersionId: ec.versionId,
        Algorithm: "ECDSA_SHA_256",
        Digest: b64(sha256("m")),
      };
      const signed = await hsm.bed.ok("AsymmetricSign", ecParams);

      const restore = useHsmProvider(hsm.bed, providerWith({ libraryPath: "/nonexistent/libpkcs11.so" }));
      try {
        expectUnavailable(await hsm.bed.call("Encrypt", { KeyId: aes.KeyId, Plaintext: "x" }), "Encrypt");
        expectUnavailable(
          await hsm.bed.call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob }),
          "Decrypt",
        );
        expectUnavailable(await hsm.bed.call("GenerateDataKey", { KeyId: aes.KeyId }), "GenerateDataKey");
        expectUnavailable(await hsm.bed.call("AsymmetricSign", ecParams), "AsymmetricSign");
        expectUnavailable(await hsm.bed.call("CreateKeyVersion", { KeyId: aes.KeyId }), "CreateKeyVersion");
        expect((await hsm.bed.ok("ListKeyVersions", { KeyId: aes.KeyId })).TotalCount).toBe(1);
        const verified = await hsm.bed.ok("AsymmetricVerify", { ...ecParams, Value: signed.Value });
        expect(verified.Value).toBe(true);
        expect(
          (await hsm.bed.ok("GetPublicKey", { KeyId: ec.KeyId, KeyVersionId: ec.versionId })).PublicKey,
        ).toMatch(/^-----BEGIN PUBLIC KEY-----/);
        await softwareStillWorks();
      } finally {
        restore();
      }
      expect((await hsm.bed.ok("Decrypt", { CiphertextBlob: sealed.CiphertextBlob })).Plaintext).toBe("kept");
      expect((await hsm.bed.ok("AsymmetricSign", ecParams)).KeyId).toBe(ec.KeyId);
    });

    it("rotation and purge while the HSM is away: reported as failed, nothing half done, done on the next run", async () => {
      const rotating = (
        await hsm.bed.ok("CreateKey", {
          ProtectionLevel: "HSM",
          EnableAutomaticRotation: "true",
          RotationInterval: "7d",
        })
      ).KeyMetadata.KeyId;
      const doomed = await createHsmKey(hsm.bed, { KeySpec: "EC_P256K", KeyUsage: "SIGN/VERIFY" });
      await hsm.bed.ok("ScheduleKeyDeletion", { KeyId: doomed.KeyId, PendingWindowInDays: "7" });
      now += 7 * DAY + 1000;

      const restore = useHsmProvider(hsm.bed, providerWith({ libraryPath: "/nonexistent/libpkcs11.so" }));
      try {
        expect(await rotateKeys()).toEqual({ rotated: 0, failed: 1 });
        expect(await purgeKeys()).toEqual({ purged: 0, failed: 1 });
      } finally {
        restore();
      }
      expect((await hsm.bed.ok("ListKeyVersions", { KeyId: rotating })).TotalCount).toBe(1);
      expect(await hsm.bed.deps.keys.get(ACCOUNT_A, doomed.KeyId)).toBeDefined();
      expect(objectLabels(doomed.label).map((label) => hsm.raw().find(label).length)).toEqual([0, 1, 1]);

      expect(await rotateKeys()).toEqual({ rotated: 1, failed: 0 });
      expect(await purgeKeys()).toEqual({ purged: 1, failed: 0 });
      expect((await hsm.bed.ok("ListKeyVersions", { KeyId: rotating })).TotalCount).toBe(2);
      expect(objectLabels(doomed.label).map((label) => hsm.raw().find(label).length)).toEqual([0, 0, 0]);
    });

    it("an HSM object gone behind Keyward's back is 500 InternalFailure naming nothing, not a crash", async () => {
      const aes = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_128" });
      const raw = hsm.raw();
      for (const handle of raw.find(aes.label)) raw.module.C_DestroyObject(raw.session, handle);
      const answer = await hsm.bed.call("Encrypt", { KeyId: aes.KeyId, Plaintext: "x" });
      expect(answer.status).toBe(500);
      expect(answer.body.Code).toBe("InternalFailure");
      expect(JSON.stringify(answer.body)).not.toContain(aes.label);
      await softwareStillWorks();
    });
  },
);
