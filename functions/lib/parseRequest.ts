import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { API_VERSION } from "../../core/auth/signingRules";
import { InvalidParameterError, InvalidVersionError, UnsupportedHttpMethodError } from "../../core/errors";
import type { RawRequest } from "./Authenticator";
import { readRawRequest } from "./readRawRequest";

/**
 * The RPC common parameters (reference section 6a): accepted on every request, read by the protocol layer and the
 * authenticator, never passed to an operation's validation.
 */
export const PROTOCOL_PARAMETERS: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "Signature",
  "SecurityToken",
  "RegionId",
]);

/** A parsed request: what the authenticator sees, the Action asked for, and one value per parameter. */
export interface ParsedRequest {
  readonly raw: RawRequest;
  /** The Action from the `Action` parameter, the `x-acs-action` header or the path; undefined when none. */
  readonly action: string | undefined;
  /** The API parameters, merged from query, form body and JSON body, flattened maps folded into JSON text. */
  readonly params: ReadonlyMap<string, string>;
  /** The protocol parameters (PROTOCOL_PARAMETERS) that were given. */
  readonly protocol: ReadonlyMap<string, string>;
}

const ACTION_PATH = /^\/([A-Za-z][A-Za-z0-9]{0,63})\/?$/;

/**
 * Parses an API Gateway event into parameters (DESIGN section 3): query string, form body and JSON body merged
 * (the same name with two different values is an error); map parameters named in `flattenedMaps` (EncryptionContext
 * and friends) accepted as JSON text or flattened as `<name>.<key>=<value>`; `Version` and `x-acs-version`, when
 * given, must be 2016-01-20; the Action may come from the parameter, the header or the path `/<Action>`, which
 * must agree.
 *
 * @throws MalformedRequestError when the body or query cannot be read (see readRawRequest).
 * @throws InvalidParameterError for conflicting values, a map given in both forms, disagreeing Action sources, or
 *   a Format other than JSON.
 * @throws InvalidVersionError when the version is not 2016-01-20.
 * @throws UnsupportedHttpMethodError for a method other than POST and GET.
 */
export function parseRequest(
  event: APIGatewayProxyEventV2,
  options: { readonly flattenedMaps?: ReadonlySet<string> } = {},
): ParsedRequest {
  const { raw, json } = readRawRequest(event);
  /* Precondition: the method is POST or GET. */
  if (raw.method !== "POST" && raw.method !== "GET")
    throw new UnsupportedHttpMethodError(raw.method.slice(0, 16));
  const merged = new Map<string, string>();
  for (const source of [raw.query, raw.form, json]) {
    for (const name in source) {
      for (const value of source[name] as readonly string[]) {
        const previous = merged.get(name);
        /* Precondition: a parameter given more than once has one value. */
        if (previous !== undefined && previous !== value) {
          throw new InvalidParameterError(
            name.slice(0, 128),
            "It was given more than once with different values.",
          );
        }
        merged.set(name, value);
      }
    }
  }
  for (const mapName of options.flattenedMaps ?? []) foldFlattenedMap(merged, mapName);
  const protocol = new Map<string, string>();
  for (const name of PROTOCOL_PARAMETERS) {
    const value = merged.get(name);
    if (value === undefined) continue;
    protocol.set(name, value);
    merged.delete(name);
  }
  checkProtocol(protocol, raw.headers);
  return { raw, action: resolveAction(protocol.get("Action"), raw), params: merged, protocol };
}

/** Folds `<mapName>.<key>=<value>` parameters into one `<mapName>` JSON object text. */
function foldFlattenedMap(params: Map<string, string>, mapName: string): void {
  const prefix = `${mapName}.`;
  const entries: [string, string][] = [];
  for (const entry of params) if (entry[0].startsWith(prefix)) entries.push(entry);
  if (entries.length === 0) return;
  /* Precondition: a map parameter is given either as JSON text or flattened, not both. */
  if (params.has(mapName))
    throw new InvalidParameterError(mapName, "It was given both as JSON and flattened.");
  for (const [name] of entries) params.delete(name);
  params.set(
    mapName,
    JSON.stringify(Object.fromEntries(entries.map(([n, v]) => [n.slice(prefix.length), v]))),
  );
}

function checkProtocol(
  protocol: ReadonlyMap<string, string>,
  headers: Readonly<Record<string, string>>,
): void {
  for (const version of [protocol.get("Version"), headers["x-acs-version"]]) {
    /* Precondition: the API version, when given, is 2016-01-20. */
    if (version !== undefined && version !== API_VERSION) throw new InvalidVersionError(version.slice(0, 64));
  }
  const format = protocol.get("Format");
  /* Precondition: the response format, when given, is JSON. */
  if (format !== undefined && format.toLowerCase() !== "json") {
    throw new InvalidParameterError("Format", "Keyward answers in JSON only.");
  }
}

function resolveAction(parameter: string | undefined, raw: RawRequest): string | undefined {
  let action: string | undefined;
  for (const named of [parameter, raw.headers["x-acs-action"], ACTION_PATH.exec(raw.path)?.[1]]) {
    if (named === undefined || named === "") continue;
    /* Precondition: the Action parameter, the x-acs-action header and the path name the same operation. */
    if (action !== undefined && action !== named) {
      throw new InvalidParameterError(
        "Action",
        "The Action parameter, x-acs-action header and path disagree.",
      );
    }
    action = named;
  }
  return action;
}
