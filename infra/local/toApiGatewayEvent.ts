import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded)\b|application\/[\w.+-]+\+json\b)/i;

/**
 * Turns a Node HTTP request and its body into the API Gateway HTTP API (payload format 2.0) event its Lambda would
 * receive: header names lower-cased (repeated headers joined by commas), raw path and query string as sent, a
 * textual body as text and any other body base64-encoded (`isBase64Encoded`), and a request context with the
 * method, path, source IP, a fresh request id and the time. The route is `$default` until `routeTo` names the
 * operation's route.
 */
export function toApiGatewayEvent(request: IncomingMessage, body: Uint8Array): APIGatewayProxyEventV2 {
  const { path, query } = splitTarget(request.url ?? "/");
  // From the raw name/value pairs (what headersDistinct is built from, without its arrays): names lower-cased,
  // repeated headers joined by commas in the order received.
  const headers: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous},${value}`;
  }
  const method = (request.method ?? "GET").toUpperCase();
  const host = headers.host ?? "localhost";
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    headers,
    requestContext: {
      accountId: "000000000000",
      apiId: "keyward-local",
      domainName: host,
      domainPrefix: host.split(".", 1)[0] ?? host,
      http: {
        method,
        path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (body.length > 0) {
    const text = TEXT_TYPES.test(headers["content-type"] ?? "");
    event.body = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(
      text ? "utf8" : "base64",
    );
    event.isBase64Encoded = !text;
  }
  // Keyward reads rawQueryString; the decoded view is built only if something reads it (decoding a 6 KiB
  // Plaintext costs more than the rest of the event), then kept.
  let decoded: Record<string, string> | undefined | null = null;
  Object.defineProperty(event, "queryStringParameters", {
    enumerable: true,
    configurable: true,
    get() {
      if (decoded === null) decoded = queryStringParameters(new URLSearchParams(query));
      return decoded;
    },
  });
  return event;
}

/**
 * The path and the query string of a request target: origin form (`/path?query`, what clients send) split at the
 * first `?`, as received; any other form (absolute, from a proxy) through the URL parser.
 */
function splitTarget(target: string): { path: string; query: string } {
  if (!target.startsWith("/")) {
    const url = new URL(target, "http://local");
    return { path: url.pathname, query: url.search.slice(1) };
  }
  const mark = target.indexOf("?");
  return mark < 0
    ? { path: target, query: "" }
    : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/**
 * Names the per-operation route `POST /<action>` on the event, as that route delivers it (DESIGN section 10), and
 * returns the same event: it is changed in place, so the lazily decoded `queryStringParameters` stays lazy.
 */
export function routeTo(event: APIGatewayProxyEventV2, action: string): APIGatewayProxyEventV2 {
  const routeKey = `POST /${action}`;
  event.routeKey = routeKey;
  event.requestContext.routeKey = routeKey;
  return event;
}

/** API Gateway's convenience view of the query: repeated names joined by commas (Keyward reads rawQueryString). */
function queryStringParameters(params: URLSearchParams): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const name of new Set(params.keys())) result[name] = params.getAll(name).join(",");
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A Lambda context for a local invocation of the handler of `action`. */
export function localLambdaContext(action: string, requestId: string): Context {
  const functionName = `keyward-local-${action}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
