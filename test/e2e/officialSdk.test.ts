/**
 * The official Alibaba clients, unchanged, against the whole local service (`startLocalStack`, what `npm start`
 * runs): @alicloud/kms20160120 1.2.0 (RPC signature v1) and @alicloud/openapi-client 0.4.15 `callApi`
 * (ACS3-HMAC-SHA256) each run the same full scenario (keys of every KeySpec, HSM ones when SoftHSM is installed,
 * aliases, symmetric and asymmetric crypto checked offline, lifecycle, versions, rotation policy, tags, listings
 * with paging, errors), and together they call every operation Keyward serves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_NAMES } from "../../functions/operations";
import { hsmTestsEnabled } from "../support/softhsm";
import { DEV_ACCOUNT, type E2eStack, startE2eStack } from "./support/e2eStack";
import { createKey, exerciseKey, exerciseSymmetricKey } from "./support/keyChecks";
import { HSM_KEYS, RSA_3072_KEY, SOFTWARE_KEYS } from "./support/keyPlans";
import { acs3Caller, type KmsCaller, rpcV1Caller } from "./support/kmsCallers";
import { exerciseErrors, exerciseLifecycle, exerciseVersionsAndTags } from "./support/scenarioLifecycle";
import { exerciseAliases, exerciseDataKeyExport, exerciseListings } from "./support/scenarioParts";

const hsm = hsmTestsEnabled("e2e: HSM keys through the official SDKs");
let e2e: E2eStack;
let rsa3072: string;
const callers: KmsCaller[] = [];

beforeAll(async () => {
  e2e = await startE2eStack("e2e-sdk");
  const first = rpcV1Caller(e2e.host, e2e.stack.accessKey);
  rsa3072 = (await createKey(first, RSA_3072_KEY, "the file's one RSA_3072 key")).KeyId;
});
afterAll(async () => {
  await e2e?.stop();
});

describe.each([
  ["@alicloud/kms20160120 1.2.0 (RPC signature v1)", rpcV1Caller],
  ["@alicloud/openapi-client callApi (ACS3-HMAC-SHA256)", acs3Caller],
] as const)("%s against the local service", (label, makeCaller) => {
  let kms: KmsCaller;
  beforeAll(() => {
    kms = makeCaller(e2e.host, e2e.stack.accessKey);
    callers.push(kms);
  });

  it("creates a key of every KeySpec and usage (SOFTWARE) and uses each, checked offline", async () => {
    for (const plan of SOFTWARE_KEYS) {
      const { KeyId, Creator, Arn } = await createKey(kms, plan, `${label} ${plan.keySpec}`);
      expect(Creator).toBe(DEV_ACCOUNT);
      expect(Arn).toBe(`acs:kms:cn-hangzhou:${DEV_ACCOUNT}:key/${KeyId}`);
      await exerciseKey(kms, KeyId, plan);
    }
  });

  it("signs with the RSA_3072 key (PSS and PKCS#1), verified offline", async () => {
    await exerciseKey(kms, rsa3072, RSA_3072_KEY);
  });

  it.skipIf(!hsm)("creates HSM keys of every KeySpec SoftHSM serves and uses each", async () => {
    for (const plan of HSM_KEYS) {
      const { KeyId } = await createKey(kms, plan, `${label} HSM ${plan.keySpec}`);
      await exerciseKey(kms, KeyId, plan);
    }
  });

  it("uses the default KeySpec when none is given", async () => {
    const { KeyMetadata } = await kms.call("CreateKey", {});
    expect(KeyMetadata).toMatchObject({ KeySpec: "Aliyun_AES_256", KeyUsage: "ENCRYPT/DECRYPT" });
    await exerciseSymmetricKey(kms, KeyMetadata.KeyId);
  });

  it("names keys by alias and ARN; creates, lists, repoints and deletes aliases", async () => {
    await exerciseAliases(kms, label.includes("v1") ? "v1" : "acs3");
  });

  it("exports data keys under a caller's public key and re-encrypts", async () => {
    await exerciseDataKeyExport(kms);
  });

  it("disables, enables, schedules and cancels deletion, protects, describes", async () => {
    await exerciseLifecycle(kms);
  });

  it("creates versions, sets the rotation policy, tags and untags", async () => {
    await exerciseVersionsAndTags(kms);
  });

  it("lists keys, aliases and versions page by page, and filters keys", async () => {
    await exerciseListings(kms);
  });

  it("raises the SDK's error with the right code for a missing key, a disabled key and a bad parameter", async () => {
    await exerciseErrors(kms);
  });

  it("answers the account-wide operations", async () => {
    const password = await kms.call("GetRandomPassword", {
      PasswordLength: "20",
      ExcludePunctuation: "true",
    });
    expect(password.RandomPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const regions = await kms.call("DescribeRegions");
    expect(regions.Regions.Region).toEqual([{ RegionId: "cn-hangzhou" }]);
    const status = await kms.call("DescribeAccountKmsStatus");
    expect(status.AccountStatus).toBe("Enabled");
  });
});

describe("coverage", () => {
  it("every operation Keyward serves was called through each official client", () => {
    expect(callers).toHaveLength(2);
    for (const kms of callers) {
      const missing = ACTION_NAMES.filter((action) => !kms.actions.has(action));
      expect(missing, kms.name).toEqual([]);
    }
    // The 1.x client reaches through its generic doRequest only what its 1.2.0 models lack.
    const generic = [...(callers[0]?.actions ?? [])]
      .filter(([, how]) => how.has("doRequest"))
      .map(([a]) => a);
    expect(generic.sort()).toEqual(
      [
        "DescribeAccountKmsStatus",
        "ExportDataKey",
        "GenerateAndExportDataKey",
        "ListKeys",
        "ReEncrypt",
        "SetDeletionProtection",
      ].sort(),
    );
  });
});
