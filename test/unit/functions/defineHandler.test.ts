import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyNotFoundError, SignatureDoesNotMatchError } from "../../../core/errors";
import type { Authenticator } from "../../../functions/lib/Authenticator";
import { defineHandler } from "../../../functions/lib/defineHandler";
import { setDeps } from "../../../functions/lib/deps";
import { developmentAuthenticator } from "../../../functions/lib/developmentAuthenticator";
import { setLoggerForTests } from "../../../functions/lib/logger";
import { apiEvent } from "./apiEvent";
import { CapturingLogger } from "./CapturingLogger";
import { testDeps } from "./testDeps";

const SECRET_TEXT = "TOP-SECRET-PLAINTEXT-7f3a";
const context = {} as Context;
let logger: CapturingLogger;

let categories: string[] = [];
function useAuthenticator(authenticator: Authenticator): void {
  categories = [];
  setDeps(testDeps(authenticator, categories as never[]));
}

const audits = () =>
  logger
    .records()
    .filter((r) => r.message === "audit")
    .map((r) => r.audit as Record<string, unknown>);

beforeEach(() => {
  logger = new CapturingLogger();
  setLoggerForTests(logger);
  useAuthenticator(developmentAuthenticator("123456789012", "AK-dev"));
});
afterEach(() => {
  setLoggerForTests(undefined);
  setDeps(undefined);
});

const encrypt = defineHandler("Encrypt", async (ctx, input) => {
  expect(ctx.principal.accountId).toBe("123456789012");
  expect(new TextDecoder().decode(input.plaintext)).toBe(SECRET_TEXT);
  ctx.logger.info("encrypting");
  return { CiphertextBlob: "Y2lwaGVy", KeyId: "resolved-key-id", KeyVersionId: "version-1" };
});
const encryptEvent = (extra = "") =>
  apiEvent({
    query: `Action=Encrypt&KeyId=alias%2Fmine&Plaintext=${encodeURIComponent(SECRET_TEXT)}${extra}`,
  });

