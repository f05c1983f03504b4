/**
 * Parts of the e2e scenario run through one official client: aliases, exported data keys and ReEncrypt, listings
 * with paging. Each part creates its own keys, so the parts are independent of each other's order.
 */
import { expect } from "vitest";
import { DEV_ACCOUNT } from "./e2eStack";
import { firstVersion } from "./keyChecks";
import type { Body, CallParams, KmsCaller } from "./kmsCallers";

const ARN_PREFIX = `acs:kms:cn-hangzhou:${DEV_ACCOUNT}`;

async function newKey(kms: KmsCaller, params: CallParams = {}): Promise<string> {
  return (await kms.call("CreateKey", params)).KeyMetadata.KeyId;
}

/** CreateAlias, use by alias and by key/alias ARN, ListAliasesByKeyId, UpdateAlias, DeleteAlias. */
export async function exerciseAliases(kms: KmsCaller, tag: string): Promise<void> {
  const [first, second] = [await newKey(kms), await newKey(kms)];
  const alias = `alias/e2e-${tag}/app`;
  await kms.call("CreateAlias", { AliasName: alias, KeyId: first });
  await expect(kms.call("CreateAlias", { AliasName: alias, KeyId: second })).rejects.toMatchObject({
    code: kms.sdkCode("AliasAlreadyExists"),
  });
  const sealed = await kms.call("Encrypt", { KeyId: alias, Plaintext: "by alias" });
  expect(sealed.KeyId).toBe(first);
  for (const name of [`${ARN_PREFIX}:key/${first}`, `${ARN_PREFIX}:${alias}`]) {
    expect((await kms.call("DescribeKey", { KeyId: name })).KeyMetadata.KeyId).toBe(first);
    expect((await kms.call("Encrypt", { KeyId: name, Plaintext: "by ARN" })).KeyId).toBe(first);
  }
  const ofFirst = await kms.call("ListAliasesByKeyId", { KeyId: first });
  expect(ofFirst.Aliases.Alias).toEqual([
    { AliasName: alias, AliasArn: `${ARN_PREFIX}:${alias}`, KeyId: first },
  ]);

  await kms.call("UpdateAlias", { AliasName: alias, KeyId: second });
  expect((await kms.call("Encrypt", { KeyId: alias, Plaintext: "repointed" })).KeyId).toBe(second);
  expect((await kms.call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob })).Plaintext).toBe("by alias");
  expect((await kms.call("ListAliasesByKeyId", { KeyId: first })).TotalCount).toBe(0);

  await kms.call("DeleteAlias", { AliasName: alias });
  await expect(kms.call("DescribeKey", { KeyId: alias })).rejects.toMatchObject({
    code: kms.sdkCode("Forbidden.KeyNotFound"),
  });
  await expect(kms.call("DeleteAlias", { AliasName: alias })).rejects.toMatchObject({
    code: kms.sdkCode("Forbidden.AliasNotFound"),
  });
}

