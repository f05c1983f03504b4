/**
 * ACS3-HMAC-SHA256. Vectors: test-vectors.md section 1.2, computed with npm @alicloud/openapi-core 1.0.8
 * `OpenApiUtil.getAuthorization` and independently (algorithm: aliyun/darabonba-openapi-util `ts/src/client.ts`;
 * spec https://help.aliyun.com/document_detail/2593177.html).
 */
import { describe, expect, it } from "vitest";
import { acs3CanonicalRequest, hexSha256 } from "../../../core/auth/acs3";
import { canonicalQuery } from "../../../core/auth/canonicalQuery";
import { parseAcs3Authorization } from "../../../core/auth/parseAcs3Authorization";
import { readAcs3Request } from "../../../core/auth/readAcs3Request";
import { signAcs3 } from "../../../core/auth/signAcs3";
import type { RawRequest } from "../../../core/auth/types";
import {
  AccessKeyNotFoundError,
  IncompleteSignatureError,
  InvalidParameterError,
  InvalidVersionError,
} from "../../../core/errors";
import { acs3Request, decodeParameters, SECRET } from "./signedRequests";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SIGNED = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
const HEADERS_A = {
  host: "localhost:8080",
  "x-acs-action": "Encrypt",
  "x-acs-version": "2016-01-20",
  "x-acs-date": "2024-01-01T00:00:00Z",
  "x-acs-signature-nonce": "nonce-123",
  "x-acs-content-sha256": EMPTY_SHA256,
  "user-agent": "AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2",
  accept: "application/json",
};
const QUERY_A = { KeyId: "alias/test", Plaintext: "SGVsbG8=", EncryptionContext: '{"k":"v"}' };
const CANONICAL_A = [
  "POST",
  "/",
  "EncryptionContext=%7B%22k%22%3A%22v%22%7D&KeyId=alias%2Ftest&Plaintext=SGVsbG8%3D",
  "host:localhost:8080",
  "x-acs-action:Encrypt",
  `x-acs-content-sha256:${EMPTY_SHA256}`,
  "x-acs-date:2024-01-01T00:00:00Z",
  "x-acs-signature-nonce:nonce-123",
  "x-acs-version:2016-01-20",
  "",
  SIGNED,
  EMPTY_SHA256,
].join("\n");
const AUTHORIZATION_A = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${SIGNED},Signature=cd6269ee6ac9a467b5dcd03afbdc47dbacd5a7ffb4feb4ef7676b8e25fc2b9bc`;

const HEADERS_B = { ...HEADERS_A, host: "kms.example.test", "x-acs-signature-nonce": "nonce-456" };
const WIRE_QUERY_B =
  "KeyId=alias%2Ftest&Plaintext=a%2Bb%2Fc%3D&EncryptionContext=%7B%22k%22%3A%22v%20w*!~(')%22%7D";
const SIGNATURE_B = "139e893da45cfce3d478630626f26d6482f17e580803018fbc14431d98dcd209";

function raw(
  query: Record<string, string[]>,
  headers: Record<string, string>,
  authorization: string,
): RawRequest {
  return {
    method: "POST",
    path: "/",
    query,
    form: {},
    headers: { ...headers, authorization },
    body: new Uint8Array(),
  };
}

describe("ACS3 known answers", () => {
  it("rebuilds vector A's CanonicalRequest, its hash and the Authorization header", () => {
    const canonical = acs3CanonicalRequest({
      method: "POST",
      path: "/",
      query: new Map(Object.entries(QUERY_A)),
      headers: HEADERS_A,
      signedHeaders: SIGNED.split(";"),
      hashedPayload: hexSha256(new Uint8Array()),
    });
    expect(canonical).toBe(CANONICAL_A);
    expect(hexSha256(canonical)).toBe("c2f20c3295e8f9bc1f434422a7bd5649ffb17eef1fccd2c5bb25b0a8abd4f51f");
    expect(
      signAcs3({ method: "POST", path: "/", query: QUERY_A, headers: HEADERS_A }, "testid", "testsecret"),
    ).toBe(AUTHORIZATION_A);
  });

  it("verifies vector A as received, and refuses it under another secret", () => {
    const query = Object.fromEntries(Object.entries(QUERY_A).map(([k, v]) => [k, [v]]));
    const signed = readAcs3Request(raw(query, HEADERS_A, AUTHORIZATION_A));
    expect(signed).toMatchObject({ scheme: "ACS3-HMAC-SHA256", accessKeyId: "testid", nonce: "nonce-123" });
    expect(signed.timestamp).toBe("2024-01-01T00:00:00Z");
    expect(signed.matches("testsecret")).toBe(true);
    expect(signed.matches(new TextEncoder().encode("testsecret"))).toBe(true);
    expect(signed.matches("testsecret&")).toBe(false);
  });

  it("vector B: verifies from the decoded query, whose canonical form differs from the wire form", () => {
    const query = decodeParameters(WIRE_QUERY_B);
    expect(query.Plaintext).toEqual(["a+b/c="]);
    expect(query.EncryptionContext).toEqual([`{"k":"v w*!~(')"}`]);
    const canonical = canonicalQuery(new Map(Object.entries(query).map(([k, v]) => [k, v[0] as string])));
    expect(canonical).toBe(
      "EncryptionContext=%7B%22k%22%3A%22v%20w%2A%21~%28%27%29%22%7D&KeyId=alias%2Ftest&Plaintext=a%2Bb%2Fc%3D",
    );
    // The trap: the wire form keeps * ! ( ' ) raw, so signing the raw query string would give another signature.
    expect(WIRE_QUERY_B).toContain("*!~(')");
    const authorization = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${SIGNED},Signature=${SIGNATURE_B}`;
    const signed = readAcs3Request(raw(query, HEADERS_B, authorization));
    expect(signed.matches("testsecret")).toBe(true);
    const rawSigned = hexSha256(CANONICAL_A.replace(/^(.*\n.*\n).*\n/, `$1${WIRE_QUERY_B}\n`));
    expect(rawSigned).not.toBe("51370cf2b0c1fc6b328a074d75bca5ce861ac926b042761b3d5a4c78e099caf8");
  });

  it("vector B: CanonicalRequest hash 51370cf2…", () => {
    const canonical = acs3CanonicalRequest({
      method: "POST",
      path: "/",
      query: new Map(
        Object.entries({ KeyId: "alias/test", Plaintext: "a+b/c=", EncryptionContext: `{"k":"v w*!~(')"}` }),
      ),
      headers: HEADERS_B,
      signedHeaders: SIGNED.split(";"),
      hashedPayload: EMPTY_SHA256,
    });
    expect(hexSha256(canonical)).toBe("51370cf2b0c1fc6b328a074d75bca5ce861ac926b042761b3d5a4c78e099caf8");
  });

  it("accepts an upper-case hex signature and trims signed header values", () => {
    const upper = AUTHORIZATION_A.replace(
      /Signature=(\w+)$/,
      (_, hex: string) => `Signature=${hex.toUpperCase()}`,
    );
    const query = Object.fromEntries(Object.entries(QUERY_A).map(([k, v]) => [k, [v]]));
    const padded = { ...HEADERS_A, "x-acs-date": "  2024-01-01T00:00:00Z " };
    expect(readAcs3Request(raw(query, padded, upper)).matches("testsecret")).toBe(true);
  });

  it("signs a form body through x-acs-content-sha256 and a signed content-type", () => {
    const body = new TextEncoder().encode("KeyId=alias%2Ftest&Plaintext=SGVsbG8%3D");
    const request = acs3Request({
      date: "2024-01-01T00:00:00Z",
      nonce: "n-form",
      query: {},
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(request.headers.authorization).toContain("SignedHeaders=content-type;host;");
    expect(readAcs3Request(request).matches(SECRET)).toBe(true);
    const tampered = {
      ...request,
      body: new TextEncoder().encode("KeyId=alias%2Fother&Plaintext=SGVsbG8%3D"),
    };
    expect(readAcs3Request(tampered).matches(SECRET)).toBe(false);
  });

  it("refuses a body whose SHA-256 is not x-acs-content-sha256", () => {
    const request = acs3Request({ date: "2024-01-01T00:00:00Z", nonce: "n-1" });
    const withBody = { ...request, body: new TextEncoder().encode("x") };
    expect(readAcs3Request(withBody).matches(SECRET)).toBe(false);
  });
});

