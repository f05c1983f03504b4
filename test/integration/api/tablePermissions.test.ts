/**
 * In the cloud each function may make only the DynamoDB calls infra/functionCatalog.ts `tableActions` grants it
 * (infra/functionLinks.ts turns them into IAM statements; SST's own table link, `dynamodb:*`, is not used). IAM
 * cannot be tried here, so this runs every operation through its real handler, signed with a real AccessKey (so
 * authentication's own reads and durable nonces count), each on a cold instance (empty caches, so every read that
 * can happen does), records the store calls it makes, and checks each against the grant.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_NAMES, type ActionName } from "../../../functions/operations";
import { operationNeeds, tableActions } from "../../../infra/functionCatalog";
import { createBenchKey, SHA256_DIGEST, signParams } from "../../bench/benchKeys";
import { type BenchService, startBenchService } from "../../bench/benchService";

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

let service: BenchService;
const calls: [ActionName, Record<string, string>][] = [];

beforeAll(async () => {
  service = await startBenchService();
  const aes = await createBenchKey(service, {});
  const other = await createBenchKey(service, {});
  const rsa = await createBenchKey(service, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT/DECRYPT" });
  const ec = await createBenchKey(service, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
  const blob = (await service.ok("Encrypt", { KeyId: aes.keyId, Plaintext: "x" })).CiphertextBlob as string;
  const dataKeyBlob = (await service.ok("GenerateDataKey", { KeyId: aes.keyId })).CiphertextBlob as string;
  const rsaBlob = (
    await service.ok("AsymmetricEncrypt", {
      KeyId: rsa.keyId,
      KeyVersionId: rsa.versionId,
      Algorithm: "RSAES_OAEP_SHA_1",
      Plaintext: b64("x"),
    })
  ).CiphertextBlob as string;
  const signature = (await service.ok("AsymmetricSign", signParams(ec, "ECDSA_SHA_256", SHA256_DIGEST)))
    .Value as string;
  const wrapping = b64(
    generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "der" }),
  );
  const arn = (await service.ok("DescribeKey", { KeyId: aes.keyId })).KeyMetadata.Arn as string;
  const exportParams = {
    PublicKeyBlob: wrapping,
    WrappingKeySpec: "RSA_2048",
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
  };
  calls.push(
    ["CreateKey", {}],
    ["DescribeKey", { KeyId: aes.keyId }],
    ["ListKeys", {}],
    ["UpdateKeyDescription", { KeyId: aes.keyId, Description: "d" }],
    ["DisableKey", { KeyId: other.keyId }],
    ["EnableKey", { KeyId: other.keyId }],
    ["ScheduleKeyDeletion", { KeyId: other.keyId, PendingWindowInDays: "7" }],
    ["CancelKeyDeletion", { KeyId: other.keyId }],
    ["SetDeletionProtection", { ProtectedResourceArn: arn, EnableDeletionProtection: "false" }],
    ["CreateAlias", { AliasName: "alias/grants", KeyId: aes.keyId }],
    ["UpdateAlias", { AliasName: "alias/grants", KeyId: other.keyId }],
    ["ListAliases", {}],
    ["ListAliasesByKeyId", { KeyId: other.keyId }],
    ["DeleteAlias", { AliasName: "alias/grants" }],
    ["TagResource", { KeyId: aes.keyId, Tags: JSON.stringify([{ TagKey: "k", TagValue: "v" }]) }],
    ["ListResourceTags", { KeyId: aes.keyId }],
    ["UntagResource", { KeyId: aes.keyId, TagKeys: JSON.stringify(["k"]) }],
    ["CreateKeyVersion", { KeyId: other.keyId }],
    ["ListKeyVersions", { KeyId: aes.keyId }],
    ["DescribeKeyVersion", { KeyId: aes.keyId, KeyVersionId: aes.versionId }],
    ["UpdateRotationPolicy", { KeyId: aes.keyId, EnableAutomaticRotation: "false" }],
    ["Encrypt", { KeyId: aes.keyId, Plaintext: "x" }],
    ["Decrypt", { CiphertextBlob: blob }],
    ["ReEncrypt", { CiphertextBlob: blob, DestinationKeyId: other.keyId }],
    ["GenerateDataKey", { KeyId: aes.keyId }],
    ["GenerateDataKeyWithoutPlaintext", { KeyId: aes.keyId }],
    ["ExportDataKey", { CiphertextBlob: dataKeyBlob, ...exportParams }],
    ["GenerateAndExportDataKey", { KeyId: aes.keyId, ...exportParams }],
    ["GetRandomPassword", {}],
    [
      "AsymmetricEncrypt",
      { KeyId: rsa.keyId, KeyVersionId: rsa.versionId, Algorithm: "RSAES_OAEP_SHA_1", Plaintext: b64("x") },
    ],
    [
      "AsymmetricDecrypt",
      {
        KeyId: rsa.keyId,
        KeyVersionId: rsa.versionId,
        Algorithm: "RSAES_OAEP_SHA_1",
        CiphertextBlob: rsaBlob,
      },
    ],
    ["AsymmetricSign", signParams(ec, "ECDSA_SHA_256", SHA256_DIGEST)],
    ["AsymmetricVerify", { ...signParams(ec, "ECDSA_SHA_256", SHA256_DIGEST), Value: signature }],
    ["GetPublicKey", { KeyId: ec.keyId, KeyVersionId: ec.versionId }],
    ["DescribeRegions", {}],
    ["DescribeAccountKmsStatus", {}],
  );
});

afterAll(() => service?.stop());

describe("each operation's DynamoDB calls are the ones its function is granted", () => {
  it("tries every operation", () => {
    expect(calls.map(([action]) => action).sort()).toEqual([...ACTION_NAMES].sort());
  });

  it("makes no call outside its grant, on a cold instance, signed", async () => {
    const outside: string[] = [];
    for (const [action, params] of calls) {
      service.coldStart();
      service.storeCalls.length = 0;
      await service.ok(action, params);
      const granted = tableActions(operationNeeds(action));
      for (const operation of new Set(service.storeCalls)) {
        if (!granted.includes(`dynamodb:${operation}`)) outside.push(`${action}: dynamodb:${operation}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("grants reads only to the operations that change nothing", () => {
    expect(tableActions(operationNeeds("Encrypt"))).toEqual(["dynamodb:GetItem", "dynamodb:Query"]);
    expect(tableActions(operationNeeds("DescribeKey"))).toEqual(["dynamodb:GetItem", "dynamodb:Query"]);
    expect(tableActions(operationNeeds("CreateKey"))).toContain("dynamodb:PutItem");
  });
});
