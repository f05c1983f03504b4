import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { MalformedRequestError } from "../../core/errors";
import type { RawRequest } from "./Authenticator";
import { decodeUrlEncoded, MAX_PARAMETERS } from "./urlEncoded";

/** The largest request body accepted, in bytes (DESIGN section 11: explicit size limits). */
export const MAX_BODY_BYTES = 64 * 1024;
/** The longest query string accepted, in characters (the npm 1.x SDK sends every parameter there). */
export const MAX_QUERY_CHARS = 64 * 1024;

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The deepest nesting a JSON body member may have (the API's deepest JSON parameter, Filters, nests three levels).
 * An explicit limit (DESIGN section 11): JSON.stringify of a member nested tens of thousands deep overflows the stack.
 */
export const MAX_JSON_DEPTH = 8;

/** A request read from its API Gateway event: the raw request and the parameters of a JSON body, if any. */
export interface RequestParts {
  readonly raw: RawRequest;
  /** Top-level members of a JSON body as wire strings (objects and arrays re-serialised as JSON text). */
  readonly json: Readonly<Record<string, readonly string[]>>;
}

/**
 * Reads an API Gateway HTTP API (payload 2.0) event into the raw request the authenticator sees (DESIGN section 3):
 * the body's transport base64 is undone, the query string and a form body are decoded, a JSON body is flattened to
 * one wire string per member. The body may be form-urlencoded or JSON; no other content type is accepted.
 *
 * @throws MalformedRequestError when the body or query is too large, undecodable, or of an unsupported type.
 */
export function readRawRequest(event: APIGatewayProxyEventV2): RequestParts {
  const headers: Record<string, string> = Object.create(null);
  const given = event.headers ?? {};
  for (const name in given) {
    const value = given[name];
    if (value !== undefined && Object.hasOwn(given, name)) headers[name.toLowerCase()] = value;
  }
  const rawQuery = event.rawQueryString ?? "";
  /* Precondition: the query string is at most MAX_QUERY_CHARS long. */
  if (rawQuery.length > MAX_QUERY_CHARS) {
    throw new MalformedRequestError(`the query string is longer than ${MAX_QUERY_CHARS} characters.`);
  }
  const body = readBody(event);
  let form: Record<string, string[]> = NO_PARAMETERS;
  let json: Record<string, string[]> = NO_PARAMETERS;
  if (body.length > 0) {
    const mediaType = (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (mediaType === "application/x-www-form-urlencoded") form = decodeUrlEncoded(utf8(body), "form body");
    else if (mediaType === "application/json" || mediaType.endsWith("+json")) json = readJsonBody(utf8(body));
    /* Precondition: a request body is form-urlencoded or JSON. */ else
      throw new MalformedRequestError(`a body of type "${mediaType.slice(0, 64)}" is not supported.`);
  }
  const raw: RawRequest = {
    method: (event.requestContext?.http?.method ?? "POST").toUpperCase(),
    path: decodePath(event.rawPath || "/"),
    query: decodeUrlEncoded(rawQuery, "query string"),
    form,
    headers,
    body,
  };
  return { raw, json };
}

/** No parameters: the form and JSON parameters of a request without a body (frozen, shared). */
const NO_PARAMETERS: Record<string, string[]> = Object.freeze(Object.create(null));
/** The body of a request without one (zero bytes: nothing to change, so shared). */
const NO_BODY = new Uint8Array(0);
const TOO_LARGE = `the body is larger than ${MAX_BODY_BYTES} bytes.`;

function readBody(event: APIGatewayProxyEventV2): Uint8Array {
  const text = event.body ?? "";
  if (text === "") return NO_BODY;
  if (!event.isBase64Encoded) {
    /* Precondition: the body is at most MAX_BODY_BYTES long. */
    if (text.length > MAX_BODY_BYTES) throw new MalformedRequestError(TOO_LARGE);
    const bytes = new Uint8Array(Buffer.from(text, "utf8"));
    if (bytes.length > MAX_BODY_BYTES) throw new MalformedRequestError(TOO_LARGE);
    return bytes;
  }
  if (text.length > 4 * Math.ceil(MAX_BODY_BYTES / 3)) throw new MalformedRequestError(TOO_LARGE);
  const bytes = new Uint8Array(Buffer.from(text, "base64"));
  if (bytes.length > MAX_BODY_BYTES) throw new MalformedRequestError(TOO_LARGE);
  return bytes;
}

function decodePath(rawPath: string): string {
  if (!rawPath.includes("%")) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch (error) {
    /* Precondition: the path's percent escapes are well formed. */
    throw new MalformedRequestError("the path has a malformed percent escape.", { cause: error });
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    /* Precondition: a text body is valid UTF-8. */
    throw new MalformedRequestError("the body is not valid UTF-8.", { cause: error });
  }
}

function readJsonBody(text: string): Record<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    /* Precondition: a JSON body parses. */
    throw new MalformedRequestError("the body is not valid JSON.", { cause: error });
  }
  /* Precondition: a JSON body is an object of at most MAX_PARAMETERS members. */
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedRequestError("a JSON body must be an object.");
  }
  const members = Object.entries(value);
  if (members.length > MAX_PARAMETERS) {
    throw new MalformedRequestError(`the JSON body has more than ${MAX_PARAMETERS} members.`);
  }
  const result: Record<string, string[]> = Object.create(null);
  for (const [name, member] of members) {
    if (member === null) continue;
    /* Precondition: a JSON body member nests at most MAX_JSON_DEPTH levels. */
    if (typeof member === "object" && !nestsAtMost(member, MAX_JSON_DEPTH)) {
      throw new MalformedRequestError(`a JSON body member nests more than ${MAX_JSON_DEPTH} levels.`);
    }
    const wire =
      typeof member === "string"
        ? member
        : typeof member === "object"
          ? JSON.stringify(member)
          : String(member);
    /* Precondition: JSON body names and strings are well-formed Unicode (no lone surrogates). */
    if (name === "" || LONE_SURROGATE.test(name) || LONE_SURROGATE.test(wire)) {
      throw new MalformedRequestError("the JSON body has an empty name or a lone surrogate.");
    }
    result[name] = [wire];
  }
  return result;
}

/** Whether a parsed JSON value has at most `limit` levels of arrays and objects (walked without recursion). */
function nestsAtMost(value: object, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth > limit) return false;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return true;
}
