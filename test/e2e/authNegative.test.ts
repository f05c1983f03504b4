/**
 * Request authentication refusals over real HTTP against the whole local service (DESIGN section 3, reference
 * section 6c): a wrong secret, a parameter changed after signing, a replayed nonce (state-changing and
 * cryptographic operations), a stale timestamp, an unknown and a disabled AccessKey, each with both signing
 * schemes, each refused with its code, and the key left exactly as it was.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccessKey, setAccessKeyStatus } from "../../core/service/accessKeys";
import { DEV_ACCOUNT, type E2eStack, startE2eStack } from "./support/e2eStack";
import { type KeySnapshot, keySnapshot } from "./support/keySnapshot";
import { prepareSigned, type SigningKey, type SigningOptions, send, signedCall } from "./support/signedFetch";

const MINUTE = 60_000;
let e2e: E2eStack;
let key: SigningKey;
let keyId: string;
let before: KeySnapshot;

beforeAll(async () => {
  e2e = await startE2eStack("e2e-auth");
  key = e2e.stack.accessKey;
  const created = await signedCall(e2e.stack.url, key, "CreateKey", { Description: "target" });
  expect(created.status).toBe(200);
  keyId = created.body.KeyMetadata.KeyId;
});
afterAll(async () => {
  await e2e?.stop();
});
beforeEach(async () => {
  before = await keySnapshot(e2e.stack, DEV_ACCOUNT, keyId);
});

const call = (action: string, params: Record<string, string>, options: SigningOptions = {}) =>
  signedCall(e2e.stack.url, key, action, params, options);

async function expectUnchanged(): Promise<void> {
  expect(await keySnapshot(e2e.stack, DEV_ACCOUNT, keyId)).toEqual(before);
}

describe.each(["v1", "acs3"] as const)("requests signed with %s", (scheme) => {
  it("a wrong secret is 400 SignatureDoesNotMatch, and nothing changes", async () => {
    const answer = await call("DisableKey", { KeyId: keyId }, { scheme, signWith: "not-the-secret-at-all" });
    expect(answer).toMatchObject({ status: 400, body: { Code: "SignatureDoesNotMatch" } });
    await expectUnchanged();
  });

  it("a parameter changed after signing is 400 SignatureDoesNotMatch, and nothing changes", async () => {
    const tamper = (params: Record<string, string>) => ({ ...params, Description: "tampered" });
    const answer = await call(
      "UpdateKeyDescription",
      { KeyId: keyId, Description: "signed" },
      { scheme, tamper },
    );
    expect(answer).toMatchObject({ status: 400, body: { Code: "SignatureDoesNotMatch" } });
    const added = await call(
      "DescribeKey",
      { KeyId: keyId },
      { scheme, tamper: (p) => ({ ...p, Extra: "1" }) },
    );
    expect(added.body.Code).toBe("SignatureDoesNotMatch");
    await expectUnchanged();
  });

  it("a replayed state-changing request is 400 SignatureNonceUsed, and nothing changes", async () => {
    const disable = prepareSigned(e2e.stack.url, key, "DisableKey", { KeyId: keyId }, { scheme });
    expect((await send(disable)).status).toBe(200);
    expect((await call("EnableKey", { KeyId: keyId }, { scheme })).status).toBe(200);
    before = await keySnapshot(e2e.stack, DEV_ACCOUNT, keyId);
    expect(before.keyState).toBe("Enabled");
    expect(await send(disable)).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
    await expectUnchanged();
  });

  it("a used nonce in another, correctly signed state-changing request is refused too", async () => {
    const nonce = `nonce-${scheme}-${keyId}`;
    expect((await call("TagResource", tag("a"), { scheme, nonce })).status).toBe(200);
    before = await keySnapshot(e2e.stack, DEV_ACCOUNT, keyId);
    const reused = await call("TagResource", tag("b"), { scheme, nonce });
    expect(reused).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
    await expectUnchanged();
  });

  it("a replayed cryptographic request is 400 SignatureNonceUsed", async () => {
    const encrypt = prepareSigned(
      e2e.stack.url,
      key,
      "Encrypt",
      { KeyId: keyId, Plaintext: "once" },
      { scheme },
    );
    const first = await send(encrypt);
    expect(first.status).toBe(200);
    expect(await send(encrypt)).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
    const decrypt = prepareSigned(
      e2e.stack.url,
      key,
      "Decrypt",
      { CiphertextBlob: first.body.CiphertextBlob },
      { scheme },
    );
    expect((await send(decrypt)).body.Plaintext).toBe("once");
    expect(await send(decrypt)).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
  });

  it("a forged request does not use up its nonce", async () => {
    const nonce = `forged-${scheme}-${Date.now()}`;
    const forged = await call(
      "DescribeKey",
      { KeyId: keyId },
      { scheme, nonce, signWith: "wrong-secret-000" },
    );
    expect(forged.body.Code).toBe("SignatureDoesNotMatch");
    expect((await call("DescribeKey", { KeyId: keyId }, { scheme, nonce })).status).toBe(200);
  });

  it("a timestamp more than 15 minutes off is 400 IllegalTimestamp, and nothing changes", async () => {
    for (const offset of [-16 * MINUTE, 16 * MINUTE]) {
      const at = new Date(Date.now() + offset);
      const answer = await call("DisableKey", { KeyId: keyId }, { scheme, at });
      expect(answer).toMatchObject({ status: 400, body: { Code: "IllegalTimestamp" } });
    }
    await expectUnchanged();
    const within = await call(
      "DescribeKey",
      { KeyId: keyId },
      { scheme, at: new Date(Date.now() - 14 * MINUTE) },
    );
    expect(within.status).toBe(200);
  });

  it("an unknown AccessKey is 404 InvalidAccessKeyId.NotFound, and nothing changes", async () => {
    const stranger = { accessKeyId: `KWUNKNOWN${scheme.toUpperCase()}0000000000`, secret: key.secret };
    const answer = await signedCall(e2e.stack.url, stranger, "DisableKey", { KeyId: keyId }, { scheme });
    expect(answer).toMatchObject({ status: 404, body: { Code: "InvalidAccessKeyId.NotFound" } });
    await expectUnchanged();
  });

  it("a disabled AccessKey is 403 Forbidden.AccessKey, and nothing changes", async () => {
    const created = await createAccessKey(e2e.stack.deps, {
      accountId: DEV_ACCOUNT,
      description: "to disable",
    });
    await setAccessKeyStatus(e2e.stack.deps, created.accessKeyId, "Disabled");
    const disabled = { accessKeyId: created.accessKeyId, secret: created.secret };
    const answer = await signedCall(e2e.stack.url, disabled, "DisableKey", { KeyId: keyId }, { scheme });
    expect(answer).toMatchObject({ status: 403, body: { Code: "Forbidden.AccessKey" } });
    await expectUnchanged();
  });
});

describe("an enabled second AccessKey of the account", () => {
  it("acts for the account, as the development AccessKey does", async () => {
    const created = await createAccessKey(e2e.stack.deps, { accountId: DEV_ACCOUNT });
    const second = { accessKeyId: created.accessKeyId, secret: created.secret };
    const answer = await signedCall(e2e.stack.url, second, "DescribeKey", { KeyId: keyId });
    expect(answer.body.KeyMetadata).toMatchObject({ KeyId: keyId, Creator: DEV_ACCOUNT });
  });
});

function tag(value: string): Record<string, string> {
  return { KeyId: keyId, Tags: JSON.stringify([{ TagKey: "replay", TagValue: value }]) };
}
