import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRequestAuthenticator } from "../../../core/auth/RequestAuthenticator";
import type { RawRequest } from "../../../core/auth/types";
import {
  AccessKeyDisabledError,
  AccessKeyNotFoundError,
  AuthenticationError,
  IllegalTimestampError,
  IncompleteSignatureError,
  InvalidParameterError,
  KmsError,
  SignatureDoesNotMatchError,
  SignatureNonceUsedError,
} from "../../../core/errors";
import {
  ACCOUNT_ID,
  acs3Request,
  multi,
  SECRET,
  testAuthenticator,
  v1Params,
  v1Request,
} from "./signedRequests";

const T = "2024-01-01T00:00:00Z";
const PRINCIPAL = { accountId: ACCOUNT_ID, accessKeyId: "testid" };

/** Both schemes, so every rule is checked for each. */
const SCHEMES = {
  v1: (options: { date?: string; nonce?: string; secret?: string; accessKeyId?: string } = {}) =>
    v1Request(
      v1Params(
        options.date ?? T,
        options.nonce ?? "n-1",
        options.accessKeyId ? { AccessKeyId: options.accessKeyId } : {},
      ),
      { secret: options.secret },
    ),
  acs3: (options: { date?: string; nonce?: string; secret?: string; accessKeyId?: string } = {}) =>
    acs3Request({
      date: options.date ?? T,
      nonce: options.nonce ?? "n-1",
      secret: options.secret,
      accessKeyId: options.accessKeyId,
    }),
};