describe("the middleware stack", () => {
  it("answers 200 JSON with RequestId first and the handler's wire fields", async () => {
    const response = await encrypt(encryptEvent(), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.["content-type"]).toBe("application/json;charset=utf-8");
    expect(response.headers?.["x-acs-request-id"]).toBe("11111111-2222-3333-4444-555555555555");
    expect(response.body).toBe(
      '{"RequestId":"11111111-2222-3333-4444-555555555555","CiphertextBlob":"Y2lwaGVy","KeyId":"resolved-key-id","KeyVersionId":"version-1"}',
    );
  });

  it("writes one audit line naming account, AccessKey, action, resolved key, version, result and request id", async () => {
    await encrypt(encryptEvent(), context);
    expect(audits()).toEqual([
      {
        account: "123456789012",
        accessKeyId: "AK-dev",
        action: "Encrypt",
        keyId: "resolved-key-id",
        keyVersionId: "version-1",
        result: "Success",
        requestId: "11111111-2222-3333-4444-555555555555",
      },
    ]);
    const handlerLine = logger.records().find((r) => r.message === "encrypting");
    expect(handlerLine).toMatchObject({ action: "Encrypt", account: "123456789012", keyId: "alias/mine" });
    expect(handlerLine?.requestId).toBe("11111111-2222-3333-4444-555555555555");
  });

  it("never logs the plaintext, whether the request succeeds or fails", async () => {
    await encrypt(encryptEvent(), context);
    await encrypt(encryptEvent("&Unknown=1"), context);
    await encrypt(encryptEvent("&EncryptionContext=notjson"), context);
    expect(logger.sink.length).toBeGreaterThan(3);
    for (const line of logger.sink) expect(line).not.toContain(SECRET_TEXT);
  });

  it("maps a KmsError to its status and the Alibaba error body", async () => {
    const failing = defineHandler("DescribeKey", async () => {
      throw new KeyNotFoundError();
    });
    const response = await failing(apiEvent({ query: "Action=DescribeKey&KeyId=k1" }), context);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.["content-type"]).toBe("application/json;charset=utf-8");
    const body = JSON.parse(response.body ?? "");
    expect(Object.keys(body)).toEqual(["RequestId", "HostId", "Code", "Message", "Recommend"]);
    expect(body).toMatchObject({
      RequestId: "11111111-2222-3333-4444-555555555555",
      HostId: "kms.test",
      Code: "Forbidden.KeyNotFound",
      Message: "The specified Key is not found.",
    });
    expect(audits()[0]).toMatchObject({
      result: "Forbidden.KeyNotFound",
      keyId: "k1",
      account: "123456789012",
    });
  });

  it("maps any other error to 500 InternalFailure, logs its cause and never echoes it", async () => {
    const broken = defineHandler("DescribeKey", async () => {
      throw new TypeError("db password hunter2 leaked in message");
    });
    const response = await broken(apiEvent({ query: "Action=DescribeKey&KeyId=k1" }), context);
    expect(response.statusCode).toBe(500);
    const body = JSON.parse(response.body ?? "");
    expect(body.Code).toBe("InternalFailure");
    expect(body.Message).toBe("Internal Failure.");
    expect(response.body).not.toContain("hunter2");
    const errorLine = logger.records().find((r) => r.level === "ERROR");
    expect(JSON.stringify(errorLine)).toContain("hunter2");
    expect(audits()[0]?.result).toBe("InternalFailure");
  });

  it("refuses unknown parameters and reports invalid ones by name", async () => {
    const unknown = JSON.parse((await encrypt(encryptEvent("&Bogus=1"), context)).body ?? "");
    expect(unknown.Code).toBe("InvalidParameter");
    expect(unknown.Message).toMatch(/"Bogus"/);
    const missing = await encrypt(apiEvent({ query: "Action=Encrypt&KeyId=k" }), context);
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body ?? "").Code).toBe("MissingParameter");
  });

  it("accepts a flattened EncryptionContext through the whole stack", async () => {
    const echo = defineHandler("Encrypt", async (_ctx, input) => ({
      Context: input.encryptionContext ?? null,
    }));
    const response = await echo(
      apiEvent({ query: "Action=Encrypt&KeyId=k&Plaintext=p&EncryptionContext.a=1&EncryptionContext.b=2" }),
      context,
    );
    expect(JSON.parse(response.body ?? "").Context).toEqual({ a: "1", b: "2" });
  });

  it("the request names an Action.", async () => {
    const response = await encrypt(apiEvent({ query: "KeyId=k&Plaintext=p" }), context);
    expect(JSON.parse(response.body ?? "")).toMatchObject({ Code: "MissingParameter" });
  });

  it("the request's Action is the one this function serves.", async () => {
    const response = await encrypt(apiEvent({ path: "/Decrypt", query: "KeyId=k&Plaintext=p" }), context);
    const body = JSON.parse(response.body ?? "");
    expect(body.Code).toBe("InvalidParameter");
    expect(body.Message).toMatch(/"Action".*serves Encrypt/);
    expect((await encrypt({ ...encryptEvent(), rawPath: "/Encrypt" }, context)).statusCode).toBe(200);
  });

  it("authenticates before validating, so an unauthenticated caller learns nothing about parameters", async () => {
    useAuthenticator({
      authenticate: async () => {
        throw new SignatureDoesNotMatchError();
      },
    });
    const response = await encrypt(apiEvent({ query: "Action=Encrypt&Bogus=1" }), context);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? "").Code).toBe("SignatureDoesNotMatch");
    expect(audits()[0]).toMatchObject({ account: null, result: "SignatureDoesNotMatch" });
  });

  it("asks for the authenticator of the operation's category", async () => {
    await encrypt(encryptEvent(), context);
    const describe = defineHandler("DisableKey", async () => ({}));
    await describe(apiEvent({ query: "Action=DisableKey&KeyId=k" }), context);
    expect(categories).toEqual(["cryptographic", "state-changing"]);
  });

  it("hands the authenticator the raw request", async () => {
    let seen: unknown;
    useAuthenticator({
      authenticate: async (raw) => {
        seen = raw;
        return { accountId: "1" };
      },
    });
    await encrypt(encryptEvent(), context);
    expect(seen).toMatchObject({
      method: "POST",
      path: "/",
      query: { Action: ["Encrypt"], KeyId: ["alias/mine"] },
    });
  });

  it("answers 500 InternalFailure when the authenticator fails unexpectedly, logging why", async () => {
    useAuthenticator({
      authenticate: async () => {
        throw new RangeError("nonce table unreachable: detail-42");
      },
    });
    const response = await encrypt(encryptEvent(), context);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("detail-42");
    expect(logger.records().find((r) => r.level === "ERROR")?.error).toMatchObject({
      message: expect.stringContaining("detail-42"),
    });
  });

  it("generates a RequestId when API Gateway gives none", async () => {
    const event = encryptEvent();
    event.requestContext.requestId = "";
    const body = JSON.parse((await encrypt(event, context)).body ?? "");
    expect(body.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
