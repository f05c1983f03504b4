/**
 * Tenancy over real HTTP against the whole local service (DESIGN section 3): the AccessKey's account scopes every
 * read and write. Another account's key, alias or ciphertext behaves exactly as if it did not exist
 * (404 Forbidden.KeyNotFound, the same answer as for a key that never existed), whether named by id, alias or
 * ARN, for reads, writes and cryptographic operations, with both signing schemes; and the other account's key is
 * left exactly as it was.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessKey } from "../../core/service/accessKeys";
import { DEV_ACCOUNT, type E2eStack, startE2eStack } from "./support/e2eStack";
import { type KeySnapshot, keySnapshot } from "./support/keySnapshot";
import { type Answer, type SigningKey, signedCall } from "./support/signedFetch";

const OTHER_ACCOUNT = "6543210987654321";
let e2e: E2eStack;
let mine: SigningKey;
let theirs: SigningKey;
let ownKey: string;
let foreignKey: string;
let foreignBlob: string;
let before: KeySnapshot;

async function ok(signer: SigningKey, action: string, params: Record<string, string>) {
  const answer = await signedCall(e2e.stack.url, signer, action, params);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  e2e = await startE2eStack("e2e-tenancy");
  mine = e2e.stack.accessKey;
  const other = await createAccessKey(e2e.stack.deps, { accountId: OTHER_ACCOUNT });
  theirs = { accessKeyId: other.accessKeyId, secret: other.secret };
  ownKey = (await ok(mine, "CreateKey", {})).KeyMetadata.KeyId;
  foreignKey = (await ok(theirs, "CreateKey", { Description: "theirs" })).KeyMetadata.KeyId;
  await ok(theirs, "CreateAlias", { AliasName: "alias/theirs-only", KeyId: foreignKey });
  await ok(theirs, "CreateAlias", { AliasName: "alias/same-name", KeyId: foreignKey });
  await ok(mine, "CreateAlias", { AliasName: "alias/same-name", KeyId: ownKey });
  foreignBlob = (await ok(theirs, "Encrypt", { KeyId: foreignKey, Plaintext: "their secret" }))
    .CiphertextBlob;
  before = await keySnapshot(e2e.stack, OTHER_ACCOUNT, foreignKey);
});
afterAll(async () => {
  await e2e?.stop();
});

/** How the calling account may name the other account's key. */
const NAMES = {
  id: () => foreignKey,
  alias: () => "alias/theirs-only",
  "key ARN": () => `acs:kms:cn-hangzhou:${OTHER_ACCOUNT}:key/${foreignKey}`,
  "alias ARN": () => `acs:kms:cn-hangzhou:${OTHER_ACCOUNT}:alias/theirs-only`,
  "own-account ARN with their key id": () => `acs:kms:cn-hangzhou:${DEV_ACCOUNT}:key/${foreignKey}`,
};

/** Operations that name a key by KeyId, with their other parameters. */
const KEY_OPERATIONS: Record<string, Record<string, string>> = {
  DescribeKey: {},
  Encrypt: { Plaintext: "x" },
  GenerateDataKey: {},
  DisableKey: {},
  ScheduleKeyDeletion: { PendingWindowInDays: "7" },
  UpdateKeyDescription: { Description: "mine now" },
  TagResource: { Tags: JSON.stringify([{ TagKey: "owner", TagValue: "me" }]) },
  UpdateRotationPolicy: { EnableAutomaticRotation: "true", RotationInterval: "7d" },
  CreateKeyVersion: {},
  SetDeletionProtection: { EnableDeletionProtection: "true" },
  CreateAlias: { AliasName: "alias/stolen" },
  UpdateAlias: { AliasName: "alias/same-name" },
  ListAliasesByKeyId: {},
  ListKeyVersions: {},
  ListResourceTags: {},
};

