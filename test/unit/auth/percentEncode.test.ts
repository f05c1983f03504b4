import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeQuery, percentEncode } from "../../../core/auth/percentEncode";
import { MalformedRequestError } from "../../../core/errors";

describe("percentEncode (RFC 3986, reference 6a)", () => {
  it("keeps the unreserved characters A-Z a-z 0-9 - _ . ~", () => {
    const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    expect(percentEncode(unreserved)).toBe(unreserved);
  });

  it("encodes space as %20, * as %2A and the other reserved characters with upper-case hex", () => {
    expect(percentEncode(" ")).toBe("%20");
    expect(percentEncode("*")).toBe("%2A");
    expect(percentEncode("!'()")).toBe("%21%27%28%29");
    expect(percentEncode("/=&+%:?#[]@$,;")).toBe("%2F%3D%26%2B%25%3A%3F%23%5B%5D%40%24%2C%3B");
    expect(percentEncode('{"k":"v"}')).toBe("%7B%22k%22%3A%22v%22%7D");
  });

  it("encodes the UTF-8 bytes of non-ASCII characters", () => {
    expect(percentEncode("é")).toBe("%C3%A9");
    expect(percentEncode("密钥")).toBe("%E5%AF%86%E9%92%A5");
    expect(percentEncode("😀")).toBe("%F0%9F%98%80");
  });

  it("Precondition: a lone surrogate cannot be percent-encoded.", () => {
    expect(() => percentEncode("a\ud800")).toThrow(MalformedRequestError);
    expect(() => percentEncode("\udc00b")).toThrow(MalformedRequestError);
  });

  it("writes only unreserved characters and %XY, and decodes back to the input (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const encoded = percentEncode(value);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });
});

describe("encodeQuery", () => {
  it("writes each parameter percent-encoded, in the given order, joined by &", () => {
    expect(encodeQuery({ b: "x y*", a: "é/=" })).toBe("b=x%20y%2A&a=%C3%A9%2F%3D");
    expect(encodeQuery({})).toBe("");
  });
});