/** ExportDataKey and GenerateAndExportDataKey under a Keyward RSA key's public key; ReEncrypt of both kinds. */
export async function exerciseDataKeyExport(kms: KmsCaller): Promise<void> {
  const symmetric = await newKey(kms);
  const destination = await newKey(kms, { KeySpec: "Aliyun_SM4" });
  const rsa = await newKey(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT/DECRYPT" });
  const { versionId, pem } = await firstVersion(kms, rsa, "RSA_2048");
  const PublicKeyBlob = pem.replace(/-----[^-]+-----|\s/g, "");
  const wrapping = { PublicKeyBlob, WrappingKeySpec: "RSA_2048", WrappingAlgorithm: "RSAES_OAEP_SHA_256" };
  const unwrap = async (exported: Body) =>
    (
      await kms.call("AsymmetricDecrypt", {
        KeyId: rsa,
        KeyVersionId: versionId,
        Algorithm: "RSAES_OAEP_SHA_256",
        CiphertextBlob: exported.ExportedDataKey,
      })
    ).Plaintext;

  const dataKey = await kms.call("GenerateDataKey", { KeyId: symmetric });
  const exported = await kms.call("ExportDataKey", { CiphertextBlob: dataKey.CiphertextBlob, ...wrapping });
  expect(exported.KeyId).toBe(symmetric);
  expect(await unwrap(exported)).toBe(dataKey.Plaintext);
  const both = await kms.call("GenerateAndExportDataKey", { KeyId: symmetric, ...wrapping });
  const opened = await kms.call("Decrypt", { CiphertextBlob: both.CiphertextBlob });
  expect(await unwrap(both)).toBe(opened.Plaintext);

  const source = { app: "one" };
  const sealed = await kms.call("Encrypt", {
    KeyId: symmetric,
    Plaintext: "moved",
    EncryptionContext: source,
  });
  const moved = await kms.call("ReEncrypt", {
    CiphertextBlob: sealed.CiphertextBlob,
    SourceEncryptionContext: source,
    DestinationKeyId: destination,
    DestinationEncryptionContext: { app: "two" },
  });
  expect(moved.KeyId).toBe(destination);
  const reopened = await kms.call("Decrypt", {
    CiphertextBlob: moved.CiphertextBlob,
    EncryptionContext: { app: "two" },
  });
  expect(reopened).toMatchObject({ Plaintext: "moved", KeyId: destination });

  const asymmetric = await kms.call("AsymmetricEncrypt", {
    KeyId: rsa,
    KeyVersionId: versionId,
    Algorithm: "RSAES_OAEP_SHA_1",
    Plaintext: Buffer.from("from RSA").toString("base64"),
  });
  const fromRsa = await kms.call("ReEncrypt", {
    CiphertextBlob: asymmetric.CiphertextBlob,
    SourceKeyId: rsa,
    SourceKeyVersionId: versionId,
    SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_1",
    DestinationKeyId: symmetric,
  });
  expect((await kms.call("Decrypt", { CiphertextBlob: fromRsa.CiphertextBlob })).Plaintext).toBe("from RSA");
}

/** Walks a paged listing to its end, checking each page's numbering and size. */
async function walk(kms: KmsCaller, action: string, params: CallParams, list: string, item: string) {
  const items: Body[] = [];
  let total = Number.POSITIVE_INFINITY;
  for (let page = 1; items.length < total; page++) {
    const answer = await kms.call(action, { ...params, PageNumber: page });
    expect(answer.PageNumber).toBe(page);
    const entries: Body[] = answer[list][item];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(Number(params.PageSize));
    items.push(...entries);
    total = answer.TotalCount;
  }
  expect(items).toHaveLength(total);
  return items;
}

/** ListKeys, ListAliases and ListKeyVersions page by page; ListKeys with a Filters parameter. */
export async function exerciseListings(kms: KmsCaller): Promise<void> {
  const created = [await newKey(kms), await newKey(kms), await newKey(kms, { KeySpec: "EC_P256K" })];
  const keys = (await walk(kms, "ListKeys", { PageSize: 2 }, "Keys", "Key")).map((key) => key.KeyId);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toEqual(expect.arrayContaining(created));
  const listed = await kms.call("ListKeys", { PageSize: 1 });
  expect(listed.Keys.Key[0]).toEqual({
    KeyId: expect.any(String),
    KeyArn: expect.stringMatching(/^acs:kms:/),
  });

  const filters = JSON.stringify([{ Key: "KeySpec", Values: ["EC_P256K"] }]);
  const filtered = await kms.call("ListKeys", { PageSize: 100, Filters: filters });
  const ids: string[] = filtered.Keys.Key.map((key: Body) => key.KeyId);
  expect(ids).toContain(created[2]);
  expect(ids).not.toContain(created[0]);
  for (const id of ids) {
    expect((await kms.call("DescribeKey", { KeyId: id })).KeyMetadata.KeySpec).toBe("EC_P256K");
  }

  const prefix = `alias/e2e-list-${created[0]}`;
  for (const [n, keyId] of created.entries())
    await kms.call("CreateAlias", { AliasName: `${prefix}-${n}`, KeyId: keyId });
  const aliases = await walk(kms, "ListAliases", { PageSize: 2 }, "Aliases", "Alias");
  const ours = aliases.filter((alias) => String(alias.AliasName).startsWith(prefix));
  expect(ours.map((alias) => alias.KeyId)).toEqual(expect.arrayContaining(created));
  expect(ours).toHaveLength(3);

  for (let n = 0; n < 2; n++) await kms.call("CreateKeyVersion", { KeyId: created[0] as string });
  const versions = await walk(
    kms,
    "ListKeyVersions",
    { KeyId: created[0] as string, PageSize: 2 },
    "KeyVersions",
    "KeyVersion",
  );
  expect(versions).toHaveLength(3);
  expect(new Set(versions.map((version) => version.KeyVersionId)).size).toBe(3);
}
