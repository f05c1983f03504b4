import { IncompleteSignatureError, InvalidVersionError } from "../errors";
import { type Acs3CanonicalInput, acs3CanonicalRequest, acs3Signature, hexSha256 } from "./acs3";
import { singleValuedParameters } from "./canonicalQuery";
import { constantTimeEqual } from "./hmacWithSecret";
import { parseAcs3Authorization } from "./parseAcs3Authorization";
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

/** How the request reached us, when a trusted proxy changed what the client signed. */
export interface Acs3ReadOptions {
  /**
   * The name (lower case) of a header carrying the Host the client signed, set by a trusted proxy that overwrites
   * any client value (a CloudFront viewer-request function in front of API Gateway, whose origin request must carry
   * API Gateway's own Host). When the header is present its value stands for `host`.
   */
  readonly signedHostHeader?: string;
}

/**
 * Server side of ACS3-HMAC-SHA256 (reference 6c): parses the Authorization header, requires `host` and every
 * `x-acs-*` (and `content-type`) header to be signed, `x-acs-version` = 2016-01-20, and rebuilds the
 * CanonicalRequest from the decoded query and the received values of exactly the signed headers. `matches` also
 * requires `x-acs-content-sha256` to be the SHA-256 of the body. A request received at `/<x-acs-action>` also
 * matches when the client signed `/` (the router's mapping of `POST /` to the per-operation route, DESIGN 10).
 * Skew, AccessKey and nonce are the caller's.
 *
 * @throws IncompleteSignatureError for a malformed Authorization header, a missing required or signed header, or
 *   an unsigned one; InvalidVersionError; InvalidParameterError for a repeated query parameter;
 *   AccessKeyNotFoundError for a malformed Credential; MalformedRequestError for ill-formed Unicode.
 */
export function readAcs3Request(request: RawRequest, options: Acs3ReadOptions = {}): SignedRequest {
  const headers = withSignedHost(request.headers, options.signedHostHeader);
  const authorization = parseAcs3Authorization(headerValue(headers, "authorization") ?? "");
  const signed = authorization.signedHeaders;
  for (const name of REQUIRED_HEADERS) {
    /* Precondition: an ACS3 request carries host and the x-acs-* headers of the scheme. */
    if (!headerValue(headers, name)) throw new IncompleteSignatureError(`The ${name} header is missing.`);
  }
  for (const name of authorization.signedHeaders) {
    /* Precondition: every signed header is present. */
    if (headerValue(headers, name) === undefined) {
      throw new IncompleteSignatureError(`The signed header ${name} is missing.`);
    }
  }
  for (const name in headers) {
    /* Precondition: host, content-type and every x-acs-* header are signed. */
    if ((name === "host" || name === "content-type" || name.startsWith("x-acs-")) && !signed.includes(name)) {
      throw new IncompleteSignatureError(`The ${name} header is not signed.`);
    }
  }
  const version = headerValue(headers, "x-acs-version") as string;
  /* Precondition: ACS3 x-acs-version is 2016-01-20. */
  if (version !== API_VERSION) throw new InvalidVersionError(version);
  /* Precondition: security tokens are not supported. */
  if (signed.includes("x-acs-security-token")) {
    throw new IncompleteSignatureError(
      "x-acs-security-token (STS) is not supported; sign with an AccessKey.",
    );
  }
  const action = headerValue(headers, "x-acs-action") as string;
  const query = singleValuedParameters([request.query]);
  /* Precondition: an Action parameter agrees with x-acs-action. */
  if (query.has("Action") && query.get("Action") !== action) {
    throw new IncompleteSignatureError("The Action parameter contradicts the x-acs-action header.");
  }
  const bodyHash = request.body.byteLength === 0 ? EMPTY_BODY_SHA256 : hexSha256(request.body);
  const canonical: Acs3CanonicalInput = {
    method: request.method,
    path: request.path,
    query,
    headers,
    signedHeaders: signed,
    hashedPayload: bodyHash,
  };
  const received = acs3CanonicalRequest(canonical);
  // The router's "/" (same query and headers, so it cannot fail where the first did not) is built only when needed.
  const routed = request.path === `/${action}`;
  const claimedHash = (headerValue(headers, "x-acs-content-sha256") as string).toLowerCase();
  return {
    scheme: "ACS3-HMAC-SHA256",
    accessKeyId: authorization.accessKeyId,
    timestamp: headerValue(headers, "x-acs-date") as string,
    nonce: checkNonce(headerValue(headers, "x-acs-signature-nonce"), "x-acs-signature-nonce"),
    matches: (secret) =>
      constantTimeEqual(bodyHash, claimedHash) &&
      (constantTimeEqual(acs3Signature(received, secret), authorization.signature) ||
        (routed &&
          constantTimeEqual(
            acs3Signature(acs3CanonicalRequest({ ...canonical, path: "/" }), secret),
            authorization.signature,
          ))),
  };
}

/** The SHA-256 of an empty body, the payload hash of every request the SDKs send (reference 6b). */
const EMPTY_BODY_SHA256 = hexSha256("");

/** The headers with `host` replaced by the proxy-supplied signed host, when configured and present. */
function withSignedHost(
  headers: Readonly<Record<string, string>>,
  signedHostHeader: string | undefined,
): Readonly<Record<string, string>> {
  const signedHost = signedHostHeader === undefined ? undefined : headerValue(headers, signedHostHeader);
  if (signedHost === undefined) return headers;
  const replaced: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) replaced[name] = value;
  replaced.host = signedHost;
  return replaced;
}
