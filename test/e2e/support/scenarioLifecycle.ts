/**
 * Parts of the e2e scenario run through one official client: the key lifecycle (state table of the reference,
 * section 4), versions, rotation policy and tags, and the SDK error objects for the usual failures.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { type Body, failure, type KmsCaller } from "./kmsCallers";

const DAY_MS = 86_400_000;

async function metadata(kms: KmsCaller, keyId: string): Promise<Body> {
  return (await kms.call("DescribeKey", { KeyId: keyId })).KeyMetadata;
}

function rejectsWith(kms: KmsCaller, call: Promise<unknown>, code: string) {
  return expect(call).rejects.toMatchObject({
    code: kms.sdkCode(code),
    data: expect.objectContaining({ Code: code }),
  });
}

/** Disable/enable, schedule/cancel deletion, deletion protection, description. */
export async function exerciseLifecycle(kms: KmsCaller): Promise<void> {
  const { KeyId, Arn } = (await kms.call("CreateKey", { Description: "lifecycle" })).KeyMetadata;
  const { CiphertextBlob } = await kms.call("Encrypt", { KeyId, Plaintext: "before" });

  await kms.call("DisableKey", { KeyId });
  expect((await metadata(kms, KeyId)).KeyState).toBe("Disabled");
  await rejectsWith(kms, kms.call("Encrypt", { KeyId, Plaintext: "x" }), "Rejected.Disabled");
  await rejectsWith(kms, kms.call("Decrypt", { CiphertextBlob }), "Rejected.Disabled");
  await kms.call("DisableKey", { KeyId });
  await kms.call("EnableKey", { KeyId });
  expect((await kms.call("Decrypt", { CiphertextBlob })).Plaintext).toBe("before");

  const scheduledAt = Date.now();
  await kms.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: 7 });
  const pending = await metadata(kms, KeyId);
  expect(pending.KeyState).toBe("PendingDeletion");
  expect(Math.abs(Date.parse(pending.DeleteDate) - scheduledAt - 7 * DAY_MS)).toBeLessThan(DAY_MS);
  await rejectsWith(kms, kms.call("Encrypt", { KeyId, Plaintext: "x" }), "Rejected.PendingDeletion");
  await rejectsWith(kms, kms.call("EnableKey", { KeyId }), "Rejected.StateModifiedFailed");
  await kms.call("CancelKeyDeletion", { KeyId });
  expect((await metadata(kms, KeyId)).KeyState).toBe("Enabled");
  await rejectsWith(kms, kms.call("CancelKeyDeletion", { KeyId }), "Rejected.StateModifiedFailed");

  await kms.call("SetDeletionProtection", {
    KeyId,
    EnableDeletionProtection: true,
    DeletionProtectionDescription: "keep",
  });
  await rejectsWith(
    kms,
    kms.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: 30 }),
    "Rejected.StateModifiedFailed",
  );
  await kms.call("SetDeletionProtection", { ProtectedResourceArn: Arn, EnableDeletionProtection: false });
  await kms.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: 30 });
  await kms.call("CancelKeyDeletion", { KeyId });

  await kms.call("UpdateKeyDescription", { KeyId, Description: "renamed é" });
  expect(await metadata(kms, KeyId)).toMatchObject({ Description: "renamed é", KeyState: "Enabled" });
}

/** CreateKeyVersion, DescribeKeyVersion, rotation policy on and off, TagResource/ListResourceTags/UntagResource. */
export async function exerciseVersionsAndTags(kms: KmsCaller): Promise<void> {
  const created = (await kms.call("CreateKey", {})).KeyMetadata;
  const { KeyId, PrimaryKeyVersion: first } = created;
  const old = await kms.call("Encrypt", { KeyId, Plaintext: "old version" });
  expect(old.KeyVersionId).toBe(first);

  await kms.call("UpdateRotationPolicy", { KeyId, EnableAutomaticRotation: true, RotationInterval: "7d" });
  const rotating = await metadata(kms, KeyId);
  expect(rotating).toMatchObject({ AutomaticRotation: "Enabled", RotationInterval: "604800s" });
  expect(Date.parse(rotating.NextRotationDate)).toBeGreaterThan(Date.now());

  const { KeyVersion } = await kms.call("CreateKeyVersion", { KeyId });
  expect(KeyVersion).toMatchObject({ KeyId, KeyVersionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(KeyVersion.KeyVersionId).not.toBe(first);
  expect((await metadata(kms, KeyId)).PrimaryKeyVersion).toBe(KeyVersion.KeyVersionId);
  expect((await kms.call("Encrypt", { KeyId, Plaintext: "new" })).KeyVersionId).toBe(KeyVersion.KeyVersionId);
  const reopened = await kms.call("Decrypt", { CiphertextBlob: old.CiphertextBlob });
  expect(reopened).toMatchObject({ Plaintext: "old version", KeyVersionId: first });
  const described = await kms.call("DescribeKeyVersion", { KeyId, KeyVersionId: first });
  expect(described.KeyVersion).toMatchObject({
    KeyId,
    KeyVersionId: first,
    CreationDate: created.CreationDate,
  });

  await kms.call("UpdateRotationPolicy", { KeyId, EnableAutomaticRotation: false });
  expect((await metadata(kms, KeyId)).AutomaticRotation).toBe("Disabled");

  const tags = [
    { TagKey: "team", TagValue: "blue" },
    { TagKey: "env", TagValue: "e2e" },
  ];
  await kms.call("TagResource", { KeyId, Tags: JSON.stringify(tags) });
  const listed = (await kms.call("ListResourceTags", { KeyId })).Tags.Tag;
  expect(listed).toEqual(expect.arrayContaining(tags.map((tag) => ({ KeyId, ...tag }))));
  expect(listed).toHaveLength(2);
  await kms.call("UntagResource", { KeyId, TagKeys: JSON.stringify(["env"]) });
  expect((await kms.call("ListResourceTags", { KeyId })).Tags.Tag).toEqual([
    { KeyId, TagKey: "team", TagValue: "blue" },
  ]);
}

/** The SDK's error objects for a missing key, a disabled key, and bad or missing parameters. */
export async function exerciseErrors(kms: KmsCaller): Promise<void> {
  const missing = await failure(kms.call("DescribeKey", { KeyId: randomUUID() }));
  expect(missing.code).toBe(kms.sdkCode("Forbidden.KeyNotFound"));
  expect(missing.data).toMatchObject({ Code: "Forbidden.KeyNotFound", RequestId: expect.any(String) });
  await rejectsWith(
    kms,
    kms.call("Encrypt", { KeyId: randomUUID(), Plaintext: "x" }),
    "Forbidden.KeyNotFound",
  );

  const { KeyId } = (await kms.call("CreateKey", {})).KeyMetadata;
  await kms.call("DisableKey", { KeyId });
  const disabled = await failure(kms.call("GenerateDataKey", { KeyId }));
  expect(disabled.code).toBe(kms.sdkCode("Rejected.Disabled"));
  expect(disabled.data?.Message).toBe("The request was rejected because the key state is Disabled.");

  const bad = await failure(kms.call("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: 3 }));
  expect(bad.code).toBe(kms.sdkCode("InvalidParameter"));
  expect(bad.data?.Message).toContain('"PendingWindowInDays"');
  await rejectsWith(kms, kms.call("CreateKey", { KeySpec: "Aliyun_AES_512" }), "InvalidParameter");
  await rejectsWith(kms, kms.call("Encrypt", { KeyId }), "MissingParameter");
  expect((await metadata(kms, KeyId)).KeyState).toBe("Disabled");
}
