import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrCreateServiceKey, serviceKeyAlias, serviceKeyId } from "../../../core/service/serviceKeys";
import { ACCOUNT_A, ACCOUNT_B, startTestbed, type Testbed } from "../../support/testbed";

let bed: Testbed;
let serviceKey: string;
beforeAll(async () => {
  bed = await startTestbed();
  serviceKey = (await getOrCreateServiceKey(bed.deps, ACCOUNT_A, "S3")).keyId;
});
afterAll(() => bed.stop());

describe("service keys", () => {
  it("are AES-256 keys created by the service, under alias/acs/<code>", async () => {
    expect(serviceKeyAlias("S3")).toBe("alias/acs/s3");
    const meta = (await bed.ok("DescribeKey", { KeyId: "alias/acs/s3" })).KeyMetadata;
    expect(meta).toMatchObject({
      KeyId: serviceKey,
      KeySpec: "Aliyun_AES_256",
      Creator: "S3",
      KeyState: "Enabled",
    });
    expect(serviceKey).toBe(serviceKeyId(ACCOUNT_A, "S3"));
  });

  it("get-or-create is idempotent under concurrency: one key and one alias", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => getOrCreateServiceKey(bed.deps, ACCOUNT_B, "S3")),
    );
    expect(new Set(results.map((key) => key.keyId)).size).toBe(1);
    const listed = await bed.ok(
      "ListKeys",
      { PageSize: "100", Filters: JSON.stringify([{ Key: "CreatorType", Values: ["Service"] }]) },
      { account: ACCOUNT_B },
    );
    expect(listed.TotalCount).toBe(1);
    const aliases = await bed.ok("ListAliases", {}, { account: ACCOUNT_B });
    expect(aliases.Aliases.Alias).toEqual([
      {
        AliasName: "alias/acs/s3",
        AliasArn: `acs:kms:cn-hangzhou:${ACCOUNT_B}:alias/acs/s3`,
        KeyId: results[0]?.keyId,
      },
    ]);
  });

  it("users may use them", async () => {
    const sealed = await bed.ok("Encrypt", { KeyId: "alias/acs/s3", Plaintext: "user data" });
    expect((await bed.ok("Decrypt", { CiphertextBlob: sealed.CiphertextBlob })).Plaintext).toBe("user data");
    await bed.ok("GenerateDataKey", { KeyId: serviceKey });
    await bed.ok("ListKeyVersions", { KeyId: serviceKey });
  });

  it("the ListKeys CreatorType filter separates user and service keys", async () => {
    const user = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
    const filter = (value: string) => JSON.stringify([{ Key: "CreatorType", Values: [value] }]);
    const services = await bed.ok("ListKeys", { PageSize: "100", Filters: filter("Service") });
    const users = await bed.ok("ListKeys", { PageSize: "100", Filters: filter("User") });
    expect(services.Keys.Key.map((k: { KeyId: string }) => k.KeyId)).toEqual([serviceKey]);
    expect(users.Keys.Key.map((k: { KeyId: string }) => k.KeyId)).toContain(user);
    expect(users.Keys.Key.map((k: { KeyId: string }) => k.KeyId)).not.toContain(serviceKey);
  });

  const mutations: [string, () => Record<string, string>][] = [
    ["DisableKey", () => ({ KeyId: serviceKey })],
    ["ScheduleKeyDeletion", () => ({ KeyId: serviceKey, PendingWindowInDays: "7" })],
    ["UpdateKeyDescription", () => ({ KeyId: serviceKey, Description: "mine now" })],
    [
      "UpdateRotationPolicy",
      () => ({ KeyId: serviceKey, EnableAutomaticRotation: "true", RotationInterval: "30d" }),
    ],
    ["TagResource", () => ({ KeyId: serviceKey, Tags: JSON.stringify([{ TagKey: "k", TagValue: "v" }]) })],
    ["UntagResource", () => ({ KeyId: serviceKey, TagKeys: JSON.stringify(["k"]) })],
    ["SetDeletionProtection", () => ({ KeyId: serviceKey, EnableDeletionProtection: "true" })],
    ["CreateKeyVersion", () => ({ KeyId: serviceKey })],
    ["CreateAlias", () => ({ KeyId: serviceKey, AliasName: "alias/my-s3" })],
    ["UpdateAlias", () => ({ KeyId: serviceKey, AliasName: "alias/acs/s3" })],
    ["DeleteAlias", () => ({ AliasName: "alias/acs/s3" })],
  ];
  it.each(mutations)("%s of a service key is refused and changes nothing", async (action, params) => {
    const before = await bed.deps.keys.get(ACCOUNT_A, serviceKey);
    const answer = await bed.call(action, params());
    expect(answer.status).toBe(403);
    expect(answer.body.Code).toBe("Forbidden.NoPermission");
    expect(answer.body.Message).toMatch(/service key|alias\/acs/);
    expect(await bed.deps.keys.get(ACCOUNT_A, serviceKey)).toEqual(before);
    expect((await bed.deps.aliases.get(ACCOUNT_A, "alias/acs/s3"))?.keyId).toBe(serviceKey);
  });

  it("users cannot create aliases under alias/acs, even for their own keys", async () => {
    const own = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
    for (const AliasName of ["alias/acs/s3x", "alias/acs", "alias/ACS/other"]) {
      const answer = await bed.call("CreateAlias", { KeyId: own, AliasName });
      expect(answer.body.Code, AliasName).toBe("Forbidden.NoPermission");
    }
  });
});