function expectNotFound(answer: Answer, never: Answer): void {
  expect(answer.status).toBe(404);
  expect(answer.body.Code).toBe("Forbidden.KeyNotFound");
  const { RequestId: _a, Recommend: _b, ...seen } = answer.body;
  const { RequestId: _c, Recommend: _d, ...absent } = never.body;
  expect(seen).toEqual(absent);
}

describe.each(["v1", "acs3"] as const)("with requests signed by %s", (scheme) => {
  describe.each(Object.entries(NAMES))("another account's key named by %s", (_how, name) => {
    it("is Forbidden.KeyNotFound, exactly like a key that never existed, for every operation", async () => {
      for (const [action, params] of Object.entries(KEY_OPERATIONS)) {
        const answer = await signedCall(
          e2e.stack.url,
          mine,
          action,
          { ...params, KeyId: name() },
          { scheme },
        );
        const never = await signedCall(
          e2e.stack.url,
          mine,
          action,
          { ...params, KeyId: randomUUID() },
          { scheme },
        );
        expectNotFound(answer, never);
      }
      expect(await keySnapshot(e2e.stack, OTHER_ACCOUNT, foreignKey)).toEqual(before);
    });
  });

  it("another account's ciphertext is Forbidden.KeyNotFound for Decrypt, ReEncrypt and ExportDataKey", async () => {
    const { publicKey: spki } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKey = spki.export({ type: "spki", format: "der" }).toString("base64");
    for (const [action, params] of [
      ["Decrypt", {}],
      ["ReEncrypt", { DestinationKeyId: ownKey }],
      [
        "ExportDataKey",
        { PublicKeyBlob: publicKey, WrappingKeySpec: "RSA_2048", WrappingAlgorithm: "RSAES_OAEP_SHA_256" },
      ],
    ] as const) {
      const answer = await signedCall(
        e2e.stack.url,
        mine,
        action,
        { ...params, CiphertextBlob: foreignBlob },
        { scheme },
      );
      expect(answer).toMatchObject({ status: 404, body: { Code: "Forbidden.KeyNotFound" } });
    }
  });

  it("an alias name resolves in the caller's own account only", async () => {
    const sealed = await signedCall(
      e2e.stack.url,
      mine,
      "Encrypt",
      { KeyId: "alias/same-name", Plaintext: "m" },
      { scheme },
    );
    expect(sealed.body.KeyId).toBe(ownKey);
    const deleted = await signedCall(
      e2e.stack.url,
      mine,
      "DeleteAlias",
      { AliasName: "alias/theirs-only" },
      { scheme },
    );
    expect(deleted).toMatchObject({ status: 404, body: { Code: "Forbidden.AliasNotFound" } });
  });

  it("listings hold only the caller's own keys and aliases", async () => {
    const keys = await signedCall(e2e.stack.url, mine, "ListKeys", { PageSize: "100" }, { scheme });
    const ids = keys.body.Keys.Key.map((key: { KeyId: string }) => key.KeyId);
    expect(ids).toContain(ownKey);
    expect(ids).not.toContain(foreignKey);
    const aliases = await signedCall(e2e.stack.url, mine, "ListAliases", { PageSize: "100" }, { scheme });
    expect(aliases.body.Aliases.Alias.map((alias: { KeyId: string }) => alias.KeyId)).toEqual([ownKey]);
  });
});

describe("the other account", () => {
  it("still has its key exactly as it was, and can use it", async () => {
    expect(await keySnapshot(e2e.stack, OTHER_ACCOUNT, foreignKey)).toEqual(before);
    expect(before).toMatchObject({
      keyState: "Enabled",
      description: "theirs",
      tags: {},
      deletionProtection: false,
    });
    expect([...before.aliases].sort()).toEqual(["alias/same-name", "alias/theirs-only"]);
    expect((await ok(theirs, "Decrypt", { CiphertextBlob: foreignBlob })).Plaintext).toBe("their secret");
  });
});
