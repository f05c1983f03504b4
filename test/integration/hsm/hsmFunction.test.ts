import { createHash, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler } from "../../../functions/hsm";
import {
  createSoftHsmToken,
  hsmTestsEnabled,
  openRawSession,
  type SoftHsmToken,
} from "../../support/softhsm";

const ENV = ["KEYWARD_PKCS11_LIBRARY", "KEYWARD_HSM_TOKEN_LABEL", "KEYWARD_HSM_PIN", "KEYWARD_HSM_SESSIONS"];

/** What the Lambda runtime does with the payload: JSON in, JSON out. */
async function invoke(payload: unknown): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(payload)))));
}

// The HSM Lambda (functions/hsm.ts) as the Lambda runtime calls it, against SoftHSM; AWS itself cannot run here.
// One file, one process: the cases run in order, from no configuration to a warm instance.
describe.skipIf(!hsmTestsEnabled("HSM function against SoftHSM"))("functions/hsm.ts (SoftHSM)", () => {
  let token: SoftHsmToken;
  const saved = new Map(ENV.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    token = (await createSoftHsmToken())!;
    for (const name of ENV) delete process.env[name];
  });
  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await token?.cleanup();
  });

  it("without configuration answers a failure saying what is required", async () => {
    const response = await invoke({ v: 1, op: "capabilities" });
    expect(response).toEqual({
      v: 1,
      ok: false,
      error: { code: "InternalFailure", httpStatus: 500, message: "KEYWARD_PKCS11_LIBRARY is required." },
    });
  });

  it("with a wrong PIN answers ServiceUnavailableTemporary, without the PIN", async () => {
    process.env.KEYWARD_PKCS11_LIBRARY = token.libraryPath;
    process.env.KEYWARD_HSM_TOKEN_LABEL = token.tokenLabel;
    process.env.KEYWARD_HSM_PIN = "000000";
    const response = await invoke({ v: 1, op: "capabilities" });
    expect(response).toMatchObject({
      v: 1,
      ok: false,
      error: { code: "ServiceUnavailableTemporary", httpStatus: 503 },
    });
    expect(JSON.stringify(response)).not.toContain("000000");
  });

  it("configured, serves the contract: capabilities, generateKey, sign", async () => {
    process.env.KEYWARD_HSM_PIN = token.pin;
    process.env.KEYWARD_HSM_SESSIONS = "2";
    const capabilities = await invoke({ v: 1, op: "capabilities" });
    expect(capabilities).toMatchObject({
      v: 1,
      ok: true,
      op: "capabilities",
      capabilities: { rsaOaepHashes: ["SHA_1"] },
    });
    const generated = await invoke({
      v: 1,
      op: "generateKey",
      accountId: "42",
      keyId: "key-1",
      versionId: "version-1",
      keySpec: "EC_P256",
    });
    expect(generated).toMatchObject({ ok: true, label: "kw:42:key-1:version-1" });
    const digest = createHash("sha256").update("lambda").digest();
    const signed = await invoke({
      v: 1,
      op: "sign",
      label: "kw:42:key-1:version-1",
      algorithm: "ECDSA_SHA_256",
      digest: digest.toString("base64"),
    });
    expect(signed.ok).toBe(true);
    const signature = Buffer.from(signed.signature as string, "base64");
    expect(verify("sha256", Buffer.from("lambda"), generated.publicKey as string, signature)).toBe(true);
  });

  it("reuses its driver across warm invocations: no new sessions, no new login", async () => {
    const raw = openRawSession(token);
    try {
      const slot = raw.module.C_GetSessionInfo(raw.session).slotID;
      await invoke({ v: 1, op: "getPublicKey", label: "kw:42:key-1:version-1" });
      const before = raw.module.C_GetTokenInfo(slot).sessionCount;
      for (let i = 0; i < 20; i += 1) {
        const response = await invoke({ v: 1, op: "getPublicKey", label: "kw:42:key-1:version-1" });
        expect(response.ok).toBe(true);
      }
      expect(raw.module.C_GetTokenInfo(slot).sessionCount).toBe(before);
    } finally {
      raw.close();
    }
  });

  it("answers a malformed request with a failure, not a crash", async () => {
    for (const payload of [
      null,
      "text",
      { v: 2, op: "capabilities" },
      { v: 1, op: "export" },
      { v: 1, op: "sign" },
    ]) {
      const response = await invoke(payload);
      expect(response).toMatchObject({
        v: 1,
        ok: false,
        error: { code: "InternalFailure", httpStatus: 500 },
      });
    }
  });

  it("answers an operation failure with its KmsError code", async () => {
    const response = await invoke({
      v: 1,
      op: "decrypt",
      label: "kw:42:key-1:version-1",
      algorithm: "RSAES_OAEP_SHA_256",
      ciphertext: Buffer.alloc(256).toString("base64"),
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: "Rejected.UnsupportedOperation", httpStatus: 400 },
    });
  });
});