describe.each(Object.entries(SCHEMES))("createRequestAuthenticator with %s", (_, build) => {
  it("answers the signing AccessKey's account", async () => {
    const { authenticator } = testAuthenticator(T);
    await expect(authenticator.authenticate(build())).resolves.toEqual(PRINCIPAL);
  });

  it("accepts a secret given as bytes", async () => {
    const { authenticator } = testAuthenticator(T);
    const request = build({ accessKeyId: "bytesid", secret: "byte-secret" });
    await expect(authenticator.authenticate(request)).resolves.toEqual({
      accountId: "999",
      accessKeyId: "bytesid",
    });
  });

  it("Precondition: the AccessKey exists.", async () => {
    const { authenticator } = testAuthenticator(T);
    await expect(authenticator.authenticate(build({ accessKeyId: "nobody" }))).rejects.toThrow(
      AccessKeyNotFoundError,
    );
  });

  it("Precondition: the AccessKey is enabled.", async () => {
    const { authenticator } = testAuthenticator(T);
    await expect(authenticator.authenticate(build({ accessKeyId: "disabledid" }))).rejects.toThrow(
      AccessKeyDisabledError,
    );
  });

  it("Precondition: the signature matches the request.", async () => {
    const { authenticator, counts } = testAuthenticator(T);
    await expect(authenticator.authenticate(build({ secret: "wrongsecret" }))).rejects.toThrow(
      SignatureDoesNotMatchError,
    );
    const request = build();
    const changed: RawRequest = { ...request, query: { ...request.query, KeyId: ["alias/other"] } };
    await expect(authenticator.authenticate(changed)).rejects.toThrow(SignatureDoesNotMatchError);
    expect(counts.claims).toBe(0);
  });

  it("refuses a replayed nonce, claimed only after the signature verified", async () => {
    const { authenticator, counts } = testAuthenticator(T);
    // A forged request cannot burn the nonce of the genuine one.
    await expect(authenticator.authenticate(build({ nonce: "n-9", secret: "forger" }))).rejects.toThrow(
      SignatureDoesNotMatchError,
    );
    const request = build({ nonce: "n-9" });
    await expect(authenticator.authenticate(request)).resolves.toEqual(PRINCIPAL);
    await expect(authenticator.authenticate(request)).rejects.toThrow(SignatureNonceUsedError);
    expect(counts.claims).toBe(2);
  });

  it("refuses a stale and a future timestamp (16 minutes) before looking the AccessKey up", async () => {
    const { authenticator, counts } = testAuthenticator(T);
    await expect(authenticator.authenticate(build({ date: "2023-12-31T23:44:00Z" }))).rejects.toThrow(
      IllegalTimestampError,
    );
    await expect(authenticator.authenticate(build({ date: "2024-01-01T00:16:00Z" }))).rejects.toThrow(
      IllegalTimestampError,
    );
    expect(counts.lookups).toBe(0);
  });

  it("refuses a malformed timestamp", async () => {
    const { authenticator } = testAuthenticator(T);
    await expect(authenticator.authenticate(build({ date: "2024-01-01T00:00:00.000Z" }))).rejects.toThrow(
      IllegalTimestampError,
    );
  });

  it("refuses a replay within the window and, after it, by its timestamp", async () => {
    const { authenticator, time } = testAuthenticator(T);
    const request = build({ nonce: "n-7" });
    await authenticator.authenticate(request);
    time.now = new Date("2024-01-01T00:15:00Z");
    await expect(authenticator.authenticate(request)).rejects.toThrow(SignatureNonceUsedError);
    time.now = new Date("2024-01-01T00:15:01Z");
    await expect(authenticator.authenticate(request)).rejects.toThrow(IllegalTimestampError);
  });

  it("never puts the secret into an error", async () => {
    const { authenticator } = testAuthenticator(T);
    const failures = [
      build({ secret: "wrongsecret" }),
      build({ accessKeyId: "disabledid" }),
      build({ date: "x" }),
    ];
    for (const request of failures) {
      const error = await authenticator.authenticate(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(JSON.stringify({ ...(error as KmsError), message: (error as KmsError).message })).not.toContain(
        SECRET,
      );
    }
  });
});

describe("createRequestAuthenticator dispatch and options", () => {
  it("Precondition: maxSkewSeconds is a positive integer.", () => {
    const base = {
      lookupAccessKey: async () => undefined,
      nonces: { claim: async () => {} },
      clock: () => new Date(),
    };
    for (const maxSkewSeconds of [0, -5, 1.5, Number.NaN]) {
      expect(() => createRequestAuthenticator({ ...base, maxSkewSeconds }), String(maxSkewSeconds)).toThrow(
        InvalidParameterError,
      );
    }
  });

  it("Precondition: signedHostHeader is a lower-case header name outside the signed ones.", () => {
    const base = {
      lookupAccessKey: async () => undefined,
      nonces: { claim: async () => {} },
      clock: () => new Date(),
    };
    for (const signedHostHeader of [
      "host",
      "x-acs-host",
      "X-Signed-Host",
      "content-type",
      "authorization",
      "a b",
      "",
    ]) {
      expect(() => createRequestAuthenticator({ ...base, signedHostHeader }), signedHostHeader).toThrow(
        InvalidParameterError,
      );
    }
    expect(() =>
      createRequestAuthenticator({ ...base, signedHostHeader: "x-keyward-signed-host" }),
    ).not.toThrow();
  });

  it("authenticates ACS3 routed to /<Action> behind a proxy that rewrote Host", async () => {
    const authenticator = createRequestAuthenticator({
      lookupAccessKey: async (id) =>
        id === "testid" ? { accountId: ACCOUNT_ID, secret: SECRET, enabled: true } : undefined,
      nonces: { claim: async () => {} },
      clock: () => new Date(T),
      signedHostHeader: "x-keyward-signed-host",
    });
    const request = acs3Request({ date: T, nonce: "n-1", headers: { host: "kms.example.test" } });
    const headers = { ...request.headers, host: "api.internal", "x-keyward-signed-host": "kms.example.test" };
    await expect(authenticator.authenticate({ ...request, path: "/Encrypt", headers })).resolves.toEqual(
      PRINCIPAL,
    );
    const wrongRoute = { ...request, path: "/Decrypt", headers };
    await expect(authenticator.authenticate(wrongRoute)).rejects.toThrow(SignatureDoesNotMatchError);
  });

  it("honours a smaller skew window", async () => {
    const keys = { testid: { accountId: ACCOUNT_ID, secret: SECRET, enabled: true } };
    const authenticator = createRequestAuthenticator({
      lookupAccessKey: async (id) => (id === "testid" ? keys.testid : undefined),
      nonces: { claim: async () => {} },
      clock: () => new Date("2024-01-01T00:01:01Z"),
      maxSkewSeconds: 60,
    });
    await expect(authenticator.authenticate(SCHEMES.v1())).rejects.toThrow(/more than 60 seconds/);
  });

  it("Precondition: a request is signed.", async () => {
    const { authenticator } = testAuthenticator(T);
    const unsigned = { ...SCHEMES.v1(), query: multi(v1Params(T, "n-1")) };
    await expect(authenticator.authenticate(unsigned)).rejects.toThrow(/not signed/);
    // x-acs-* headers alone do not make an ACS3 request.
    const { authorization: _, ...headers } = SCHEMES.acs3().headers;
    await expect(authenticator.authenticate({ ...SCHEMES.acs3(), headers })).rejects.toThrow(
      IncompleteSignatureError,
    );
  });

  it("Precondition: a request is signed with one scheme only.", async () => {
    const { authenticator } = testAuthenticator(T);
    const v1 = SCHEMES.v1();
    const both = {
      ...v1,
      headers: { ...v1.headers, authorization: SCHEMES.acs3().headers.authorization as string },
    };
    await expect(authenticator.authenticate(both)).rejects.toThrow(/either an Authorization header/);
  });

  it("treats a v1 request carrying x-acs-action as v1 (the npm 1.x client sends both)", async () => {
    const { authenticator } = testAuthenticator(T);
    const request = v1Request(v1Params(T, "n-1"), {
      headers: { "x-acs-action": "Encrypt", "x-acs-version": "2016-01-20" },
    });
    await expect(authenticator.authenticate(request)).resolves.toEqual(PRINCIPAL);
  });

  it("refuses the doc example of reference 6d, which has no SignatureNonce", async () => {
    const { authenticator } = testAuthenticator("2016-03-28T03:13:08Z");
    const doc = {
      AccessKeyId: "testid",
      Action: "CreateKey",
      Format: "json",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      Timestamp: "2016-03-28T03:13:08Z",
      Version: "2016-01-20",
      Signature: "41wk2SSX1GJh7fwnc5eqOfiJPFg=",
    };
    const request = {
      method: "GET",
      path: "/",
      query: multi(doc),
      form: {},
      headers: {},
      body: new Uint8Array(),
    };
    await expect(authenticator.authenticate(request)).rejects.toThrow(/SignatureNonce is missing/);
  });

  it("refuses a missing Timestamp as an illegal timestamp", async () => {
    const { authenticator } = testAuthenticator(T);
    const params = v1Params(T, "n-1");
    delete params.Timestamp;
    await expect(authenticator.authenticate(v1Request(params))).rejects.toThrow(IllegalTimestampError);
  });
});

/** Parameter names that do not collide with the signature parameters. */
const name = fc
  .string({ unit: "binary", minLength: 1, maxLength: 12 })
  .filter((n) => !/^(Signature|Action|Version|AccessKeyId|Timestamp|Format|SecurityToken)/.test(n));
const value = fc.string({ unit: "binary", maxLength: 24 });
const extras = fc.dictionary(name, value, { minKeys: 1, maxKeys: 6 });

/** Replaces the code point at `index` (modulo the length) with `replacement`; the caller ensures a change. */
function changeOne(text: string, index: number, replacement: string): string {
  const points = Array.from(text);
  if (points.length === 0) return replacement;
  points[index % points.length] = replacement;
  return points.join("");
}

describe("sign-then-verify properties", () => {
  it("v1: any parameters, in the query or a form body, verify; a one-character change of a value does not", async () => {
    await fc.assert(
      fc.asyncProperty(
        extras,
        fc.boolean(),
        fc.nat(),
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        async (extra, inForm, index, replacement) => {
          const { authenticator } = testAuthenticator(T);
          const params = v1Params(T, "n-prop", extra);
          const request = v1Request(params, { inForm });
          await expect(authenticator.authenticate(request)).resolves.toEqual(PRINCIPAL);
          const target = Object.keys(extra)[index % Object.keys(extra).length] as string;
          const changed = changeOne(extra[target] as string, index, replacement);
          fc.pre(changed !== extra[target]);
          const source = inForm ? "form" : "query";
          const tampered = { ...request, [source]: { ...request[source], [target]: [changed] } };
          await expect(authenticator.authenticate(tampered)).rejects.toThrow(SignatureDoesNotMatchError);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("ACS3: any query parameters verify; a one-character change of a value does not", async () => {
    await fc.assert(
      fc.asyncProperty(
        extras,
        fc.nat(),
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        async (query, index, replacement) => {
          const { authenticator } = testAuthenticator(T);
          fc.pre(!Object.hasOwn(query, "Action"));
          const request = acs3Request({ date: T, nonce: "n-prop", query });
          await expect(authenticator.authenticate(request)).resolves.toEqual(PRINCIPAL);
          const target = Object.keys(query)[index % Object.keys(query).length] as string;
          const changed = changeOne(query[target] as string, index, replacement);
          fc.pre(changed !== query[target]);
          const tampered = { ...request, query: { ...request.query, [target]: [changed] } };
          await expect(authenticator.authenticate(tampered)).rejects.toThrow(SignatureDoesNotMatchError);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("fails only with KmsErrors on arbitrary Authorization headers and parameters", async () => {
    const { authenticator } = testAuthenticator(T);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.dictionary(fc.string(), fc.array(fc.string(), { maxLength: 2 })),
        async (authorization, query) => {
          const base = acs3Request({ date: T, nonce: "n-fuzz" });
          for (const request of [
            { ...base, headers: { ...base.headers, authorization: `ACS3-HMAC-SHA256 ${authorization}` } },
            { ...base, headers: { ...base.headers, authorization } },
            { ...base, query },
            { ...v1Request(v1Params(T, "n-fuzz")), query: { ...query, Signature: ["x"] } },
          ]) {
            const error = await authenticator.authenticate(request).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(KmsError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
