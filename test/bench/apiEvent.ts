import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { SignedHttpRequest } from "./signedRequests";

/**
 * The API Gateway HTTP API (payload 2.0) event a signed request becomes on its per-operation route `POST /<Action>`,
 * shaped as infra/local/toApiGatewayEvent.ts shapes it for the local server (the path the client signed, `/`, kept
 * as rawPath; the query string as sent; a fresh request id).
 */
export function apiEventOf(signed: SignedHttpRequest, action: string): APIGatewayProxyEventV2 {
  const queryAt = signed.path.indexOf("?");
  const now = new Date();
  return {
    version: "2.0",
    routeKey: `POST /${action}`,
    rawPath: queryAt < 0 ? signed.path : signed.path.slice(0, queryAt),
    rawQueryString: queryAt < 0 ? "" : signed.path.slice(queryAt + 1),
    headers: { ...signed.headers },
    requestContext: {
      accountId: "000000000000",
      apiId: "keyward-bench",
      domainName: signed.headers.host ?? "localhost",
      domainPrefix: "localhost",
      http: {
        method: signed.method,
        path: "/",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "keyward-bench",
      },
      requestId: randomUUID(),
      routeKey: `POST /${action}`,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}
