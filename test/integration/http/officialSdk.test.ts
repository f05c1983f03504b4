/**
 * The official Alibaba SDK @alicloud/kms20160120 1.2.0 (on @alicloud/rpc-client 1.3.2, RPC signature v1, every
 * parameter in the query string, maps flattened) against the local server: proves the wire format parses end to end.
 */
import KmsModule, { EncryptRequest, GetRandomPasswordRequest } from "@alicloud/kms20160120";
import { Config as RpcConfig } from "@alicloud/rpc-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryNonceCache } from "../../../core/auth/InMemoryNonceCache";
import { createRequestAuthenticator } from "../../../core/auth/RequestAuthenticator";
import { defineHandler } from "../../../functions/lib/defineHandler";
import { setDeps } from "../../../functions/lib/deps";
import { developmentAuthenticator } from "../../../functions/lib/developmentAuthenticator";
import { setLoggerForTests } from "../../../functions/lib/logger";
import { type LocalServer, startLocalServer } from "../../../infra/local/server";
import { CapturingLogger } from "../../unit/functions/CapturingLogger";
import { testDeps } from "../../unit/functions/testDeps";

// ESM default-export pitfall (stack-notes section 9): the class may sit at `.default`.
const Kms: typeof KmsModule = (KmsModule as unknown as { default?: typeof KmsModule }).default ?? KmsModule;

const ACCESS_KEY_ID = "LTAI-keyward-test";
const SECRET = "keyward-test-secret";
let server: LocalServer;

function client(secret = SECRET) {
  const endpoint = server.url.replace(/^http:\/\//, "");
  return new Kms(
    new RpcConfig({
      endpoint,
      protocol: "http",
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: secret,
      regionId: "cn-hangzhou",
    }),
  );
}

beforeAll(async () => {
  setLoggerForTests(new CapturingLogger());
  server = await startLocalServer({
    port: 0,
    handlers: {
      // A fake Encrypt on the real stack: reports what it received instead of encrypting.
      Encrypt: defineHandler("Encrypt", async (ctx, input) => ({
        CiphertextBlob: Buffer.from(input.plaintext).toString("base64"),
        KeyId: `${input.keyId}@${ctx.principal.accountId}`,
        KeyVersionId: JSON.stringify(input.encryptionContext ?? {}),
      })),
    },
  });
});
afterAll(async () => {
  await server.close();
  setDeps(undefined);
  setLoggerForTests(undefined);
});

describe("the official SDK against the local server", () => {
  const development = testDeps(developmentAuthenticator("123456789012"));

  it("gets a random password", async () => {
    setDeps(development);
    const response = await client().getRandomPassword(
      new GetRandomPasswordRequest({
        passwordLength: "16",
        excludePunctuation: "true",
        requireEachIncludedType: "true",
      }),
    );
    expect(response.randomPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends Encrypt with a flattened EncryptionContext that the stack folds back", async () => {
    setDeps(development);
    const response = await client().encrypt(
      new EncryptRequest({
        keyId: "alias/app",
        plaintext: "héllo wörld",
        encryptionContext: { purpose: "t st", "a.b": "*" },
      }),
    );
    expect(Buffer.from(response.ciphertextBlob, "base64").toString("utf8")).toBe("héllo wörld");
    expect(response.keyId).toBe("alias/app@123456789012");
    expect(JSON.parse(response.keyVersionId)).toEqual({ purpose: "t st", "a.b": "*" });
  });

  it("sends the largest Encrypt, 6,144 bytes of non-ASCII text (an 18 KB query string)", async () => {
    setDeps(development);
    const plaintext = "中".repeat(2048);
    const response = await client().encrypt(new EncryptRequest({ keyId: "k", plaintext }));
    expect(Buffer.from(response.ciphertextBlob, "base64").toString("utf8")).toBe(plaintext);
  });

  it("surfaces a Keyward error as the SDK's error with the Alibaba code", async () => {
    setDeps(development);
    const error = (await client()
      .getRandomPassword(new GetRandomPasswordRequest({ passwordLength: "7" }))
      .catch((e: unknown) => e)) as { code?: string; data?: Record<string, unknown> };
    expect(error.code).toBe("InvalidParameterError");
    expect(error.data).toMatchObject({ Code: "InvalidParameter", HostId: expect.any(String) });
  });

  it("verifies through the real v1 authenticator with the raw request the stack builds", async () => {
    const clock = () => new Date();
    setDeps(
      testDeps(
        createRequestAuthenticator({
          clock,
          lookupAccessKey: async (id) =>
            id === ACCESS_KEY_ID ? { accountId: "210987654321", secret: SECRET, enabled: true } : undefined,
          nonces: new InMemoryNonceCache({ clock }),
        }),
      ),
    );
    const signed = await client().encrypt(
      new EncryptRequest({ keyId: "k", plaintext: "p", encryptionContext: { x: "a b*" } }),
    );
    expect(signed.keyId).toBe("k@210987654321");
    const forged = (await client("wrong-secret")
      .getRandomPassword(new GetRandomPasswordRequest({ passwordLength: "12" }))
      .catch((e: unknown) => e)) as { code?: string };
    expect(forged.code).toBe("SignatureDoesNotMatchError");
  });
});
