import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_B, startTestbed, type Testbed } from "../../support/testbed";

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.stop());

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("CreateKey and DescribeKey", () => {
  it("creates an AES-256 SOFTWARE key by default and describes it with the reference's fields", async () => {
    const created = await bed.ok("CreateKey", { Description: "first" });
    const meta = created.KeyMetadata;
    expect(meta).toMatchObject({
      KeySpec: "Aliyun_AES_256",
      KeyUsage: "ENCRYPT/DECRYPT",
      KeyState: "Enabled",
      Origin: "Aliyun_KMS",
      ProtectionLevel: "SOFTWARE",
      Description: "first",
      Creator: "1111111111111111",
      AutomaticRotation: "Disabled",
    });
    expect(meta.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.Arn).toBe(`acs:kms:cn-hangzhou:1111111111111111:key/${meta.KeyId}`);
    expect(meta.CreationDate).toMatch(ISO_SECONDS);
    expect(meta.PrimaryKeyVersion).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta).not.toHaveProperty("DeleteDate");
    expect(meta).not.toHaveProperty("RotationInterval");
    expect(typeof created.RequestId).toBe("string");

    const described = await bed.ok("DescribeKey", { KeyId: meta.KeyId });
    expect(described.KeyMetadata).toMatchObject({ ...meta, DeletionProtection: "Disabled" });
  });

  it("defaults the usage by KeySpec and has no primary version for asymmetric keys", async () => {
    const ec = (await bed.ok("CreateKey", { KeySpec: "EC_P256" })).KeyMetadata;
    expect(ec.KeyUsage).toBe("SIGN/VERIFY");
    expect(ec).not.toHaveProperty("PrimaryKeyVersion");
    const rsa = (await bed.ok("CreateKey", { KeySpec: "RSA_2048", KeyUsage: "SIGN/VERIFY" })).KeyMetadata;
    expect(rsa.KeyUsage).toBe("SIGN/VERIFY");
  });

  it("refuses a usage the KeySpec cannot have", async () => {
    const answer = await bed.call("CreateKey", { KeySpec: "EC_P256", KeyUsage: "ENCRYPT/DECRYPT" });
    expect(answer.status).toBe(400);
    expect(answer.body.Code).toBe("InvalidParameter");
    expect(answer.body.Message).toContain("KeyUsage");
  });

  it("turns on rotation with an interval returned in seconds", async () => {
    const meta = (await bed.ok("CreateKey", { EnableAutomaticRotation: "true", RotationInterval: "30d" }))
      .KeyMetadata;
    expect(meta.AutomaticRotation).toBe("Enabled");
    expect(meta.RotationInterval).toBe("2592000s");
    expect(meta.NextRotationDate).toMatch(ISO_SECONDS);
    const missing = await bed.call("CreateKey", { EnableAutomaticRotation: "true" });
    expect(missing.body.Code).toBe("MissingParameter");
  });

  it("checks a RotationInterval even with rotation off, as UpdateRotationPolicy does, and creates nothing", async () => {
    const before = (await bed.ok("ListKeys", {})).TotalCount;
    for (const EnableAutomaticRotation of ["false", undefined]) {
      const answer = await bed.call("CreateKey", {
        RotationInterval: "1d",
        ...(EnableAutomaticRotation ? { EnableAutomaticRotation } : {}),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.Code).toBe("InvalidParameter");
    }
    expect((await bed.ok("ListKeys", {})).TotalCount).toBe(before);
    const off = (await bed.ok("CreateKey", { EnableAutomaticRotation: "false", RotationInterval: "8d" }))
      .KeyMetadata;
    expect(off.AutomaticRotation).toBe("Disabled");
  });

  it("names a key by id, alias or ARN, and another account's key is not found by any of them", async () => {
    const meta = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("CreateAlias", { AliasName: "alias/named", KeyId: meta.KeyId });
    for (const name of [meta.KeyId, "alias/named", meta.Arn]) {
      expect((await bed.ok("DescribeKey", { KeyId: name })).KeyMetadata.KeyId).toBe(meta.KeyId);
      const foreign = await bed.call("DescribeKey", { KeyId: name }, { account: ACCOUNT_B });
      expect(foreign.status).toBe(404);
      expect(foreign.body.Code).toBe("Forbidden.KeyNotFound");
    }
  });
});

