/**
 * Interop with the official Alibaba clients: requests signed by @alicloud/kms20160120 1.2.0 on
 * @alicloud/rpc-client 1.3.2 (RPC signature v1) and by @alicloud/openapi-client 0.4.15 with its
 * @alicloud/openapi-util 0.3.3 signer (ACS3-HMAC-SHA256) are captured by a throwaway node:http server on
 * 127.0.0.1 and authenticated by Keyward's authenticator; its answer is what the SDK call sees.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import KmsModule, { DescribeKeyRequest, EncryptRequest } from "@alicloud/kms20160120";
import OpenApiModule, { Config as OpenApiConfig, OpenApiRequest, Params } from "@alicloud/openapi-client";
import { Config as RpcConfig } from "@alicloud/rpc-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryNonceCache } from "../../../core/auth/InMemoryNonceCache";
import { createRequestAuthenticator } from "../../../core/auth/RequestAuthenticator";
import type { RawRequest } from "../../../core/auth/types";
import { isKmsError } from "../../../core/errors";
import { ACCESS_KEY_ID, ACCOUNT_ID, decodeParameters, SECRET } from "./signedRequests";

// ESM default-export pitfall (stack-notes 9): the class may sit at `.default`.
const Kms: typeof KmsModule = (KmsModule as unknown as { default?: typeof KmsModule }).default ?? KmsModule;
const OpenApi: typeof OpenApiModule =
  (OpenApiModule as unknown as { default?: typeof OpenApiModule }).default ?? OpenApiModule;

const clock = () => new Date();
const authenticator = createRequestAuthenticator({
  clock,
  lookupAccessKey: async (id) =>
    id === ACCESS_KEY_ID ? { accountId: ACCOUNT_ID, secret: SECRET, enabled: true } : undefined,
  nonces: new InMemoryNonceCache({ clock }),
});

interface Captured {
  readonly request: RawRequest;
  readonly url: string;
  readonly outcome: string;
}
const captured: Captured[] = [];
let server: Server;
let endpoint: string;

function toRawRequest(req: IncomingMessage, body: Buffer): RawRequest {
  const url = new URL(req.url ?? "/", "http://placeholder");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const isForm = headers["content-type"]?.startsWith("application/x-www-form-urlencoded") ?? false;
  return {
    method: req.method ?? "GET",
    path: decodeURIComponent(url.pathname),
    query: decodeParameters(url.search.slice(1)),
    form: isForm ? decodeParameters(body.toString("utf8")) : {},
    headers,
    body: new Uint8Array(body),
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const request = toRawRequest(req, Buffer.concat(chunks));
      res.setHeader("content-type", "application/json");
      try {
        const principal = await authenticator.authenticate(request);
        captured.push({ request, url: req.url ?? "", outcome: "ok" });
        res.end(
          JSON.stringify({
            RequestId: "r-ok",
            KeyId: principal.accountId,
            CiphertextBlob: principal.accountId,
            KeyMetadata: { KeyId: principal.accountId },
          }),
        );
      } catch (error) {
        const code = isKmsError(error) ? error.code : "InternalFailure";
        captured.push({ request, url: req.url ?? "", outcome: code });
        res.statusCode = isKmsError(error) ? error.httpStatus : 500;
        res.end(JSON.stringify({ RequestId: "r-err", Code: code, Message: "refused" }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function last(): Captured {
  return captured[captured.length - 1] as Captured;
}

async function replay(entry: Captured): Promise<{ status: number; code?: string }> {
  const { request } = entry;
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => !["connection", "content-length", "transfer-encoding"].includes(name),
    ),
  );
  const response = await fetch(`http://${endpoint}${entry.url}`, {
    method: request.method,
    headers,
    body: request.body.byteLength > 0 ? request.body : undefined,
  });
  const body = (await response.json()) as { Code?: string };
  return { status: response.status, code: body.Code };
}

describe("@alicloud/kms20160120 1.2.0 (RPC signature v1)", () => {
  const client = (secret: string) =>
    new Kms(
      new RpcConfig({
        endpoint,
        protocol: "http",
        accessKeyId: ACCESS_KEY_ID,
        accessKeySecret: secret,
        regionId: "cn-hangzhou",
      }),
    );

  it("is authenticated for DescribeKey and for Encrypt with reserved and flattened parameters", async () => {
    const described = await client(SECRET).describeKey(new DescribeKeyRequest({ keyId: "alias/test" }));
    expect(described.keyMetadata?.keyId).toBe(ACCOUNT_ID);
    expect(last().request.headers["x-acs-action"]).toBe("DescribeKey");
    const encrypted = await client(SECRET).encrypt(
      new EncryptRequest({
        keyId: "alias/test",
        plaintext: "a+b/c= *!'()~é",
        encryptionContext: { "a b": "c*d", k: "v" },
      }),
    );
    expect(encrypted.ciphertextBlob).toBe(ACCOUNT_ID);
    expect(last()).toMatchObject({ outcome: "ok" });
    expect(last().request.query["EncryptionContext.a b"]).toEqual(["c*d"]);
    expect(last().url).toContain("Signature=");
  });

  it("is refused under a wrong secret, and a captured request cannot be replayed", async () => {
    await expect(client("wrong").describeKey(new DescribeKeyRequest({ keyId: "k" }))).rejects.toMatchObject({
      code: "SignatureDoesNotMatchError",
    });
    await client(SECRET).describeKey(new DescribeKeyRequest({ keyId: "k" }));
    await expect(replay(last())).resolves.toEqual({ status: 400, code: "SignatureNonceUsed" });
  });
});

describe("@alicloud/openapi-client 0.4.15 (ACS3-HMAC-SHA256)", () => {
  const client = (secret: string) =>
    new OpenApi(
      new OpenApiConfig({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: secret, endpoint, protocol: "http" }),
    );
  const encrypt = new Params({
    action: "Encrypt",
    version: "2016-01-20",
    protocol: "HTTP",
    pathname: "/",
    method: "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: "formData",
    bodyType: "json",
  });
  const runtime = {} as Parameters<OpenApiModule["callApi"]>[2];

  it("is authenticated with parameters in the query, raw reserved characters on the wire included", async () => {
    const query = {
      KeyId: "alias/test",
      Plaintext: "a+b/c=",
      EncryptionContext: JSON.stringify({ k: "v w*!~(')é" }),
    };
    const response = await client(SECRET).callApi(encrypt, new OpenApiRequest({ query }), runtime);
    expect(response.body).toMatchObject({ KeyId: ACCOUNT_ID });
    expect(last().url).toContain("*!~(");
    expect(last().request.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=testid,/);
  });

  it("is authenticated with parameters in a form body, whose content-type and hash are signed", async () => {
    const body = { KeyId: "alias/test", Plaintext: "a+b/c= *" };
    const response = await client(SECRET).callApi(encrypt, new OpenApiRequest({ body }), runtime);
    expect(response.body).toMatchObject({ KeyId: ACCOUNT_ID });
    expect(last().request.form.Plaintext).toEqual(["a+b/c= *"]);
    expect(last().request.headers.authorization).toContain("SignedHeaders=content-type;host;");
  });

  it("is refused under a wrong secret, and a captured request cannot be replayed", async () => {
    await expect(
      client("wrong").callApi(encrypt, new OpenApiRequest({ query: { KeyId: "k" } }), runtime),
    ).rejects.toMatchObject({ code: "SignatureDoesNotMatch" });
    await client(SECRET).callApi(encrypt, new OpenApiRequest({ query: { KeyId: "k" } }), runtime);
    await expect(replay(last())).resolves.toEqual({ status: 400, code: "SignatureNonceUsed" });
  });
});
