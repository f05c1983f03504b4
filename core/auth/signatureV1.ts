import { IncompleteSignatureError, InvalidVersionError, MissingParameterError } from "../errors";
import { canonicalQuery, singleValuedParameters } from "./canonicalQuery";
import { constantTimeEqual, hmacWithSecret } from "./hmacWithSecret";
import { percentEncode } from "./percentEncode";
import { API_VERSION, checkAccessKeyId, checkNonce, headerValue } from "./signingRules";
import type { RawRequest, SignedRequest } from "./types";

/** The `SignatureMethod` of RPC signature v1 (reference 6a). */
export const RPC_V1_SIGNATURE_METHOD = "HMAC-SHA1";
/** The `SignatureVersion` of RPC signature v1 (reference 6a). */
export const RPC_V1_SIGNATURE_VERSION = "1.0";

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/**
 * The RPC v1 StringToSign: `METHOD & %2F & percentEncode(CanonicalizedQueryString)`, the canonical query built
 * from every parameter except `Signature` (reference 6a).
 *
 * @throws MalformedRequestError when a name or value is not well-formed Unicode.
 */
export function rpcV1StringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const signed = new Map(params);
  signed.delete("Signature");
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalQuery(signed))}`;
}

/** Base64 HMAC-SHA1 of a StringToSign keyed with `secret + "&"` (reference 6a). */
function rpcV1Signature(stringToSign: string, secret: Uint8Array | string): string {
  return hmacWithSecret("sha1", secret, "&", stringToSign).toString("base64");
}

/**
 * Client side of RPC signature v1: the `Signature` value for `params` (all parameters the request will carry,
 * query and form together; a `Signature` entry is ignored) sent with `method`. Adds nothing: the caller supplies
 * AccessKeyId, Timestamp, SignatureNonce and the rest. The doc example of reference 6d signs without a nonce; the
 * verifier refuses such a request.
 *
 * @throws MalformedRequestError when a name or value is not well-formed Unicode.
 */
export function signRpcV1(
  params: Readonly<Record<string, string>>,
  method: string,
  secret: Uint8Array | string,
): string {
  return rpcV1Signature(rpcV1StringToSign(method, new Map(Object.entries(params))), secret);
}

/** What a client names in the common parameters of an RPC v1 request (reference 6a). */
export interface RpcV1Caller {
  readonly action: string;
  readonly accessKeyId: string;
  readonly nonce: string;
  /** `yyyy-MM-ddTHH:mm:ssZ` */
  readonly timestamp: string;
}

/**
 * Client side of RPC signature v1: the common parameters every request carries (Action, Version, Format JSON,
 * AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp), in the order the SDKs write them,
 * followed by `params`. Sign the result with `signRpcV1`.
 */
export function rpcV1Parameters(
  caller: RpcV1Caller,
  params: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    Action: caller.action,
    Version: API_VERSION,
    Format: "json",
    AccessKeyId: caller.accessKeyId,
    SignatureMethod: RPC_V1_SIGNATURE_METHOD,
    SignatureVersion: RPC_V1_SIGNATURE_VERSION,
    SignatureNonce: caller.nonce,
    Timestamp: caller.timestamp,
    ...params,
  };
}

/**
 * Whether `signature` is the RPC v1 signature of `params` (a `Signature` entry is ignored) sent with `method`,
 * compared in constant time. Only the signature: the other checks of a request are `readRpcV1Request`'s.
 *
 * @throws MalformedRequestError when a name or value is not well-formed Unicode.
 */
export function verifyRpcV1Signature(
  method: string,
  params: ReadonlyMap<string, string>,
  signature: string,
  secret: Uint8Array | string,
): boolean {
  return constantTimeEqual(rpcV1Signature(rpcV1StringToSign(method, params), secret), signature);
}

/**
 * Server side of RPC signature v1 (reference 6c): reads and checks the signature parameters of a request whose
 * parameters (query ∪ form body) carry a `Signature`. Timestamp skew, the AccessKey and the nonce are checked by the
 * caller (`createRequestAuthenticator`); `matches` then compares the signature in constant time.
 *
 * @throws InvalidParameterError for a parameter given more than once; IncompleteSignatureError when a signature
 *   piece is missing or wrong, the path or an `x-acs-action`/`x-acs-version` header contradicts the signed
 *   parameters, or a non-form body would go unsigned; MissingParameterError for a missing Action or Version; InvalidVersionError;
 *   AccessKeyNotFoundError for a malformed AccessKeyId; MalformedRequestError for ill-formed Unicode.
 */
export function readRpcV1Request(request: RawRequest): SignedRequest {
  const params = singleValuedParameters([request.query, request.form]);
  const signature = params.get("Signature");
  /* Precondition: a v1 request carries a Signature. */
  if (signature === undefined || signature === "")
    throw new IncompleteSignatureError("Signature is missing.");
  /* Precondition: v1 SignatureMethod is HMAC-SHA1. */
  if (params.get("SignatureMethod") !== RPC_V1_SIGNATURE_METHOD) {
    throw new IncompleteSignatureError(`SignatureMethod must be ${RPC_V1_SIGNATURE_METHOD}.`);
  }
  /* Precondition: v1 SignatureVersion is 1.0. */
  if (params.get("SignatureVersion") !== RPC_V1_SIGNATURE_VERSION) {
    throw new IncompleteSignatureError(`SignatureVersion must be ${RPC_V1_SIGNATURE_VERSION}.`);
  }
  /* Precondition: security tokens are not supported. */
  if (params.has("SecurityToken")) {
    throw new IncompleteSignatureError("SecurityToken (STS) is not supported; sign with an AccessKey.");
  }
  const accessKeyId = checkAccessKeyId(params.get("AccessKeyId"), "AccessKeyId");
  const nonce = checkNonce(params.get("SignatureNonce"), "SignatureNonce");
  checkActionAndVersion(request, params);
  /* Precondition: a v1 body is a signed form body or nothing. */
  const mediaType = headerValue(request.headers, "content-type")?.split(";")[0]?.trim().toLowerCase();
  if (request.body.byteLength > 0 && mediaType !== FORM_MEDIA_TYPE) {
    throw new IncompleteSignatureError("RPC signature v1 covers only a form-encoded body.");
  }
  const stringToSign = rpcV1StringToSign(request.method, params);
  return {
    scheme: "RPC-V1",
    accessKeyId,
    timestamp: params.get("Timestamp") ?? "",
    nonce,
    matches: (secret) => constantTimeEqual(rpcV1Signature(stringToSign, secret), signature),
  };
}

/**
 * v1 signs neither the path (always `%2F`) nor the `x-acs-action`/`x-acs-version` headers the npm 1.x client also
 * sends: none of them may name another operation or version than the signed parameters (a per-operation route
 * `/<Action>` must be the signed Action's).
 */
function checkActionAndVersion(request: RawRequest, params: ReadonlyMap<string, string>): void {
  const action = params.get("Action");
  /* Precondition: v1 names its Action. */
  if (action === undefined || action === "") throw new MissingParameterError("Action");
  const version = params.get("Version");
  /* Precondition: v1 Version is 2016-01-20. */
  if (version === undefined || version === "") throw new MissingParameterError("Version");
  if (version !== API_VERSION) throw new InvalidVersionError(version);
  /* Precondition: the unsigned path of a v1 request is / or /<Action>. */
  if (request.path !== "/" && request.path !== "" && request.path !== `/${action}`) {
    throw new IncompleteSignatureError("The request path names another operation than the signed Action.");
  }
  /* Precondition: unsigned x-acs-action and x-acs-version headers agree with the signed parameters. */
  const headerAction = headerValue(request.headers, "x-acs-action");
  const headerVersion = headerValue(request.headers, "x-acs-version");
  if ((headerAction !== undefined && headerAction !== action) || (headerVersion ?? version) !== version) {
    throw new IncompleteSignatureError(
      "The x-acs-action/x-acs-version headers contradict the signed parameters.",
    );
  }
}