describe("parseAcs3Authorization preconditions", () => {
  const good = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${SIGNED},Signature=${SIGNATURE_B}`;

  it("parses the three fields in any order, with spaces after the commas", () => {
    const reordered = `ACS3-HMAC-SHA256 Signature=${SIGNATURE_B}, Credential=testid, SignedHeaders=${SIGNED}`;
    expect(parseAcs3Authorization(reordered)).toEqual(parseAcs3Authorization(good));
    expect(parseAcs3Authorization(good).signedHeaders).toHaveLength(6);
  });

  it("Precondition: the Authorization scheme is ACS3-HMAC-SHA256.", () => {
    expect(() => parseAcs3Authorization(good.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"))).toThrow(
      IncompleteSignatureError,
    );
    expect(() => parseAcs3Authorization("Bearer abc")).toThrow(IncompleteSignatureError);
    expect(() => parseAcs3Authorization("")).toThrow(IncompleteSignatureError);
  });

  it("Precondition: the Authorization fields are Credential, SignedHeaders and Signature, each once.", () => {
    for (const value of [
      `${good},Credential=other`,
      `${good},Region=cn-hangzhou`,
      `${good},`,
      good.replace("Credential=testid,", ""),
      good.replace("Credential=testid", "Credential"),
    ]) {
      expect(() => parseAcs3Authorization(value), value).toThrow(IncompleteSignatureError);
    }
  });

  it("Precondition: the request names its AccessKey.", () => {
    expect(() => parseAcs3Authorization(good.replace("Credential=testid", "Credential="))).toThrow(
      IncompleteSignatureError,
    );
    expect(() => parseAcs3Authorization(good.replace("testid", "test\u00e9"))).toThrow(
      AccessKeyNotFoundError,
    );
  });

  it("Precondition: the Authorization Signature is 64 hex characters.", () => {
    expect(() => parseAcs3Authorization(good.replace(SIGNATURE_B, SIGNATURE_B.slice(1)))).toThrow(
      IncompleteSignatureError,
    );
    expect(() => parseAcs3Authorization(good.replace(SIGNATURE_B, `${SIGNATURE_B.slice(1)}g`))).toThrow(
      IncompleteSignatureError,
    );
    expect(() => parseAcs3Authorization(good.replace(`Signature=${SIGNATURE_B}`, "Signature="))).toThrow(
      IncompleteSignatureError,
    );
  });

  it("Precondition: SignedHeaders is present.", () => {
    expect(() => parseAcs3Authorization(good.replace(`SignedHeaders=${SIGNED}`, "SignedHeaders="))).toThrow(
      /SignedHeaders is missing/,
    );
  });

  it("Precondition: SignedHeaders lists at most 64 names.", () => {
    const many = Array.from({ length: 65 }, (_, i) => `x-acs-h${String(i).padStart(3, "0")}`).join(";");
    expect(() => parseAcs3Authorization(good.replace(SIGNED, many))).toThrow(/more than 64/);
  });

  it("Precondition: SignedHeaders are lower-case header names, strictly ascending.", () => {
    for (const list of [
      "Host;x-acs-action",
      "x-acs-action;host",
      "host;host",
      "host;;x-acs-date",
      "host;x acs",
    ]) {
      expect(() => parseAcs3Authorization(good.replace(SIGNED, list)), list).toThrow(
        IncompleteSignatureError,
      );
    }
  });
  it("accepts a SignedHeaders list seen before again, and refuses a bad one every time", () => {
    const bad = good.replace(SIGNED, "x-acs-action;host");
    for (let i = 0; i < 2; i++) {
      expect(parseAcs3Authorization(good).signedHeaders).toEqual(SIGNED.split(";"));
      expect(() => parseAcs3Authorization(bad)).toThrow(IncompleteSignatureError);
    }
    expect(Object.isFrozen(parseAcs3Authorization(good).signedHeaders)).toBe(true);
  });
});

describe("readAcs3Request preconditions", () => {
  const T = "2024-01-01T00:00:00Z";
  const read = (request: RawRequest) => () => readAcs3Request(request);
  const dropHeader = (request: RawRequest, name: string): RawRequest => {
    const headers = { ...request.headers };
    delete headers[name];
    return { ...request, headers };
  };

  it("Precondition: an ACS3 request carries host and the x-acs-* headers of the scheme.", () => {
    for (const name of [
      "x-acs-action",
      "x-acs-version",
      "x-acs-date",
      "x-acs-signature-nonce",
      "x-acs-content-sha256",
      "host",
    ]) {
      const request = acs3Request({ date: T, nonce: "n-1", headers: { [name]: "" } });
      expect(read(request), name).toThrow(IncompleteSignatureError);
    }
  });

  it("Precondition: every signed header is present.", () => {
    const request = acs3Request({ date: T, nonce: "n-1", headers: { "x-acs-extra": "1" } });
    expect(read(dropHeader(request, "x-acs-extra"))).toThrow(/signed header x-acs-extra is missing/);
    // Names taken from the request must not reach Object.prototype.
    for (const name of ["constructor", "__proto__", "tostring", "hasownproperty"]) {
      const authorization = (request.headers.authorization as string).replace(
        /SignedHeaders=([^,]+)/,
        (_, list) => `SignedHeaders=${[...list.split(";"), name].sort().join(";")}`,
      );
      const forged = { ...request, headers: { ...request.headers, authorization } };
      expect(read(forged), name).toThrow(`The signed header ${name} is missing.`);
    }
  });

  it("Precondition: host, content-type and every x-acs-* header are signed.", () => {
    const request = acs3Request({ date: T, nonce: "n-1" });
    expect(read({ ...request, headers: { ...request.headers, "x-acs-retry-attempts": "1" } })).toThrow(
      /x-acs-retry-attempts header is not signed/,
    );
    expect(read({ ...request, headers: { ...request.headers, "content-type": "application/json" } })).toThrow(
      /content-type header is not signed/,
    );
    // Headers outside the scheme (user-agent, accept) may stay unsigned.
    expect(
      readAcs3Request({ ...request, headers: { ...request.headers, "user-agent": "x" } }).matches(SECRET),
    ).toBe(true);
  });

  it("Precondition: ACS3 x-acs-version is 2016-01-20.", () => {
    expect(read(acs3Request({ date: T, nonce: "n-1", headers: { "x-acs-version": "2014-05-26" } }))).toThrow(
      InvalidVersionError,
    );
  });

  it("Precondition: security tokens are not supported.", () => {
    const request = acs3Request({ date: T, nonce: "n-1", headers: { "x-acs-security-token": "sts" } });
    expect(read(request)).toThrow(/x-acs-security-token/);
  });

  it("Precondition: an Action parameter agrees with x-acs-action.", () => {
    expect(read(acs3Request({ date: T, nonce: "n-1", query: { Action: "Decrypt" } }))).toThrow(
      IncompleteSignatureError,
    );
    expect(
      readAcs3Request(acs3Request({ date: T, nonce: "n-1", query: { Action: "Encrypt" } })).matches(SECRET),
    ).toBe(true);
  });

  it("Precondition: a signature nonce is at most 128 printable ASCII characters.", () => {
    expect(read(acs3Request({ date: T, nonce: "n".repeat(129) }))).toThrow(IncompleteSignatureError);
  });

  it("Precondition: a parameter name is given at most once.", () => {
    const request = acs3Request({ date: T, nonce: "n-1" });
    expect(read({ ...request, query: { ...request.query, KeyId: ["a", "b"] } })).toThrow(
      InvalidParameterError,
    );
  });

  it("signs the path: only / received at /<x-acs-action> (the router's per-operation mapping) also matches", () => {
    const request = acs3Request({ date: T, nonce: "n-1" });
    expect(readAcs3Request({ ...request, path: "/Encrypt" }).matches(SECRET)).toBe(true);
    expect(readAcs3Request({ ...request, path: "/Decrypt" }).matches(SECRET)).toBe(false);
    expect(readAcs3Request({ ...request, path: "/Encrypt/" }).matches(SECRET)).toBe(false);
    expect(readAcs3Request({ ...request, path: "/x" }).matches(SECRET)).toBe(false);
    const { authorization: _, ...headers } = request.headers;
    const direct = signAcs3(
      { method: "POST", path: "/Encrypt", query: { KeyId: "alias/test", Plaintext: "SGVsbG8=" }, headers },
      "testid",
      SECRET,
    );
    const signedForRoute = { ...request, path: "/Encrypt", headers: { ...headers, authorization: direct } };
    expect(readAcs3Request(signedForRoute).matches(SECRET)).toBe(true);
    expect(readAcs3Request({ ...signedForRoute, path: "/" }).matches(SECRET)).toBe(false);
  });

  it("takes the signed host from a proxy header when configured", () => {
    const request = acs3Request({ date: T, nonce: "n-1", headers: { host: "kms.example.test" } });
    const behindProxy = {
      ...request,
      headers: {
        ...request.headers,
        host: "abc123.execute-api.example",
        "x-keyward-signed-host": "kms.example.test",
      },
    };
    expect(readAcs3Request(behindProxy, { signedHostHeader: "x-keyward-signed-host" }).matches(SECRET)).toBe(
      true,
    );
    expect(readAcs3Request(behindProxy).matches(SECRET)).toBe(false);
    expect(readAcs3Request(request, { signedHostHeader: "x-keyward-signed-host" }).matches(SECRET)).toBe(
      true,
    );
    const wrongHost = {
      ...behindProxy,
      headers: { ...behindProxy.headers, "x-keyward-signed-host": "evil.test" },
    };
    expect(readAcs3Request(wrongHost, { signedHostHeader: "x-keyward-signed-host" }).matches(SECRET)).toBe(
      false,
    );
  });
});