describe("state changes", () => {
  it("disables, enables, schedules and cancels deletion with the documented fields", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("DisableKey", { KeyId });
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.KeyState).toBe("Disabled");
    await bed.ok("DisableKey", { KeyId });
    await bed.ok("EnableKey", { KeyId });
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.KeyState).toBe("Enabled");

    await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
    const pending = (await bed.ok("DescribeKey", { KeyId })).KeyMetadata;
    expect(pending.KeyState).toBe("PendingDeletion");
    expect(Date.parse(pending.DeleteDate) - Date.now()).toBeGreaterThan(6.9 * 86400_000);

    const enable = await bed.call("EnableKey", { KeyId });
    expect(enable.status).toBe(409);
    expect(enable.body.Code).toBe("Rejected.StateModifiedFailed");

    await bed.ok("CancelKeyDeletion", { KeyId });
    const back = (await bed.ok("DescribeKey", { KeyId })).KeyMetadata;
    expect(back.KeyState).toBe("Enabled");
    expect(back).not.toHaveProperty("DeleteDate");
  });

  it("refuses a pending window outside 7-366 days", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    for (const days of ["6", "367", "x"]) {
      const answer = await bed.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: days });
      expect(answer.body.Code).toBe("InvalidParameter");
    }
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.KeyState).toBe("Enabled");
  });

  it("keeps a protected key from being scheduled for deletion", async () => {
    const { KeyId, Arn } = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("SetDeletionProtection", {
      ProtectedResourceArn: Arn,
      EnableDeletionProtection: "true",
      DeletionProtectionDescription: "production data",
    });
    const described = (await bed.ok("DescribeKey", { KeyId })).KeyMetadata;
    expect(described.DeletionProtection).toBe("Enabled");
    expect(described.DeletionProtectionDescription).toBe("production data");
    const refused = await bed.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
    expect(refused.status).toBe(409);
    await bed.ok("SetDeletionProtection", { KeyId, EnableDeletionProtection: "false" });
    await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
  });

  it("updates the description", async () => {
    const { KeyId } = (await bed.ok("CreateKey", { Description: "old" })).KeyMetadata;
    await bed.ok("UpdateKeyDescription", { KeyId, Description: "new" });
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.Description).toBe("new");
  });
});

describe("aliases", () => {
  it("creates, lists, moves and deletes aliases", async () => {
    const first = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
    const second = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
    await bed.ok("CreateAlias", { AliasName: "alias/app/one", KeyId: first });
    await bed.ok("CreateAlias", { AliasName: "alias/app/two", KeyId: first });
    const duplicate = await bed.call("CreateAlias", { AliasName: "alias/app/one", KeyId: second });
    expect(duplicate.body.Code).toBe("AliasAlreadyExists");

    const byKey = await bed.ok("ListAliasesByKeyId", { KeyId: first });
    expect(byKey.TotalCount).toBe(2);
    expect(byKey.Aliases.Alias.map((a: { AliasName: string }) => a.AliasName)).toEqual([
      "alias/app/one",
      "alias/app/two",
    ]);
    expect(byKey.Aliases.Alias[0].AliasArn).toBe("acs:kms:cn-hangzhou:1111111111111111:alias/app/one");

    await bed.ok("UpdateAlias", { AliasName: "alias/app/two", KeyId: second });
    expect((await bed.ok("DescribeKey", { KeyId: "alias/app/two" })).KeyMetadata.KeyId).toBe(second);
    await bed.ok("DeleteAlias", { AliasName: "alias/app/two" });
    const gone = await bed.call("DeleteAlias", { AliasName: "alias/app/two" });
    expect(gone.body.Code).toBe("Forbidden.AliasNotFound");

    const page = await bed.ok("ListAliases", { PageSize: "1", PageNumber: "1" });
    expect(page.PageSize).toBe(1);
    expect(page.Aliases.Alias).toHaveLength(1);
    expect(page.TotalCount).toBeGreaterThanOrEqual(2);
  });

  it("reserves every name starting alias/acs for service keys, in any case", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    for (const AliasName of ["alias/acs/mine", "alias/acs", "alias/acsfoo", "alias/ACS_x"]) {
      const answer = await bed.call("CreateAlias", { AliasName, KeyId });
      expect(answer.status).toBe(403);
      expect(answer.body.Code).toBe("Forbidden.NoPermission");
    }
    expect((await bed.ok("ListAliasesByKeyId", { KeyId })).TotalCount).toBe(0);
    await bed.ok("CreateAlias", { AliasName: "alias/ac-s", KeyId });
  });
});

describe("tags", () => {
  it("tags, lists and untags a key", async () => {
    const { KeyId } = (
      await bed.ok("CreateKey", { Tags: JSON.stringify([{ TagKey: "team", TagValue: "core" }]) })
    ).KeyMetadata;
    await bed.ok("TagResource", { KeyId, Tags: JSON.stringify([{ TagKey: "env", TagValue: "prod" }]) });
    const listed = await bed.ok("ListResourceTags", { KeyId });
    expect(listed.Tags.Tag).toEqual([
      { KeyId, TagKey: "env", TagValue: "prod" },
      { KeyId, TagKey: "team", TagValue: "core" },
    ]);
    await bed.ok("UntagResource", { KeyId, TagKeys: JSON.stringify(["team"]) });
    expect((await bed.ok("ListResourceTags", { KeyId })).Tags.Tag).toEqual([
      { KeyId, TagKey: "env", TagValue: "prod" },
    ]);
    const reserved = await bed.call("TagResource", {
      KeyId,
      Tags: JSON.stringify([{ TagKey: "acs:x", TagValue: "y" }]),
    });
    expect(reserved.body.Code).toBe("InvalidParameter");
  });

  it("takes an empty tag value (the reference sets only a maximum), but not an empty key", async () => {
    const { KeyId } = (
      await bed.ok("CreateKey", { Tags: JSON.stringify([{ TagKey: "flag", TagValue: "" }]) })
    ).KeyMetadata;
    expect((await bed.ok("ListResourceTags", { KeyId })).Tags.Tag).toEqual([
      { KeyId, TagKey: "flag", TagValue: "" },
    ]);
    const emptyKey = await bed.call("TagResource", {
      KeyId,
      Tags: JSON.stringify([{ TagKey: "", TagValue: "v" }]),
    });
    expect(emptyKey.body.Code).toBe("InvalidParameter");
  });
});

