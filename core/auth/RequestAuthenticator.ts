import {
  AccessKeyDisabledError,
  AccessKeyNotFoundError,
  IncompleteSignatureError,
  InvalidParameterError,
  SignatureDoesNotMatchError,
} from "../errors";
import { checkTimestamp } from "./checkTimestamp";
import { readAcs3Request } from "./readAcs3Request";
import { readRpcV1Request } from "./signatureV1";
import { headerValue } from "./signingRules";
import type { AccessKeyLookup, Authenticator, NonceStore, RawRequest, SignedRequest } from "./types";

/** What `createRequestAuthenticator` needs; checked once, at construction. */
export interface RequestAuthenticatorOptions {
  /** Finds an AccessKey's account, secret and state. */
  readonly lookupAccessKey: AccessKeyLookup;
  /** Where signature nonces are claimed (InMemoryNonceCache or the DynamoDB store). */
  readonly nonces: NonceStore;
  /** The server's time. */
  readonly clock: () => Date;
  /** Largest accepted distance between the request timestamp and the clock; default 900 (15 minutes). */
  readonly maxSkewSeconds?: number;
  /**
   * ACS3 behind a proxy that must rewrite `Host`: the lower-case name of the header in which the proxy passes on
   * the Host the client signed (see `Acs3ReadOptions`). Not `host`, `authorization`, `content-type` nor `x-acs-*`.
   */
  readonly signedHostHeader?: string;
}

/** The default skew window: 15 minutes, as Alibaba's gateway allows (reference 6c). */
export const DEFAULT_MAX_SKEW_SECONDS = 900;

/**
 * Builds the `Authenticator` of DESIGN section 3: it accepts requests signed with RPC signature v1 (a `Signature`
 * parameter) or ACS3-HMAC-SHA256 (an `Authorization` header) and answers the signing AccessKey's account.
 *
 * Order of checks: the form of the signature pieces, the timestamp (at most `maxSkewSeconds` away), the AccessKey
 * (known, enabled), the signature (constant-time), and last the nonce, so a forged request cannot use up a nonce.
 *
 * @throws InvalidParameterError at construction when `maxSkewSeconds` is not a positive integer or
 *   `signedHostHeader` is not an acceptable header name.
 *   `authenticate` throws IncompleteSignatureError (unsigned request, both schemes at once, a missing or malformed
 *   piece), IllegalTimestampError, AccessKeyNotFoundError, AccessKeyDisabledError, SignatureDoesNotMatchError,
 *   SignatureNonceUsedError, and the parameter errors of `readRpcV1Request`/`readAcs3Request`; errors of the lookup
 *   and of the nonce store pass through.
 */
export function createRequestAuthenticator(options: RequestAuthenticatorOptions): Authenticator {
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  /* Precondition: maxSkewSeconds is a positive integer. */
  if (!Number.isSafeInteger(maxSkewSeconds) || maxSkewSeconds < 1) {
    throw new InvalidParameterError("maxSkewSeconds", "It must be a positive integer.");
  }
  const { lookupAccessKey, nonces, clock, signedHostHeader } = options;
  /* Precondition: signedHostHeader is a lower-case header name outside the signed ones. */
  if (
    signedHostHeader !== undefined &&
    (!/^[a-z0-9-]+$/.test(signedHostHeader) ||
      ["host", "authorization", "content-type"].includes(signedHostHeader) ||
      signedHostHeader.startsWith("x-acs-"))
  ) {
    throw new InvalidParameterError(
      "signedHostHeader",
      "It must be a lower-case header name outside the signed ones.",
    );
  }

  return {
    async authenticate(request) {
      const signed = readSignedRequest(request, signedHostHeader);
      const issuedAt = checkTimestamp(signed.timestamp, clock(), maxSkewSeconds);
      const accessKey = await lookupAccessKey(signed.accessKeyId);
      /* Precondition: the AccessKey exists. */
      if (accessKey === undefined) throw new AccessKeyNotFoundError();
      /* Precondition: the AccessKey is enabled. */
      if (!accessKey.enabled) throw new AccessKeyDisabledError();
      /* Precondition: the signature matches the request. */
      if (!signed.matches(accessKey.secret)) throw new SignatureDoesNotMatchError();
      // A replay within the window is refused here; after it, the timestamp check refuses it.
      await nonces.claim(signed.accessKeyId, signed.nonce, issuedAt + maxSkewSeconds + 1);
      return { accountId: accessKey.accountId, accessKeyId: signed.accessKeyId };
    },
  };
}

/**
 * Chooses the scheme: an `Authorization` header means ACS3, a `Signature` parameter means RPC v1. The npm 1.x
 * client sends `x-acs-action`/`x-acs-version` with v1 too, so those headers decide nothing.
 */
function readSignedRequest(request: RawRequest, signedHostHeader: string | undefined): SignedRequest {
  const hasAuthorization = headerValue(request.headers, "authorization") !== undefined;
  const hasSignature = Object.hasOwn(request.query, "Signature") || Object.hasOwn(request.form, "Signature");
  /* Precondition: a request is signed. */
  if (!hasAuthorization && !hasSignature) throw new IncompleteSignatureError("The request is not signed.");
  /* Precondition: a request is signed with one scheme only. */
  if (hasAuthorization && hasSignature) {
    throw new IncompleteSignatureError("Sign with either an Authorization header or a Signature parameter.");
  }
  return hasAuthorization ? readAcs3Request(request, { signedHostHeader }) : readRpcV1Request(request);
}
