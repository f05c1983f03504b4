import { describe, expect, it } from "vitest";
import {
  InvalidParameterError,
  InvalidVersionError,
  type KmsError,
  MalformedRequestError,
  UnsupportedHttpMethodError,
} from "../../../core/errors";
import { parseRequest } from "../../../functions/lib/parseRequest";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "../../../functions/lib/readRawRequest";
import { apiEvent, thrown } from "./apiEvent";

const CONTEXT = new Set(["EncryptionContext"]);
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function failsWith<T extends KmsError>(
  event: Parameters<typeof parseRequest>[0],
  type: new (...a: never[]) => T,
): T {
  const error = thrown(() => parseRequest(event, { flattenedMaps: CONTEXT }));
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe("parseRequest", () => {
  it("reads the query string as the SDKs send it, protocol parameters apart", () => {
    const parsed = parseRequest(
      apiEvent({
        query:
          "Action=Encrypt&Format=json&Version=2016-01-20&AccessKeyId=ak&SignatureMethod=HMAC-SHA1&SignatureNonce=n" +
          "&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Signature=abc%3D&KeyId=alias%2Fa&Plaintext=a%2Bb%20c+d",
      }),
    );
    expect(parsed.action).toBe("Encrypt");
    expect(Object.fromEntries(parsed.params)).toEqual({ KeyId: "alias/a", Plaintext: "a+b c d" });
    expect(parsed.protocol.get("Timestamp")).toBe("2024-01-01T00:00:00Z");
    expect(parsed.raw.query.Signature).toEqual(["abc="]);
    expect(parsed.raw.method).toBe("POST");
    expect(parsed.raw.body).toHaveLength(0);
  });

  it("reads a form body (Terraform) and merges it with the query", () => {
    const parsed = parseRequest(
      apiEvent({ query: "Action=DescribeKey", headers: FORM, body: "KeyId=k1&Format=JSON" }),
    );
    expect(parsed.action).toBe("DescribeKey");
    expect(Object.fromEntries(parsed.params)).toEqual({ KeyId: "k1" });
    expect(parsed.raw.form.KeyId).toEqual(["k1"]);
    expect(new TextDecoder().decode(parsed.raw.body)).toBe("KeyId=k1&Format=JSON");
  });

  it("reads a JSON body, turning numbers, booleans and objects into wire strings", () => {
    const body = JSON.stringify({
      Action: "Encrypt",
      KeyId: "k",
      PageSize: 20,
      DryRun: true,
      EncryptionContext: { a: "b" },
      Skipped: null,
    });
    const parsed = parseRequest(apiEvent({ headers: JSON_TYPE, body }), { flattenedMaps: CONTEXT });
    expect(parsed.action).toBe("Encrypt");
    expect(Object.fromEntries(parsed.params)).toEqual({
      KeyId: "k",
      PageSize: "20",
      DryRun: "true",
      EncryptionContext: '{"a":"b"}',
    });
    expect(parsed.raw.form).toEqual({});
  });

  it("undoes API Gateway's base64 transport encoding", () => {
    const body = Buffer.from("KeyId=k%C3%A9").toString("base64");
    const parsed = parseRequest(
      apiEvent({ query: "Action=DescribeKey", headers: FORM, body, isBase64Encoded: true }),
    );
    expect(parsed.params.get("KeyId")).toBe("ké");
  });

  it("a parameter given more than once has one value.", () => {
    expect(
      parseRequest(apiEvent({ query: "KeyId=a&KeyId=a", headers: FORM, body: "KeyId=a" })).params.get(
        "KeyId",
      ),
    ).toBe("a");
    const twice = failsWith(apiEvent({ query: "KeyId=a&KeyId=b" }), InvalidParameterError);
    expect(twice.parameter).toBe("KeyId");
    const across = failsWith(
      apiEvent({ query: "KeyId=a", headers: FORM, body: "KeyId=b" }),
      InvalidParameterError,
    );
    expect(across.parameter).toBe("KeyId");
    const json = failsWith(
      apiEvent({ query: "KeyId=a", headers: JSON_TYPE, body: '{"KeyId":"b"}' }),
      InvalidParameterError,
    );
    expect(json.message).toMatch(/more than once/);
  });

  it("folds a flattened EncryptionContext (SDK 1.x) into JSON text", () => {
    const parsed = parseRequest(
      apiEvent({
        query:
          "Action=Encrypt&KeyId=k&EncryptionContext.a=b%20c&EncryptionContext.x.y=1&EncryptionContext.__proto__=p",
      }),
      { flattenedMaps: CONTEXT },
    );
    expect(JSON.parse(parsed.params.get("EncryptionContext") ?? "")).toEqual(
      JSON.parse('{"a":"b c","x.y":"1","__proto__":"p"}'),
    );
    expect([...parsed.params.keys()].sort()).toEqual(["EncryptionContext", "KeyId"]);
    // Without the operation's map names the dotted names stay as they are (and validation will refuse them).
    expect(parseRequest(apiEvent({ query: "EncryptionContext.a=b" })).params.get("EncryptionContext.a")).toBe(
      "b",
    );
  });

  it("a map parameter is given either as JSON text or flattened, not both.", () => {
    const error = failsWith(
      apiEvent({ query: "EncryptionContext=%7B%7D&EncryptionContext.a=b" }),
      InvalidParameterError,
    );
    expect(error.parameter).toBe("EncryptionContext");
  });

  it("the API version, when given, is 2016-01-20.", () => {
    failsWith(apiEvent({ query: "Version=2017-01-01" }), InvalidVersionError);
    failsWith(apiEvent({ headers: { "x-acs-version": "2014-01-01" } }), InvalidVersionError);
    expect(parseRequest(apiEvent({ headers: { "x-acs-version": "2016-01-20" } })).action).toBeUndefined();
  });

  it("the response format, when given, is JSON.", () => {
    expect(failsWith(apiEvent({ query: "Format=XML" }), InvalidParameterError).parameter).toBe("Format");
  });

  it("takes the Action from the parameter, the x-acs-action header or the path", () => {
    expect(parseRequest(apiEvent({ query: "Action=ListKeys" })).action).toBe("ListKeys");
    expect(parseRequest(apiEvent({ headers: { "x-acs-action": "ListKeys" } })).action).toBe("ListKeys");
    expect(parseRequest(apiEvent({ path: "/ListKeys" })).action).toBe("ListKeys");
    expect(parseRequest(apiEvent({ headers: FORM, body: "Action=ListKeys" })).action).toBe("ListKeys");
    expect(parseRequest(apiEvent({ path: "/ListKeys", query: "Action=ListKeys" })).action).toBe("ListKeys");
  });

  it("the Action parameter, the x-acs-action header and the path name the same operation.", () => {
    const error = failsWith(
      apiEvent({ path: "/ListKeys", headers: { "x-acs-action": "Encrypt" } }),
      InvalidParameterError,
    );
    expect(error.parameter).toBe("Action");
  });

  it("the method is POST or GET.", () => {
    expect(parseRequest(apiEvent({ method: "GET", query: "Action=ListKeys" })).raw.method).toBe("GET");
    expect(failsWith(apiEvent({ method: "DELETE" }), UnsupportedHttpMethodError).httpStatus).toBe(403);
  });
});

describe("reading the raw request", () => {
  it("the body is at most MAX_BODY_BYTES long.", () => {
    const ok = `KeyId=${"k".repeat(MAX_BODY_BYTES - 6)}`;
    expect(parseRequest(apiEvent({ headers: FORM, body: ok })).raw.body).toHaveLength(MAX_BODY_BYTES);
    failsWith(apiEvent({ headers: FORM, body: `${ok}k` }), MalformedRequestError);
    failsWith(
      apiEvent({ headers: FORM, body: `KeyId=${"é".repeat(MAX_BODY_BYTES / 2)}` }),
      MalformedRequestError,
    );
    const base64 = Buffer.alloc(MAX_BODY_BYTES + 1, 0x61).toString("base64");
    const error = failsWith(
      apiEvent({ headers: FORM, body: base64, isBase64Encoded: true }),
      MalformedRequestError,
    );
    expect(error.code).toBe("ParseRequestParameterException");
  });

  it("the query string is at most MAX_QUERY_CHARS long.", () => {
    failsWith(apiEvent({ query: `KeyId=${"k".repeat(64 * 1024)}` }), MalformedRequestError);
  });

  it("a request body is form-urlencoded or JSON.", () => {
    failsWith(apiEvent({ headers: { "content-type": "text/xml" }, body: "<a/>" }), MalformedRequestError);
    failsWith(apiEvent({ body: "KeyId=k" }), MalformedRequestError);
    expect(parseRequest(apiEvent({ headers: { "content-type": "text/xml" }, body: "" })).params.size).toBe(0);
  });

  it("a text body is valid UTF-8.", () => {
    const body = Buffer.from([0x4b, 0x3d, 0xff]).toString("base64");
    failsWith(apiEvent({ headers: FORM, body, isBase64Encoded: true }), MalformedRequestError);
  });

  it("a JSON body parses.", () => {
    failsWith(apiEvent({ headers: JSON_TYPE, body: "{KeyId:1}" }), MalformedRequestError);
  });

  it("a JSON body is an object of at most MAX_PARAMETERS members.", () => {
    failsWith(apiEvent({ headers: JSON_TYPE, body: '["KeyId"]' }), MalformedRequestError);
    failsWith(apiEvent({ headers: JSON_TYPE, body: "null" }), MalformedRequestError);
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`P${i}`, "v"])));
    failsWith(apiEvent({ headers: JSON_TYPE, body: many }), MalformedRequestError);
  });

  it("a JSON body member nests at most MAX_JSON_DEPTH levels.", () => {
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    failsWith(
      apiEvent({ headers: JSON_TYPE, body: `{"X":${nested(MAX_JSON_DEPTH + 1)}}` }),
      MalformedRequestError,
    );
    // Deep enough to overflow the stack of a recursive walk or of JSON.stringify, within the body size limit.
    failsWith(apiEvent({ headers: JSON_TYPE, body: `{"X":${nested(30_000)}}` }), MalformedRequestError);
    const deepest = `{"X":${nested(MAX_JSON_DEPTH)}}`;
    expect(parseRequest(apiEvent({ headers: JSON_TYPE, body: deepest })).params.get("X")).toBe(
      nested(MAX_JSON_DEPTH),
    );
  });

  it("JSON body names and strings are well-formed Unicode (no lone surrogates).", () => {
    failsWith(apiEvent({ headers: JSON_TYPE, body: '{"KeyId":"\\ud800"}' }), MalformedRequestError);
    failsWith(apiEvent({ headers: JSON_TYPE, body: '{"":"x"}' }), MalformedRequestError);
  });

  it("the path's percent escapes are well formed.", () => {
    failsWith(apiEvent({ path: "/%E0%A4%A" }), MalformedRequestError);
    expect(parseRequest(apiEvent({ path: "/Encrypt%20" })).raw.path).toBe("/Encrypt ");
  });

  it("keeps header names lower-cased and every value of a repeated query name", () => {
    const parsed = parseRequest(apiEvent({ query: "a=1&a=1&b", headers: { "X-Acs-Date": "d" } }));
    expect(parsed.raw.headers["x-acs-date"]).toBe("d");
    expect(parsed.raw.query.a).toEqual(["1", "1"]);
    expect(parsed.raw.query.b).toEqual([""]);
  });
});

describe("decoding url-encoded text", () => {
  it("a query string or form body carries at most MAX_PARAMETERS parameters.", () => {
    const query = Array.from({ length: 257 }, (_, i) => `P${i}=v`).join("&");
    failsWith(apiEvent({ query }), MalformedRequestError);
    expect(parseRequest(apiEvent({ query: query.replace(/&P256=v$/, "") })).params.size).toBe(256);
  });

  it("every parameter has a name.", () => {
    failsWith(apiEvent({ query: "=value" }), MalformedRequestError);
    expect(parseRequest(apiEvent({ query: "&&KeyId=k&" })).params.get("KeyId")).toBe("k");
  });

  it("percent escapes are well formed and decode to UTF-8.", () => {
    for (const query of ["KeyId=%zz", "KeyId=%", "KeyId=%C3", "Key%FFId=1"]) {
      failsWith(apiEvent({ query }), MalformedRequestError);
    }
  });
});