describe("versions and rotation policy", () => {
  it("creates versions, makes the newest primary, lists and describes them", async () => {
    const meta = (await bed.ok("CreateKey", {})).KeyMetadata;
    const made = await bed.ok("CreateKeyVersion", { KeyId: meta.KeyId });
    expect(made.KeyVersion.KeyId).toBe(meta.KeyId);
    expect((await bed.ok("DescribeKey", { KeyId: meta.KeyId })).KeyMetadata.PrimaryKeyVersion).toBe(
      made.KeyVersion.KeyVersionId,
    );
    const listed = await bed.ok("ListKeyVersions", { KeyId: meta.KeyId });
    expect(listed.TotalCount).toBe(2);
    expect(listed.KeyVersions.KeyVersion[0].KeyVersionId).toBe(meta.PrimaryKeyVersion);
    const one = await bed.ok("DescribeKeyVersion", {
      KeyId: meta.KeyId,
      KeyVersionId: made.KeyVersion.KeyVersionId,
    });
    expect(one.KeyVersion.CreationDate).toMatch(ISO_SECONDS);
    const missing = await bed.call("DescribeKeyVersion", {
      KeyId: meta.KeyId,
      KeyVersionId: crypto.randomUUID(),
    });
    expect(missing.body.Code).toBe("Forbidden.KeyVersionNotFound");
  });

  it("turns automatic rotation on and off, and refuses it for asymmetric keys", async () => {
    const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
    await bed.ok("UpdateRotationPolicy", { KeyId, EnableAutomaticRotation: "true", RotationInterval: "8d" });
    const on = (await bed.ok("DescribeKey", { KeyId })).KeyMetadata;
    expect(on).toMatchObject({ AutomaticRotation: "Enabled", RotationInterval: "691200s" });
    await bed.ok("DisableKey", { KeyId });
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.AutomaticRotation).toBe("Suspended");
    await bed.ok("UpdateRotationPolicy", { KeyId, EnableAutomaticRotation: "false" });
    expect((await bed.ok("DescribeKey", { KeyId })).KeyMetadata.AutomaticRotation).toBe("Disabled");
    const bad = await bed.call("UpdateRotationPolicy", {
      KeyId,
      EnableAutomaticRotation: "true",
      RotationInterval: "1d",
    });
    expect(bad.body.Code).toBe("InvalidParameter");

    const ec = (await bed.ok("CreateKey", { KeySpec: "EC_P256" })).KeyMetadata.KeyId;
    const refused = await bed.call("UpdateRotationPolicy", {
      KeyId: ec,
      EnableAutomaticRotation: "true",
      RotationInterval: "8d",
    });
    expect(refused.body.Code).toBe("UnsupportedOperation");
  });
});

describe("listing and miscellaneous operations", () => {
  it("pages ListKeys and filters it", async () => {
    const all = await bed.ok("ListKeys", { PageSize: "100" });
    expect(all.TotalCount).toBeGreaterThan(5);
    expect(all.Keys.Key[0]).toEqual({
      KeyId: expect.any(String),
      KeyArn: expect.stringMatching(/^acs:kms:/),
    });
    const page2 = await bed.ok("ListKeys", { PageSize: "2", PageNumber: "2" });
    expect(page2.Keys.Key).toEqual(all.Keys.Key.slice(2, 4));
    const ec = await bed.ok("ListKeys", {
      PageSize: "100",
      Filters: JSON.stringify([{ Key: "KeySpec", Values: ["EC_P256"] }]),
    });
    expect(ec.TotalCount).toBeGreaterThanOrEqual(1);
    expect(ec.TotalCount).toBeLessThan(all.TotalCount);
    const other = await bed.ok("ListKeys", {}, { account: ACCOUNT_B });
    expect(other.TotalCount).toBe(0);
  });

  it("answers DescribeRegions, DescribeAccountKmsStatus and GetRandomPassword", async () => {
    expect((await bed.ok("DescribeRegions")).Regions.Region).toEqual([{ RegionId: "cn-hangzhou" }]);
    expect((await bed.ok("DescribeAccountKmsStatus")).AccountStatus).toBe("Enabled");
    expect((await bed.ok("GetRandomPassword", { PasswordLength: "40" })).RandomPassword).toHaveLength(40);
  });
});
