import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  isKmsError,
  MalformedRequestError,
  MissingParameterError,
  UnknownActionError,
} from "../../core/errors";
import type { ApiHandler } from "../../functions/lib/defineHandler";
import { errorResponse, JSON_CONTENT_TYPE } from "../../functions/lib/errorResponse";
import { getLogger } from "../../functions/lib/logger";
import { parseRequest } from "../../functions/lib/parseRequest";
import { MAX_QUERY_CHARS } from "../../functions/lib/readRawRequest";
import { createHandlerRegistry, type HandlerRegistry } from "./handlerRegistry";
import { localLambdaContext, routeTo, toApiGatewayEvent } from "./toApiGatewayEvent";

/** Bodies above this are refused before any handler runs (the handlers' own limit, 64 KiB, is far lower). */
const MAX_LOCAL_BODY_BYTES = 1024 * 1024;
/**
 * The largest request line and headers accepted: the handlers' own query limit (MAX_QUERY_CHARS) and room for the
 * headers. Node's default (16 KiB) is below what the SDKs send for a 6 KiB Encrypt of non-ASCII text, whose every
 * parameter travels percent-encoded in the query string.
 */
const MAX_LOCAL_HEADER_BYTES = MAX_QUERY_CHARS + 16 * 1024;
const ACTION_PATH = /^\/([A-Za-z][A-Za-z0-9]{0,63})?\/?$/;

export interface LocalServerOptions {
  /** The port to listen on; 0 picks a free one. */
  readonly port: number;
  /** The address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Handlers by Action name, replacing or adding to those imported from functions/ (tests). */
  readonly handlers?: Readonly<Record<string, ApiHandler>>;
}

export interface LocalServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves every operation over HTTP on one machine (DESIGN section 10): each request becomes the API Gateway event
 * its Lambda would receive and goes to that operation's handler. The Action comes from the `Action` parameter
 * (query string or form body), the `x-acs-action` header, or the path `POST /<Action>`. Errors found before a
 * handler runs (unknown Action, undeclared path, oversized or unparseable request) are answered in the Alibaba
 * error format, as the handlers answer theirs.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const registry = createHandlerRegistry({ overrides: options.handlers });
  const server = createServer({ maxHeaderSize: MAX_LOCAL_HEADER_BYTES }, (request, response) => {
    serve(request, response).catch((error: unknown) => {
      getLogger().error("Local server failure", { error });
      response.destroy();
    });
  });
  server.on("clientError", answerUnreadableRequest);
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(request);
    const event = toApiGatewayEvent(request, tooLarge ? new Uint8Array() : body);
    let result: APIGatewayProxyStructuredResultV2;
    try {
      /* Precondition: the body fits the local limit. */
      if (tooLarge) throw new MalformedRequestError(`the body is larger than ${MAX_LOCAL_BODY_BYTES} bytes.`);
      const action = findAction(event, registry);
      const handler = await registry.get(action);
      result = await handler(
        routeTo(event, action),
        localLambdaContext(action, event.requestContext.requestId),
      );
    } catch (error) {
      if (!isKmsError(error)) getLogger().error("Unhandled error in the local server", { error });
      result = errorResponse(error, event.requestContext.requestId, event.requestContext.domainName);
    }
    writeResult(response, result);
  }
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The Action a request asks for. A per-operation path `/<Action>` is routed as API Gateway routes it, without
 * reading the request. On `/`, an `x-acs-action` header naming an operation Keyward serves routes the request to
 * that operation's handler without reading its parameters (as the CloudFront router does); that handler parses them
 * and refuses an `Action` parameter that disagrees (InvalidParameter, as here). Otherwise the parameters are parsed
 * as the handler will parse them.
 */
function findAction(event: APIGatewayProxyEventV2, registry: HandlerRegistry): string {
  const match = ACTION_PATH.exec(event.rawPath);
  /* Precondition: the path is / or /<Action>. */
  if (!match) throw new UnknownActionError(event.rawPath.slice(0, 128));
  if (match[1]) return match[1];
  const header = event.headers["x-acs-action"];
  if (header !== undefined && registry.serves(header)) return header;
  const { action } = parseRequest(event);
  /* Precondition: the request names an Action. */
  if (!action) throw new MissingParameterError("Action");
  return action;
}

/**
 * Answers a request Node's parser refused before any handler could see it (request line and headers over
 * MAX_LOCAL_HEADER_BYTES, or not HTTP at all) in the Alibaba error format instead of Node's empty 431 or 400, so an
 * SDK shows a KMS error rather than failing to parse an empty body.
 */
function answerUnreadableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const reason =
    error.code === "HPE_HEADER_OVERFLOW"
      ? `the request line and headers are larger than ${MAX_LOCAL_HEADER_BYTES} bytes.`
      : "the request is not a well-formed HTTP/1.1 request.";
  const result = errorResponse(new MalformedRequestError(reason), randomUUID(), "localhost");
  const body = String(result.body);
  socket.end(
    `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode ?? 400]}\r\ncontent-type: ${JSON_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** What readBody found. */
interface ReadBody {
  readonly body: Uint8Array;
  readonly tooLarge: boolean;
}

const NO_BODY: ReadBody = { body: new Uint8Array(0), tooLarge: false };

/**
 * Reads the whole body (event listeners: cheaper per request than async iteration); keeps at most the limit. A
 * request whose message is already complete with nothing buffered (no body, as the SDKs send) needs no waiting.
 */
function readBody(request: IncomingMessage): ReadBody | Promise<ReadBody> {
  if (request.complete && request.readableLength === 0) return NO_BODY;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_LOCAL_BODY_BYTES) chunks.push(chunk);
    });
    request.once("error", reject);
    request.once("end", () => {
      if (chunks.length === 0) resolve(NO_BODY);
      else resolve({ body: new Uint8Array(Buffer.concat(chunks)), tooLarge: size > MAX_LOCAL_BODY_BYTES });
    });
  });
}

/** Writes a handler's result. A text body goes out as a string, which Node sends in one write with the headers. */
function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body ?? "";
  const payload = result.isBase64Encoded ? Buffer.from(body, "base64") : body;
  const length = typeof payload === "string" ? Buffer.byteLength(payload, "utf8") : payload.length;
  const headers: (string | number | boolean)[] = [];
  for (const name in result.headers) headers.push(name, result.headers[name] as string | number | boolean);
  headers.push("content-length", length);
  response.writeHead(result.statusCode ?? 200, headers as unknown as string[]);
  response.end(payload);
}
