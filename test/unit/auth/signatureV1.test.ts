/**
 * RPC signature v1 (HMAC-SHA1). Vectors: test-vectors.md section 1.1, from AlibabaCloudDocs/kms
 * `intl.en-US/API Reference/Calling method/Signature.md` and npm @alicloud/rpc-util 0.1.0 `getSignatureV1`.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalQuery } from "../../../core/auth/canonicalQuery";
import {
  readRpcV1Request,
  rpcV1Parameters,
  rpcV1StringToSign,
  signRpcV1,
  verifyRpcV1Signature,
} from "../../../core/auth/signatureV1";
import {
  AccessKeyNotFoundError,
  IncompleteSignatureError,
  InvalidParameterError,
  InvalidVersionError,
  MissingParameterError,
} from "../../../core/errors";
import { multi, SECRET, v1Params, v1Request } from "./signedRequests";

const DOC_PARAMS = {
  AccessKeyId: "testid",
  Action: "CreateKey",
  Format: "json",
  SignatureMethod: "HMAC-SHA1",
  SignatureVersion: "1.0",
  Timestamp: "2016-03-28T03:13:08Z",
  Version: "2016-01-20",
};
const DOC_CANONICAL =
  "AccessKeyId=testid&Action=CreateKey&Format=json&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=2016-03-28T03%3A13%3A08Z&Version=2016-01-20";
const DOC_STRING_TO_SIGN =
  "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateKey%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureVersion%3D1.0%26Timestamp%3D2016-03-28T03%253A13%253A08Z%26Version%3D2016-01-20";
const DOC_ERRATUM_STRING_TO_SIGN =
  "GET&%2F&AccessKeyId%3Dtestid&Action%3DCreateKey&Format%3Djson&SignatureMethod%3DHMAC-SHA1&SignatureVersion%3D1.0&Timestamp%3D2016-03-28T03%253A13%253A08Z&Version%3D2016-01-20";
const DOC_ERRATUM_SIGNATURE = "s/OdVWMTmNGagvWlljdAJ7Itsew=";

const EXTRA_PARAMS = {
  AccessKeyId: "testid",
  Action: "Encrypt",
  "EncryptionContext.a": "b c*",
  Format: "json",
  KeyId: "alias/test",
  Plaintext: "SGVsbG8=",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "nonce-123",
  SignatureVersion: "1.0",
  Timestamp: "2024-01-01T00:00:00Z",
  Version: "2016-01-20",
};

const map = (params: Record<string, string>) => new Map(Object.entries(params));

describe("RPC signature v1 known answers", () => {
  it("rebuilds the doc example's canonical query and StringToSign", () => {
    expect(canonicalQuery(map(DOC_PARAMS))).toBe(DOC_CANONICAL);
    expect(rpcV1StringToSign("GET", map(DOC_PARAMS))).toBe(DOC_STRING_TO_SIGN);
  });

  it("signs the doc example: GET 41wk2SSX1GJh7fwnc5eqOfiJPFg=, POST Fi0klWyYLE4Wy22gxatiAP51JFE=", () => {
    expect(signRpcV1(DOC_PARAMS, "GET", "testsecret")).toBe("41wk2SSX1GJh7fwnc5eqOfiJPFg=");
    expect(signRpcV1(DOC_PARAMS, "POST", "testsecret")).toBe("Fi0klWyYLE4Wy22gxatiAP51JFE=");
    expect(signRpcV1(DOC_PARAMS, "GET", new TextEncoder().encode("testsecret"))).toBe(
      "41wk2SSX1GJh7fwnc5eqOfiJPFg=",
    );
  });

  it("verifies the doc example's final value and not the doc erratum", () => {
    // The erratum is the HMAC of a mis-printed StringToSign with bare & separators, not of the algorithm's string.
    const erratumMac = createHmac("sha1", "testsecret&").update(DOC_ERRATUM_STRING_TO_SIGN).digest("base64");
    expect(erratumMac).toBe(DOC_ERRATUM_SIGNATURE);
    expect(verifyRpcV1Signature("GET", map(DOC_PARAMS), "41wk2SSX1GJh7fwnc5eqOfiJPFg=", "testsecret")).toBe(
      true,
    );
    expect(verifyRpcV1Signature("GET", map(DOC_PARAMS), DOC_ERRATUM_SIGNATURE, "testsecret")).toBe(false);
  });

  it("signs the extra vector (/, =, space, * and a dotted name): ZUdpoJudZxEbHV2JEJO1KXLw/vM=", () => {
    expect(canonicalQuery(map(EXTRA_PARAMS))).toBe(
      "AccessKeyId=testid&Action=Encrypt&EncryptionContext.a=b%20c%2A&Format=json&KeyId=alias%2Ftest&Plaintext=SGVsbG8%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=nonce-123&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2016-01-20",
    );
    expect(signRpcV1(EXTRA_PARAMS, "POST", "testsecret")).toBe("ZUdpoJudZxEbHV2JEJO1KXLw/vM=");
    const signed = readRpcV1Request({
      method: "POST",
      path: "/",
      query: multi({ ...EXTRA_PARAMS, Signature: "ZUdpoJudZxEbHV2JEJO1KXLw/vM=" }),
      form: {},
      headers: { host: "kms.example.test", "x-acs-action": "Encrypt", "x-acs-version": "2016-01-20" },
      body: new Uint8Array(),
    });
    expect(signed).toMatchObject({ scheme: "RPC-V1", accessKeyId: "testid", nonce: "nonce-123" });
    expect(signed.timestamp).toBe("2024-01-01T00:00:00Z");
    expect(signed.matches("testsecret")).toBe(true);
    expect(signed.matches("testsecreT")).toBe(false);
  });

  it("ignores a Signature entry when signing", () => {
    expect(signRpcV1({ ...DOC_PARAMS, Signature: "anything" }, "GET", "testsecret")).toBe(
      "41wk2SSX1GJh7fwnc5eqOfiJPFg=",
    );
  });
});

describe("readRpcV1Request preconditions", () => {
  const T = "2024-01-01T00:00:00Z";
  const read = (request: Parameters<typeof readRpcV1Request>[0]) => () => readRpcV1Request(request);
  const withParam = (extra: Record<string, string>) => v1Request(v1Params(T, "n-1", extra));
  const without = (name: string) => {
    const params = v1Params(T, "n-1");
    delete params[name];
    return v1Request(params);
  };

  it("accepts parameters in a form body as well as in the query", () => {
    const signed = readRpcV1Request(v1Request(v1Params(T, "n-1"), { inForm: true }));
    expect(signed.matches(SECRET)).toBe(true);
  });

  it("Precondition: a v1 request carries a Signature.", () => {
    const request = v1Request(v1Params(T, "n-1"));
    expect(read({ ...request, query: { ...request.query, Signature: [""] } })).toThrow(
      IncompleteSignatureError,
    );
  });

  it("Precondition: v1 SignatureMethod is HMAC-SHA1.", () => {
    expect(read(withParam({ SignatureMethod: "HMAC-SHA256" }))).toThrow(/SignatureMethod/);
    expect(read(without("SignatureMethod"))).toThrow(IncompleteSignatureError);
  });

  it("Precondition: v1 SignatureVersion is 1.0.", () => {
    expect(read(withParam({ SignatureVersion: "2.0" }))).toThrow(/SignatureVersion/);
    expect(read(without("SignatureVersion"))).toThrow(IncompleteSignatureError);
  });

  it("Precondition: the request names its AccessKey.", () => {
    expect(read(without("AccessKeyId"))).toThrow(/AccessKeyId is missing/);
    expect(read(withParam({ AccessKeyId: "" }))).toThrow(IncompleteSignatureError);
  });

  it("Precondition: an AccessKey id is at most 128 printable ASCII characters.", () => {
    expect(read(withParam({ AccessKeyId: "a".repeat(129) }))).toThrow(AccessKeyNotFoundError);
    expect(read(withParam({ AccessKeyId: "test id" }))).toThrow(AccessKeyNotFoundError);
    expect(readRpcV1Request(withParam({ AccessKeyId: "a".repeat(128) })).accessKeyId).toHaveLength(128);
  });

  it("Precondition: the request carries a signature nonce.", () => {
    expect(read(without("SignatureNonce"))).toThrow(/SignatureNonce is missing/);
    // The doc example carries no nonce: it signs correctly, and the verifier still refuses it.
    const doc = { ...multi(DOC_PARAMS), Signature: ["41wk2SSX1GJh7fwnc5eqOfiJPFg="] };
    expect(
      read({ method: "GET", path: "/", query: doc, form: {}, headers: {}, body: new Uint8Array() }),
    ).toThrow(/SignatureNonce is missing/);
  });

  it("Precondition: a signature nonce is at most 128 printable ASCII characters.", () => {
    expect(read(withParam({ SignatureNonce: "n".repeat(129) }))).toThrow(IncompleteSignatureError);
    expect(read(withParam({ SignatureNonce: "n\u00e9" }))).toThrow(IncompleteSignatureError);
  });

  it("Precondition: v1 names its Action.", () => {
    expect(read(without("Action"))).toThrow(MissingParameterError);
  });

  it("Precondition: v1 Version is 2016-01-20.", () => {
    expect(read(without("Version"))).toThrow(MissingParameterError);
    expect(read(withParam({ Version: "2014-05-26" }))).toThrow(InvalidVersionError);
  });

  it("Precondition: unsigned x-acs-action and x-acs-version headers agree with the signed parameters.", () => {
    const params = v1Params(T, "n-1");
    expect(read(v1Request(params, { headers: { "x-acs-action": "Decrypt" } }))).toThrow(
      IncompleteSignatureError,
    );
    expect(read(v1Request(params, { headers: { "x-acs-version": "2014-05-26" } }))).toThrow(
      IncompleteSignatureError,
    );
    const agreeing = v1Request(params, {
      headers: { "x-acs-action": "Encrypt", "x-acs-version": "2016-01-20" },
    });
    expect(readRpcV1Request(agreeing).matches(SECRET)).toBe(true);
  });

  it("Precondition: the unsigned path of a v1 request is / or /<Action>.", () => {
    const request = v1Request(v1Params(T, "n-1"));
    expect(readRpcV1Request({ ...request, path: "/Encrypt" }).matches(SECRET)).toBe(true);
    expect(readRpcV1Request({ ...request, path: "" }).matches(SECRET)).toBe(true);
    for (const path of ["/Decrypt", "/Encrypt/", "/encrypt", "/x/Encrypt"]) {
      expect(read({ ...request, path }), path).toThrow(/another operation/);
    }
  });

  it("Precondition: a v1 body is a signed form body or nothing.", () => {
    const request = v1Request(v1Params(T, "n-1"));
    const json = { ...request, headers: { ...request.headers, "content-type": "application/json" } };
    expect(read({ ...json, body: new TextEncoder().encode('{"KeyId":"other"}') })).toThrow(
      /form-encoded body/,
    );
    const form = v1Request(v1Params(T, "n-1"), { inForm: true });
    const charset = { ...form.headers, "content-type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8" };
    expect(readRpcV1Request({ ...form, headers: charset }).matches(SECRET)).toBe(true);
  });

  it("Precondition: security tokens are not supported.", () => {
    expect(read(withParam({ SecurityToken: "sts-token" }))).toThrow(/SecurityToken/);
  });

  it("Precondition: a parameter name is given at most once.", () => {
    const request = v1Request(v1Params(T, "n-1"));
    expect(read({ ...request, query: { ...request.query, KeyId: ["a", "b"] } })).toThrow(
      InvalidParameterError,
    );
    expect(read({ ...request, form: { Action: ["Encrypt"] } })).toThrow(/"Action"/);
  });
});

describe("rpcV1Parameters", () => {
  it("writes the common parameters in the SDKs' order, then the operation's", () => {
    const params = rpcV1Parameters(
      { action: "Encrypt", accessKeyId: "testid", nonce: "n1", timestamp: "2024-01-01T00:00:00Z" },
      { KeyId: "k" },
    );
    expect(Object.entries(params)).toEqual([
      ["Action", "Encrypt"],
      ["Version", "2016-01-20"],
      ["Format", "json"],
      ["AccessKeyId", "testid"],
      ["SignatureMethod", "HMAC-SHA1"],
      ["SignatureVersion", "1.0"],
      ["SignatureNonce", "n1"],
      ["Timestamp", "2024-01-01T00:00:00Z"],
      ["KeyId", "k"],
    ]);
  });
});
