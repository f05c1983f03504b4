import { createHash } from "node:crypto";
import { IncompleteSignatureError, InvalidVersionError } from "../errors";
import { canonicalQuery, singleValuedParameters } from "./canonicalQuery";
import { constantTimeEqual, hmacWithSecret } from "./hmacWithSecret";
import { ACS3_ALGORITHM, parseAcs3Authorization } from "./parseAcs3Authorization";
import { percentEncode } from "./percentEncode";
import { API_VERSION, checkNonce, headerValue } from "./signingRules";
import type { RawRequest, SignedRequest } from "./types";

/** Headers an ACS3 request must carry and sign (reference 6b, 6c). */
const REQUIRED_HEADERS = [
  "host",
  "x-acs-action",
  "x-acs-content-sha256",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-version",
];

/** The request parts ACS3 signs (reference 6b); `query` holds decoded, single-valued parameters. */
export interface Acs3CanonicalInput {
  readonly method: string;
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  /** Lower-case names to received values, at least every name of `signedHeaders`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names, sorted. */
  readonly signedHeaders: readonly string[];
  readonly hashedPayload: string;
}

/** Lower-case hex SHA-256, the form of `x-acs-content-sha256` and of the CanonicalRequest hash. */
export function hexSha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The ACS3 CanonicalRequest: method, canonical URI (each path segment percent-encoded), canonical query, one
 * `name:trimmed value` line per signed header, an empty line, the SignedHeaders list and the hashed payload, joined
 * by `\n` (reference 6b; test-vectors 1.2 shows one in full).
 *
 * @throws MalformedRequestError when a parameter or path segment is not well-formed Unicode.
 */
export function acs3CanonicalRequest(input: Acs3CanonicalInput): string {
  const uri = input.path === "" ? "/" : input.path.split("/").map(percentEncode).join("/");
  const headerLines = input.signedHeaders.map((name) => `${name}:${(input.headers[name] ?? "").trim()}\n`);
  return [
    input.method,
    uri,
    canonicalQuery(input.query),
    headerLines.join(""),
    input.signedHeaders.join(";"),
    input.hashedPayload,
  ].join("\n");
}

/** Lower-case hex HMAC-SHA256, keyed with the secret alone, of `ACS3-HMAC-SHA256\n` + hex SHA-256(CanonicalRequest). */
function acs3Signature(canonicalRequest: string, secret: Uint8Array | string): string {
  return hmacWithSecret("sha256", secret, "", `${ACS3_ALGORITHM}\n${hexSha256(canonicalRequest)}`).toString(
    "hex",
  );
}

/** A request to sign with ACS3 on the client side. Header names may be in any case. */
export interface Acs3SigningInput {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Must already hold `x-acs-content-sha256` (see `hexSha256`) and the other headers of reference 6b. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Client side of ACS3-HMAC-SHA256: the `Authorization` header value for a request, signing `host`,
 * `content-type` and every `x-acs-*` header present, as the official SDKs do (reference 6b).
 *
 * @throws MalformedRequestError when a parameter is not well-formed Unicode.
 */
export function signAcs3(input: Acs3SigningInput, accessKeyId: string, secret: Uint8Array | string): string {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === "host" || name === "content-type" || name.startsWith("x-acs-"))
    .sort();
  const canonical = acs3CanonicalRequest({
    method: input.method,
    path: input.path,
    query: new Map(Object.entries(input.query)),
    headers,
    signedHeaders,
    hashedPayload: headers["x-acs-content-sha256"] ?? hexSha256(""),
  });
  const signature = acs3Signature(canonical, secret);
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`;
}

/**
 * Server side of ACS3-HMAC-SHA256 (reference 6c): parses the Authorization header, requires `host` and every
 * `x-acs-*` (and `content-type`) header to be signed, `x-acs-version` = 2016-01-20, and rebuilds the
 * CanonicalRequest from the decoded query and the received values of exactly the signed headers. `matches` also
 * requires `x-acs-content-sha256` to be the SHA-256 of the body. Skew, AccessKey and nonce are the caller's.
 *
 * @throws IncompleteSignatureError for a malformed Authorization header, a missing required or signed header, or
 *   an unsigned one; InvalidVersionError; InvalidParameterError for a repeated query parameter;
 *   AccessKeyNotFoundError for a malformed Credential; MalformedRequestError for ill-formed Unicode.
 */
export function readAcs3Request(request: RawRequest): SignedRequest {
  const authorization = parseAcs3Authorization(headerValue(request.headers, "authorization") ?? "");
  const signed = new Set(authorization.signedHeaders);
  for (const name of REQUIRED_HEADERS) {
    /* Precondition: an ACS3 request carries host and the x-acs-* headers of the scheme. */
    if (!headerValue(request.headers, name))
      throw new IncompleteSignatureError(`The ${name} header is missing.`);
  }
  for (const name of authorization.signedHeaders) {
    /* Precondition: every signed header is present. */
    if (headerValue(request.headers, name) === undefined) {
      throw new IncompleteSignatureError(`The signed header ${name} is missing.`);
    }
  }
  for (const name of Object.keys(request.headers)) {
    /* Precondition: host, content-type and every x-acs-* header are signed. */
    if ((name === "host" || name === "content-type" || name.startsWith("x-acs-")) && !signed.has(name)) {
      throw new IncompleteSignatureError(`The ${name} header is not signed.`);
    }
  }
  const version = headerValue(request.headers, "x-acs-version") as string;
  /* Precondition: ACS3 x-acs-version is 2016-01-20. */
  if (version !== API_VERSION) throw new InvalidVersionError(version);
  /* Precondition: security tokens are not supported. */
  if (signed.has("x-acs-security-token")) {
    throw new IncompleteSignatureError(
      "x-acs-security-token (STS) is not supported; sign with an AccessKey.",
    );
  }
  const query = singleValuedParameters([request.query]);
  const action = query.get("Action");
  /* Precondition: an Action parameter agrees with x-acs-action. */
  if (action !== undefined && action !== headerValue(request.headers, "x-acs-action")) {
    throw new IncompleteSignatureError("The Action parameter contradicts the x-acs-action header.");
  }
  const bodyHash = hexSha256(request.body);
  const canonical = acs3CanonicalRequest({
    ...request,
    query,
    signedHeaders: authorization.signedHeaders,
    hashedPayload: bodyHash,
  });
  const claimedHash = (headerValue(request.headers, "x-acs-content-sha256") as string).toLowerCase();
  return {
    scheme: "ACS3-HMAC-SHA256",
    accessKeyId: authorization.accessKeyId,
    timestamp: headerValue(request.headers, "x-acs-date") as string,
    nonce: checkNonce(headerValue(request.headers, "x-acs-signature-nonce"), "x-acs-signature-nonce"),
    matches: (secret) =>
      constantTimeEqual(bodyHash, claimedHash) &&
      constantTimeEqual(acs3Signature(canonical, secret), authorization.signature),
  };
}
