import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { stringMap } from "../../../functions/lib/jsonParamTypes";
import { keyFilters } from "../../../functions/lib/keyFilters";
import { tagKeys, tags } from "../../../functions/lib/tagParamTypes";
import { thrown } from "./apiEvent";

function rejects(fn: () => unknown, parameter: string, detail?: RegExp): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidParameterError);
  expect((error as InvalidParameterError).parameter).toBe(parameter);
  if (detail) expect((error as Error).message).toMatch(detail);
}

describe("stringMap (EncryptionContext)", () => {
  const type = stringMap({ maxChars: 8192 });
  it("a JSON parameter is at most maxChars characters long.", () => {
    const big = JSON.stringify({ k: "v".repeat(8185) });
    expect(big.length).toBe(8193);
    rejects(() => type.parse(big, "EncryptionContext"), "EncryptionContext", /8192/);
    expect(type.parse(JSON.stringify({ k: "v".repeat(8184) }), "EncryptionContext").k).toHaveLength(8184);
    rejects(() => type.parse("{not json", "EncryptionContext"), "EncryptionContext", /JSON/);
  });
  it("a string map is a JSON object whose values are all strings.", () => {
    expect(type.parse('{"a":"1","b":"2"}', "EncryptionContext")).toEqual({ a: "1", b: "2" });
    expect(type.parse("{}", "EncryptionContext")).toEqual({});
    for (const bad of ['["a"]', '"a"', "null", '{"a":1}', '{"a":{"b":"c"}}', '{"a":null}']) {
      rejects(() => type.parse(bad, "EncryptionContext"), "EncryptionContext", /values are strings/);
    }
  });
  it("a string map's keys and values are well-formed Unicode.", () => {
    rejects(() => type.parse('{"a":"\\ud800"}', "EncryptionContext"), "EncryptionContext", /surrogate/);
    rejects(() => type.parse('{"\\udc00":"x"}', "EncryptionContext"), "EncryptionContext", /surrogate/);
    expect(type.parse('{"a":"\\ud83d\\ude00"}', "EncryptionContext").a).toBe("😀");
  });
  it("keeps __proto__ an ordinary key and returns a frozen object", () => {
    const value = type.parse('{"__proto__":"x","constructor":"y"}', "EncryptionContext");
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.isFrozen(value)).toBe(true);
  });
  it("round-trips any flat object of strings (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string(), { maxKeys: 10 }), (map) => {
        expect(type.parse(JSON.stringify(map), "EncryptionContext")).toEqual(map);
      }),
    );
  });
});

describe("tags", () => {
  const type = tags({ maxTags: 3 });
  const tag = (TagKey: unknown, TagValue: unknown) => ({ TagKey, TagValue });
  it("Tags is a JSON array of 1 to maxTags entries.", () => {
    expect(type.parse(JSON.stringify([tag("env", "prod"), tag("team", "a/b")]), "Tags")).toEqual({
      env: "prod",
      team: "a/b",
    });
    rejects(() => type.parse("[]", "Tags"), "Tags", /1 to 3/);
    rejects(
      () => type.parse(JSON.stringify([tag("a", "1"), tag("b", "1"), tag("c", "1"), tag("d", "1")]), "Tags"),
      "Tags",
    );
    rejects(() => type.parse('{"TagKey":"a","TagValue":"b"}', "Tags"), "Tags");
  });
  it('each tag is exactly {"TagKey","TagValue"}.', () => {
    rejects(() => type.parse('[{"TagKey":"a"}]', "Tags"), "Tags", /TagKey/);
    rejects(() => type.parse('[{"TagKey":"a","TagValue":"b","X":"c"}]', "Tags"), "Tags");
    rejects(() => type.parse('[{"Key":"a","Value":"b"}]', "Tags"), "Tags");
  });
  it("a tag key has 1-128 letters, digits or / \\ _ - . + = : @ characters.", () => {
    expect(type.parse(JSON.stringify([tag("a/\\_-.+=:@Z9", "v")]), "Tags")).toEqual({ "a/\\_-.+=:@Z9": "v" });
    for (const bad of ["", "k".repeat(129), "has space", "ä", 5]) {
      rejects(() => type.parse(JSON.stringify([tag(bad, "v")]), "Tags"), "Tags", /tag key/);
    }
  });
  it("a new tag key does not start with aliyun or acs:.", () => {
    for (const bad of ["aliyun-x", "ALIYUN", "acs:x"]) {
      rejects(() => type.parse(JSON.stringify([tag(bad, "v")]), "Tags"), "Tags", /aliyun/);
    }
    expect(type.parse(JSON.stringify([tag("acs-x", "v")]), "Tags")).toEqual({ "acs-x": "v" });
  });
  it("a tag value has at most 128 letters, digits or / \\ _ - . + = : @ characters.", () => {
    expect(type.parse(JSON.stringify([tag("k", "")]), "Tags")).toEqual({ k: "" });
    for (const bad of ["v".repeat(129), "a b", 1, null]) {
      rejects(() => type.parse(JSON.stringify([tag("k", bad)]), "Tags"), "Tags", /tag value/);
    }
  });
  it("tag keys are unique within a request.", () => {
    rejects(() => type.parse(JSON.stringify([tag("k", "1"), tag("k", "2")]), "Tags"), "Tags", /repeated/);
  });
});

