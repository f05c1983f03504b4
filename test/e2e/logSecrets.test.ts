/**
 * No secret in the logs (DESIGN section 11): the whole local service runs with its logger capturing every line at
 * DEBUG level while a scenario handles secrets (Encrypt of a known plaintext, GenerateDataKey, AsymmetricDecrypt,
 * CreateAccessKey and requests signed with the new AccessKey, refused requests); then no captured line may hold
 * the plaintexts, the data key, an AccessKey secret, the root keys, or the unwrapped material of any key version.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unwrapMaterial } from "../../core/crypto/rootKeyring";
import { createAccessKey } from "../../core/service/accessKeys";
import { setLoggerForTests } from "../../functions/lib/logger";
import { CapturingLogger } from "../unit/functions/CapturingLogger";
import { DEV_ACCOUNT, type E2eStack, startE2eStack } from "./support/e2eStack";
import { type KmsCaller, rpcV1Caller } from "./support/kmsCallers";
import { findLeaks, leakForms, type Secret } from "./support/secretScan";
import { signedCall } from "./support/signedFetch";

const logger = new CapturingLogger();
const secrets: Record<string, Secret> = {};
const keyIds: string[] = [];
let e2e: E2eStack;
let kms: KmsCaller;

beforeAll(async () => {
  setLoggerForTests(logger);
  e2e = await startE2eStack("e2e-logs");
  kms = rpcV1Caller(e2e.host, e2e.stack.accessKey);
  secrets["development AccessKey secret"] = e2e.stack.accessKey.secret;
});
afterAll(async () => {
  await e2e?.stop();
  setLoggerForTests(undefined);
});

async function newKey(params: Record<string, string> = {}): Promise<string> {
  const keyId = (await kms.call("CreateKey", params)).KeyMetadata.KeyId as string;
  keyIds.push(keyId);
  return keyId;
}

describe("a scenario that handles secrets, logged at DEBUG level", () => {
  it("runs: Encrypt, GenerateDataKey, AsymmetricDecrypt, CreateAccessKey, refused requests", async () => {
    expect(logger.getLevelName()).toBe("DEBUG");
    const symmetric = await newKey();
    const plaintext = `log-scan plaintext ${randomBytes(12).toString("hex")}`;
    secrets["Encrypt plaintext"] = plaintext;
    const sealed = await kms.call("Encrypt", {
      KeyId: symmetric,
      Plaintext: plaintext,
      EncryptionContext: { a: "b" },
    });
    expect(
      (await kms.call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: "b" } }))
        .Plaintext,
    ).toBe(plaintext);
    const wrongContext = signedCall(e2e.stack.url, e2e.stack.accessKey, "Decrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
    });
    expect((await wrongContext).body.Code).toBe("InvalidCiphertext");

    const dataKey = await kms.call("GenerateDataKey", { KeyId: symmetric });
    secrets["data key"] = Buffer.from(dataKey.Plaintext, "base64");
    secrets["data key (base64 text)"] = dataKey.Plaintext;
    expect((await kms.call("Decrypt", { CiphertextBlob: dataKey.CiphertextBlob })).Plaintext).toBe(
      dataKey.Plaintext,
    );

    for (const [keySpec, algorithm] of [
      ["RSA_2048", "RSAES_OAEP_SHA_256"],
      ["EC_SM2", "SM2PKE"],
    ] as const) {
      const keyId = await newKey({ KeySpec: keySpec, KeyUsage: "ENCRYPT/DECRYPT" });
      const versionId = (await kms.call("ListKeyVersions", { KeyId: keyId })).KeyVersions.KeyVersion[0]
        .KeyVersionId;
      const bytes = randomBytes(48);
      secrets[`${keySpec} plaintext`] = bytes;
      const common = { KeyId: keyId, KeyVersionId: versionId, Algorithm: algorithm };
      const sealedBytes = await kms.call("AsymmetricEncrypt", {
        ...common,
        Plaintext: bytes.toString("base64"),
      });
      const opened = await kms.call("AsymmetricDecrypt", {
        ...common,
        CiphertextBlob: sealedBytes.CiphertextBlob,
      });
      expect(opened.Plaintext).toBe(bytes.toString("base64"));
    }

    const created = await createAccessKey(e2e.stack.deps, {
      accountId: DEV_ACCOUNT,
      description: "log scan",
    });
    secrets["new AccessKey secret"] = created.secret;
    const signer = { accessKeyId: created.accessKeyId, secret: created.secret };
    expect((await signedCall(e2e.stack.url, signer, "DescribeKey", { KeyId: symmetric })).status).toBe(200);
    const forged = await signedCall(
      e2e.stack.url,
      signer,
      "Encrypt",
      { KeyId: symmetric, Plaintext: plaintext },
      {
        signWith: `${created.secret}x`,
      },
    );
    expect(forged.body.Code).toBe("SignatureDoesNotMatch");
  });

  it("captured the scenario's lines (audit lines of every request)", () => {
    const actions = logger.records().map((record) => record.action);
    for (const action of [
      "CreateKey",
      "Encrypt",
      "Decrypt",
      "GenerateDataKey",
      "AsymmetricDecrypt",
      "DescribeKey",
    ]) {
      expect(actions).toContain(action);
    }
    expect(logger.sink.length).toBeGreaterThan(15);
  });

  it("no captured line holds a plaintext, the data key, an AccessKey secret, a root key or key material", async () => {
    const { keyring } = e2e.stack.deps;
    for (const id of keyring.ids) secrets[`root key ${id}`] = keyring.key(id);
    for (const keyId of keyIds) {
      const record = await e2e.stack.deps.keys.get(DEV_ACCOUNT, keyId);
      for (const version of record?.versions ?? []) {
        if (version.material.kind !== "software" || !record) continue;
        const identity = {
          accountId: DEV_ACCOUNT,
          keyId,
          versionId: version.versionId,
          keySpec: record.keySpec,
        };
        secrets[`material of ${record.keySpec} ${keyId}`] = unwrapMaterial(
          keyring,
          identity,
          version.material,
        );
      }
    }
    expect(Object.keys(secrets).filter((name) => name.startsWith("material of"))).toHaveLength(keyIds.length);
    expect(findLeaks(logger.sink, secrets)).toEqual([]);
  });

  it("the scan finds a secret planted in a line, in any of its printed forms", () => {
    const material = randomBytes(300);
    const middle = material.subarray(100, 140);
    for (const planted of [
      `{"m":"${middle.toString("hex")}"}`,
      `{"m":"${Buffer.from(material.subarray(101, 150)).toString("base64")}"}`,
      JSON.stringify({ m: Buffer.from(middle) }),
      JSON.stringify({ m: "x", s: "the secret sk-123456789012345 here" }),
    ]) {
      expect(findLeaks([planted], { material, text: "sk-123456789012345" })).toHaveLength(1);
    }
    expect(leakForms(material).length).toBeGreaterThan(1000);
  });
});
