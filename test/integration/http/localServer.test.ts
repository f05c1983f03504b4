import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineHandler } from "../../../functions/lib/defineHandler";
import { setDeps } from "../../../functions/lib/deps";
import { developmentAuthenticator } from "../../../functions/lib/developmentAuthenticator";
import { setLoggerForTests } from "../../../functions/lib/logger";
import { type LocalServer, startLocalServer } from "../../../infra/local/server";
import { CapturingLogger } from "../../unit/functions/CapturingLogger";
import { testDeps } from "../../unit/functions/testDeps";

const events: APIGatewayProxyEventV2[] = [];
let server: LocalServer;
const logger = new CapturingLogger();

beforeAll(async () => {
  setLoggerForTests(logger);
  setDeps(testDeps(developmentAuthenticator("123456789012")));
  server = await startLocalServer({
    port: 0,
    handlers: {
      // Records the event exactly as a Lambda would receive it.
      DescribeRegions: async (event) => {
        events.push(event);
        return { statusCode: 200, headers: { "content-type": "application/json;charset=utf-8" }, body: "{}" };
      },
      // A fake operation on the real stack: echoes what parsing and validation made of the request.
      Encrypt: defineHandler("Encrypt", async (_ctx, input) => ({
        KeyId: input.keyId,
        PlaintextBytes: input.plaintext.length,
        Context: input.encryptionContext ?? null,
      })),
      DescribeAccountKmsStatus: async () => {
        throw new Error("raw handler failure with detail xyzzy");
      },
    },
  });
});
afterAll(async () => {
  await server.close();
  setDeps(undefined);
  setLoggerForTests(undefined);
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, { method: "POST", ...init });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), body: JSON.parse(text) };
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("the local server", () => {
  it("serves GetRandomPassword with the Action in the query string (the real handler, imported lazily)", async () => {
    const { status, type, body } = await call(
      "/?Action=GetRandomPassword&PasswordLength=20&ExcludePunctuation=true",
    );
    expect(status).toBe(200);
    expect(type).toBe("application/json;charset=utf-8");
    expect(Object.keys(body)).toEqual(["RequestId", "RandomPassword"]);
    expect(body.RandomPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(body.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes the Action from the x-acs-action header, the form body, the path, or a GET query", async () => {
    const header = await call("/?PasswordLength=12", { headers: { "x-acs-action": "GetRandomPassword" } });
    expect(header.body.RandomPassword).toHaveLength(12);
    const form = await call("/", { headers: FORM, body: "Action=GetRandomPassword&PasswordLength=9" });
    expect(form.body.RandomPassword).toHaveLength(9);
    const route = await call("/GetRandomPassword", { headers: FORM, body: "PasswordLength=10" });
    expect(route.body.RandomPassword).toHaveLength(10);
    const get = await call("/?Action=GetRandomPassword&PasswordLength=11", { method: "GET" });
    expect(get.body.RandomPassword).toHaveLength(11);
    const json = await call("/GetRandomPassword", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ PasswordLength: 13, RequireEachIncludedType: true }),
    });
    expect(json.body.RandomPassword).toHaveLength(13);
  });

  it("answers a parameter error of a real handler in the Alibaba format", async () => {
    const { status, body } = await call("/?Action=GetRandomPassword&PasswordLength=7");
    expect(status).toBe(400);
    expect(Object.keys(body)).toEqual(["RequestId", "HostId", "Code", "Message", "Recommend"]);
    expect(body.Code).toBe("InvalidParameter");
    expect(body.Message).toMatch(/"PasswordLength"/);
  });

  it("parses SDK-style query parameters and a flattened EncryptionContext through the stack", async () => {
    const { status, body } = await call(
      "/?Action=Encrypt&Format=json&Version=2016-01-20&SignatureNonce=abc&KeyId=alias%2Fk&Plaintext=h%C3%A9llo" +
        "&EncryptionContext.purpose=test&EncryptionContext.team=a%20b",
      { headers: { "x-acs-action": "Encrypt", "x-acs-version": "2016-01-20" } },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      KeyId: "alias/k",
      PlaintextBytes: 6,
      Context: { purpose: "test", team: "a b" },
    });
  });

  it("builds the API Gateway v2 event a Lambda would receive", async () => {
    events.length = 0;
    await call("/DescribeRegions?a=1&a=2&b=%2F", {
      headers: { "X-Custom": "One", "content-type": "application/octet-stream" },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    const event = events[0];
    expect(event).toBeDefined();
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /DescribeRegions",
      rawPath: "/DescribeRegions",
      rawQueryString: "a=1&a=2&b=%2F",
      queryStringParameters: { a: "1,2", b: "/" },
      isBase64Encoded: true,
      body: "AAEC/w==",
    });
    expect(event?.headers["x-custom"]).toBe("One");
    expect(event?.cookies).toBeUndefined();
    expect(event?.requestContext.http).toMatchObject({ method: "POST", path: "/DescribeRegions" });
    expect(event?.requestContext.http.sourceIp).toMatch(/127\.0\.0\.1/);
    expect(event?.requestContext.routeKey).toBe("POST /DescribeRegions");
    expect(typeof event?.requestContext.timeEpoch).toBe("number");
    expect(event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);

    await call("/?Action=DescribeRegions", { headers: FORM, body: "X=%C3%A9" });
    expect(events[1]).toMatchObject({
      isBase64Encoded: false,
      body: "X=%C3%A9",
      routeKey: "POST /DescribeRegions",
    });
  });

  it("routes by a served x-acs-action header; an Action parameter that disagrees is refused by the handler", async () => {
    const agree = await call("/?Action=GetRandomPassword&PasswordLength=14", {
      headers: { "x-acs-action": "GetRandomPassword" },
    });
    expect(agree.body.RandomPassword).toHaveLength(14);
    const disagree = await call("/?Action=DescribeRegions&PasswordLength=14", {
      headers: { "x-acs-action": "GetRandomPassword" },
    });
    expect(disagree.status).toBe(400);
    expect(disagree.body).toMatchObject({ Code: "InvalidParameter" });
    expect(disagree.body.Message).toMatch(/"Action"/);
    // A header naming no served operation leaves routing to the parameters, which must agree with it.
    const unknown = await call("/?Action=GetRandomPassword", { headers: { "x-acs-action": "NoSuchAction" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.Code).toBe("InvalidParameter");
  });

  it("gives the routed event the decoded queryStringParameters (built on first read)", async () => {
    events.length = 0;
    await call("/?x=%C3%A9&Action=DescribeRegions", { headers: { "x-acs-action": "DescribeRegions" } });
    const event = events[0];
    expect(event?.routeKey).toBe("POST /DescribeRegions");
    expect(event?.queryStringParameters).toEqual({ x: "é", Action: "DescribeRegions" });
    expect(Object.keys(event ?? {})).toContain("queryStringParameters");
  });

  it("answers an unknown Action with InvalidAction.NotFound", async () => {
    for (const path of ["/?Action=ImportKeyMaterial", "/ImportKeyMaterial"]) {
      const { status, body } = await call(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({
        Code: "InvalidAction.NotFound",
        HostId: expect.stringContaining("127.0.0.1"),
      });
    }
  });

  it("the path is / or /<Action>.", async () => {
    const { status, body } = await call("/a/b?Action=GetRandomPassword");
    expect(status).toBe(404);
    expect(body.Code).toBe("InvalidAction.NotFound");
  });

  it("the request names an Action.", async () => {
    const { status, body } = await call("/?PasswordLength=12");
    expect(status).toBe(400);
    expect(body).toMatchObject({
      Code: "MissingParameter",
      Message: 'The parameter "Action" is needed but not provided.',
    });
  });

  it("refuses methods other than POST and GET", async () => {
    const { status, body } = await call("/?Action=GetRandomPassword", { method: "PUT" });
    expect(status).toBe(403);
    expect(body.Code).toBe("UnsupportedHTTPMethod");
  });

  it("takes a query string as long as the handlers accept (a 6,000-byte non-ASCII Plaintext, as the SDKs send it)", async () => {
    const plaintext = "中".repeat(2000);
    const query = new URLSearchParams({ Action: "Encrypt", KeyId: "k", Plaintext: plaintext }).toString();
    expect(query.length).toBeGreaterThan(16 * 1024);
    const { status, body } = await call(`/?${query}`);
    expect(status).toBe(200);
    expect(body.PlaintextBytes).toBe(6000);
  });

  it("request line and headers fit the local limit (answered in the Alibaba format, not an empty 431).", async () => {
    const { status, type, body } = await call(`/?Action=Encrypt&KeyId=k&Plaintext=${"a".repeat(100_000)}`);
    expect(status).toBe(400);
    expect(type).toBe("application/json;charset=utf-8");
    expect(body.Code).toBe("ParseRequestParameterException");
    expect(body.Message).toMatch(/request line and headers are larger than/);
  });

  it("the body fits the local limit.", async () => {
    const { status, body } = await call("/GetRandomPassword", {
      headers: FORM,
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(status).toBe(400);
    expect(body.Code).toBe("ParseRequestParameterException");
    // Under the local limit but over the handlers' 64 KiB: the stack refuses it the same way.
    const handlerLimit = await call("/GetRandomPassword", {
      headers: FORM,
      body: `P=${"x".repeat(64 * 1024)}`,
    });
    expect(handlerLimit.status).toBe(400);
    expect(handlerLimit.body.Code).toBe("ParseRequestParameterException");
  });

  it("answers 500 InternalFailure for a failing raw handler without echoing the cause", async () => {
    const { status, body } = await call("/?Action=DescribeAccountKmsStatus");
    expect(status).toBe(500);
    expect(body).toMatchObject({ Code: "InternalFailure", Message: "Internal Failure." });
    expect(JSON.stringify(body)).not.toContain("xyzzy");
    expect(logger.sink.some((line) => line.includes("xyzzy"))).toBe(true);
  });

  it("serves concurrent requests independently", async () => {
    const lengths = Array.from({ length: 20 }, (_, i) => 8 + i);
    const results = await Promise.all(
      lengths.map((n) => call(`/?Action=GetRandomPassword&PasswordLength=${n}`)),
    );
    expect(results.map((r) => r.body.RandomPassword.length)).toEqual(lengths);
    const ids = new Set(results.map((r) => r.body.RequestId));
    expect(ids.size).toBe(20);
    const audited = logger.records().filter((r) => r.message === "audit" && r.action === "GetRandomPassword");
    for (const id of ids) expect(audited.filter((r) => r.requestId === id)).toHaveLength(1);
  });
});
