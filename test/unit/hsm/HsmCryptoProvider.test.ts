import { describe, expect, it } from "vitest";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import {
  InternalFailureError,
  InvalidParameterError,
  RejectedUnsupportedOperationError,
  ServiceUnavailableError,
} from "../../../core/errors";
import { JsonHsmClient } from "../../../core/hsm/HsmClient";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";

// The provider over JsonHsmClient with a scripted HSM side: the real contract codecs, answers chosen per test to
// reach what SoftHSM never does (a malformed HSM result, an unreachable HSM). The real HSM side is exercised in
// test/integration/hsm/HsmCryptoProvider.test.ts.

const CAPABILITIES = {
  library: { manufacturer: "m", description: "d", version: "1" },
  token: { label: "t", manufacturer: "m", model: "x" },
  mechanisms: ["CKM_AES_KEY_GEN", "CKM_AES_GCM"],
  gcmIv: "hsm",
  rsaOaepHashes: [],
  ecCurves: [],
};

function scripted(answer: (request: Record<string, unknown>) => unknown) {
  const requests: Record<string, unknown>[] = [];
  const client = new JsonHsmClient(async (json) => {
    const request = JSON.parse(json);
    requests.push(request);
    return JSON.stringify(answer(request));
  });
  return { provider: new HsmCryptoProvider(client), requests };
}

const key: KeyVersionHandle = {
  accountId: "1",
  keyId: "k",
  versionId: "v",
  keySpec: "Aliyun_AES_256",
  material: { kind: "hsm", label: "kw:1:k:v" },
};

describe("HsmCryptoProvider (scripted HSM side)", () => {
  it("asks for the capabilities once and caches them", async () => {
    const { provider, requests } = scripted(() => ({
      v: 1,
      ok: true,
      op: "capabilities",
      capabilities: CAPABILITIES,
    }));
    await provider.assertCanCreate("Aliyun_AES_256", "ENCRYPT/DECRYPT");
    await provider.assertCanCreate("Aliyun_AES_128", "ENCRYPT/DECRYPT");
    await expect(provider.assertCanCreate("RSA_2048", "SIGN/VERIFY")).rejects.toThrow(
      /lacks CKM_RSA_PKCS_KEY_PAIR_GEN/,
    );
    expect(requests.filter((r) => r.op === "capabilities")).toHaveLength(1);
  });

  it("asks again after a failed ask (an unreachable HSM is not cached)", async () => {
    let reachable = false;
    const { provider, requests } = scripted(() =>
      reachable
        ? { v: 1, ok: true, op: "capabilities", capabilities: CAPABILITIES }
        : {
            v: 1,
            ok: false,
            error: { code: "ServiceUnavailableTemporary", httpStatus: 503, message: "down" },
          },
    );
    await expect(provider.capabilities()).rejects.toBeInstanceOf(ServiceUnavailableError);
    reachable = true;
    expect((await provider.capabilities()).gcmIv).toBe("hsm");
    expect(requests).toHaveLength(2);
  });

  it("Postcondition: the HSM returns a 12-byte nonce, the ciphertext as long as the plaintext, a 16-byte tag", async () => {
    const b64 = (length: number) => Buffer.alloc(length).toString("base64");
    for (const [nonce, ciphertext, tag] of [
      [8, 3, 16],
      [12, 2, 16],
      [12, 3, 12],
    ] as const) {
      const { provider } = scripted(() => ({
        v: 1,
        ok: true,
        op: "encrypt",
        nonce: b64(nonce),
        ciphertext: b64(ciphertext),
        tag: b64(tag),
      }));
      await expect(provider.encrypt(key, new Uint8Array(3), new Uint8Array(0))).rejects.toBeInstanceOf(
        InternalFailureError,
      );
    }
    const { provider, requests } = scripted(() => ({
      v: 1,
      ok: true,
      op: "encrypt",
      nonce: b64(12),
      ciphertext: b64(3),
      tag: b64(16),
    }));
    const sealed = await provider.encrypt(key, Uint8Array.of(1, 2, 3), Uint8Array.of(9));
    expect(sealed.nonce).toHaveLength(12);
    expect(requests[0]).toEqual({ v: 1, op: "encrypt", label: "kw:1:k:v", plaintext: "AQID", aad: "CQ==" });
  });

  it("Precondition: an HSM key version's material is an HSM label", async () => {
    const { provider, requests } = scripted(() => ({}));
    const software: KeyVersionHandle = {
      ...key,
      material: { kind: "software", rootKeyId: "r", wrapped: new Uint8Array(1) },
    };
    await expect(provider.destroy(software)).rejects.toBeInstanceOf(InternalFailureError);
    await expect(provider.sign(software, "ECDSA_SHA_256", new Uint8Array(32))).rejects.toBeInstanceOf(
      InternalFailureError,
    );
    expect(requests).toHaveLength(0);
  });

  it("Precondition: the HSM has the mechanism of the signing algorithm", async () => {
    const capabilities = { ...CAPABILITIES, mechanisms: ["CKM_RSA_PKCS_KEY_PAIR_GEN", "CKM_RSA_PKCS"] };
    const { provider, requests } = scripted(() => ({ v: 1, ok: true, op: "capabilities", capabilities }));
    const rsa: KeyVersionHandle = { ...key, keySpec: "RSA_2048" };
    const attempt = provider.sign(rsa, "RSA_PSS_SHA_256", new Uint8Array(32));
    await expect(attempt).rejects.toBeInstanceOf(RejectedUnsupportedOperationError);
    await expect(attempt).rejects.toThrow(/lacks CKM_RSA_PKCS_PSS/);
    expect(requests.map((r) => r.op)).toEqual(["capabilities"]);
  });

  it("generate asks the HSM for the key version by account, key, version and spec", async () => {
    const { provider, requests } = scripted(() => ({ v: 1, ok: true, op: "generateKey", label: "kw:1:k:v" }));
    expect(await provider.generate(key)).toEqual({ material: { kind: "hsm", label: "kw:1:k:v" } });
    expect(requests[0]).toEqual({
      v: 1,
      op: "generateKey",
      accountId: "1",
      keyId: "k",
      versionId: "v",
      keySpec: "Aliyun_AES_256",
    });
  });

  it("refuses a usage the KeySpec does not have before asking the HSM", async () => {
    const { provider, requests } = scripted(() => ({}));
    await expect(provider.assertCanCreate("Aliyun_AES_256", "SIGN/VERIFY")).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(requests).toHaveLength(0);
  });
});