describe("tagKeys", () => {
  const type = tagKeys({ maxKeys: 2 });
  it("TagKeys is a JSON array of 1 to maxKeys strings.", () => {
    expect(type.parse('["a","b"]', "TagKeys")).toEqual(["a", "b"]);
    expect(type.parse('["a","a"]', "TagKeys")).toEqual(["a"]);
    expect(type.parse('["acs:old"]', "TagKeys")).toEqual(["acs:old"]);
    for (const bad of ["[]", '["a","b","c"]', '"a"', "[1]", '[""]'])
      rejects(() => type.parse(bad, "TagKeys"), "TagKeys");
  });
});

describe("keyFilters", () => {
  const type = keyFilters();
  it("Filters is a JSON array of at most 10 entries.", () => {
    expect(type.parse("[]", "Filters")).toEqual({});
    rejects(
      () =>
        type.parse(JSON.stringify(new Array(11).fill({ Key: "KeyState", Values: ["Enabled"] })), "Filters"),
      "Filters",
      /10/,
    );
    rejects(() => type.parse('{"Key":"KeyState"}', "Filters"), "Filters");
  });
  it("no filter by KMS instance (Keyward has none).", () => {
    rejects(
      () => type.parse(JSON.stringify([{ Key: "DKMSInstanceId", Values: ["kst-1"] }]), "Filters"),
      "Filters",
      /no dedicated KMS instances/,
    );
  });
  it("each filter names a supported key once, with 1 to 10 valid values.", () => {
    expect(
      type.parse(
        JSON.stringify([
          { Key: "KeyState", Values: ["Enabled", "Disabled"] },
          { Key: "CreatorType", Values: ["Service"] },
          { Key: "KeySpec", Values: ["EC_SM2"] },
        ]),
        "Filters",
      ),
    ).toEqual({ keyState: ["Enabled", "Disabled"], creatorType: ["Service"], keySpec: ["EC_SM2"] });
    const bad = [
      [{ Key: "DKMSInstanceId", Values: ["kst-1"] }],
      [{ Key: "toString", Values: ["x"] }],
      [{ Key: "KeyState", Values: [] }],
      [{ Key: "KeyState", Values: ["enabled"] }],
      [{ Key: "KeyState", Values: "Enabled" }],
      [{ Key: "KeyState", Values: ["Enabled"], Extra: 1 }],
      [
        { Key: "KeyState", Values: ["Enabled"] },
        { Key: "KeyState", Values: ["Disabled"] },
      ],
    ];
    for (const filters of bad) rejects(() => type.parse(JSON.stringify(filters), "Filters"), "Filters");
  });
});
