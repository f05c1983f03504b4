/**
 * In the cloud, only the functions the catalog gives the HSM (infra/functionCatalog.ts) can reach it; every other
 * operation's function runs with KEYWARD_HSM_MODE=none. The local stack gives every operation the HSM, so this
 * checks what the local stack cannot show: each operation without the HSM link still serves HSM keys when the HSM
 * is not configured (as composeServiceDeps then answers for it), and each one that needs it says so in the catalog.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CryptoProvider } from "../../../core/crypto/CryptoProvider";
import { RejectedUnsupportedOperationError } from "../../../core/errors";
import { ACTION_NAMES, type ActionName } from "../../../functions/operations";
import { operationNeeds } from "../../../infra/functionCatalog";
import { hsmTestsEnabled } from "../../support/softhsm";
import { b64, createHsmKey, type HsmTestbed, startHsmTestbed, useHsmProvider } from "./hsmTestbed";

const SHA256_DIGEST = createHash("sha256").update("signed without an HSM link").digest();

/** What a function without the HSM link has for ProtectionLevel HSM (functions/lib/composeServiceDeps.ts). */
const NO_HSM = new Proxy({} as CryptoProvider, {
  get() {
    throw new RejectedUnsupportedOperationError(
      "HSM keys are not available: This Keyward has no HSM configured (KEYWARD_HSM_MODE is none).",
    );
  },
});

describe.skipIf(!hsmTestsEnabled("operations without the HSM link on HSM keys"))(
  "operations whose functions have no HSM, on HSM keys",
  () => {
    let hsm: HsmTestbed;
    const calls: [ActionName, Record<string, string>][] = [];
    beforeAll(async () => {
      hsm = await startHsmTestbed();
      const aes = await createHsmKey(hsm.bed, {});
      const rsa = await createHsmKey(hsm.bed, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT/DECRYPT" });
      const signing = await createHsmKey(hsm.bed, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
      const signature = (
        await hsm.bed.ok("AsymmetricSign", {
          KeyId: signing.KeyId,
          KeyVersionId: signing.versionId,
          Algorithm: "ECDSA_SHA_256",
          Digest: b64(SHA256_DIGEST),
        })
      ).Value as string;
      const version = (key: { KeyId: string; versionId: string }) => ({
        KeyId: key.KeyId,
        KeyVersionId: key.versionId,
      });
      calls.push(
        ["AsymmetricEncrypt", { ...version(rsa), Algorithm: "RSAES_OAEP_SHA_1", Plaintext: b64("data key") }],
        [
          "AsymmetricVerify",
          { ...version(signing), Algorithm: "ECDSA_SHA_256", Digest: b64(SHA256_DIGEST), Value: signature },
        ],
        ["GetPublicKey", version(rsa)],
        ["DescribeKey", { KeyId: aes.KeyId }],
        ["DescribeKeyVersion", version(rsa)],
        ["ListKeyVersions", { KeyId: aes.KeyId }],
        ["UpdateKeyDescription", { KeyId: aes.KeyId, Description: "no HSM here" }],
        ["TagResource", { KeyId: aes.KeyId, Tags: JSON.stringify([{ TagKey: "k", TagValue: "v" }]) }],
        ["ListResourceTags", { KeyId: aes.KeyId }],
        ["UntagResource", { KeyId: aes.KeyId, TagKeys: JSON.stringify(["k"]) }],
        ["CreateAlias", { AliasName: "alias/no-hsm", KeyId: aes.KeyId }],
        ["UpdateAlias", { AliasName: "alias/no-hsm", KeyId: rsa.KeyId }],
        ["ListAliasesByKeyId", { KeyId: rsa.KeyId }],
        ["DeleteAlias", { AliasName: "alias/no-hsm" }],
        [
          "UpdateRotationPolicy",
          { KeyId: aes.KeyId, EnableAutomaticRotation: "true", RotationInterval: "30d" },
        ],
        [
          "SetDeletionProtection",
          { ProtectedResourceArn: aes.metadata.Arn, EnableDeletionProtection: "false" },
        ],
        ["DisableKey", { KeyId: aes.KeyId }],
        ["EnableKey", { KeyId: aes.KeyId }],
        ["ScheduleKeyDeletion", { KeyId: rsa.KeyId, PendingWindowInDays: "7" }],
        ["CancelKeyDeletion", { KeyId: rsa.KeyId }],
      );
    });
    afterAll(() => hsm?.stop());

    it("tries every operation the catalog gives no HSM, but those that name no key", () => {
      const tried = new Set(calls.map(([action]) => action));
      const untried = ACTION_NAMES.filter((action) => !operationNeeds(action).hsm && !tried.has(action));
      expect(untried.sort()).toEqual(
        [
          "DescribeAccountKmsStatus",
          "DescribeRegions",
          "GetRandomPassword",
          "ListAliases",
          "ListKeys",
        ].sort(),
      );
    });

    it("serves each on HSM keys, without an HSM where the catalog gives it none", async () => {
      for (const [action, params] of calls) {
        // An operation the catalog links to the HSM (AsymmetricEncrypt: a capability check) runs with it.
        const restore = operationNeeds(action).hsm ? () => undefined : useHsmProvider(hsm.bed, NO_HSM);
        try {
          const answer = await hsm.bed.call(action, params);
          const outcome = { action, status: answer.status, body: answer.status === 200 ? "ok" : answer.body };
          expect(outcome).toEqual({ action, status: 200, body: "ok" });
        } finally {
          restore();
        }
      }
    });
  },
);
