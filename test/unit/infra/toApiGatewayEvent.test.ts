import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { toApiGatewayEvent } from "../../../infra/local/toApiGatewayEvent";

/** A request as node:http hands it to the server: target, method and raw header pairs. */
function requestOf(url: string, rawHeaders: string[] = ["Host", "localhost:8080"]): IncomingMessage {
  const request = new IncomingMessage(new Socket());
  request.url = url;
  request.method = "post";
  request.httpVersion = "1.1";
  request.rawHeaders = rawHeaders;
  return request;
}

describe("toApiGatewayEvent", () => {
  it("splits an origin-form target at the first ? and keeps both parts as sent", () => {
    const event = toApiGatewayEvent(requestOf("/Encrypt?Plaintext=a%2Bb&x=?y"), new Uint8Array());
    expect(event.rawPath).toBe("/Encrypt");
    expect(event.requestContext.http.path).toBe("/Encrypt");
    expect(event.rawQueryString).toBe("Plaintext=a%2Bb&x=?y");
    expect(event.queryStringParameters).toEqual({ Plaintext: "a+b", x: "?y" });
    expect(event.requestContext.http.method).toBe("POST");
  });

  it("has an empty query and no decoded view when the target has no query", () => {
    const event = toApiGatewayEvent(requestOf("/"), new Uint8Array());
    expect(event.rawPath).toBe("/");
    expect(event.rawQueryString).toBe("");
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it("reads an absolute-form target (from a proxy) through the URL parser", () => {
    const event = toApiGatewayEvent(requestOf("http://kms.example/DescribeRegions?a=1"), new Uint8Array());
    expect(event.rawPath).toBe("/DescribeRegions");
    expect(event.rawQueryString).toBe("a=1");
  });

  it("lower-cases header names, joins repeated ones and names the domain after Host", () => {
    const event = toApiGatewayEvent(
      requestOf("/", [
        "Host",
        "kms.cn-hangzhou.example",
        "X-Acs-Action",
        "Encrypt",
        "x-custom",
        "1",
        "X-Custom",
        "2",
      ]),
      new Uint8Array(),
    );
    expect(event.headers).toMatchObject({ "x-acs-action": "Encrypt", "x-custom": "1,2" });
    expect(event.requestContext.domainName).toBe("kms.cn-hangzhou.example");
    expect(event.requestContext.domainPrefix).toBe("kms");
  });

  it("keeps a text body as text and any other body as base64", () => {
    const form = toApiGatewayEvent(
      requestOf("/", ["Host", "h", "Content-Type", "application/x-www-form-urlencoded"]),
      new TextEncoder().encode("Action=Encrypt"),
    );
    expect(form).toMatchObject({ body: "Action=Encrypt", isBase64Encoded: false });
    const binary = toApiGatewayEvent(requestOf("/", ["Host", "h"]), new Uint8Array([0, 255]));
    expect(binary).toMatchObject({ body: "AP8=", isBase64Encoded: true });
  });
});
