/**
 * The KmsError hierarchy: every failure Keyward reports to a caller is one of these.
 *
 * Each error carries the Alibaba Cloud KMS error `code` (API 2016-01-20, see the reference's error table), the HTTP
 * status it travels with, and a message that is safe to show to the caller. The `cause` is kept for logs and never
 * echoed. Nothing secret (plaintext, key material, signatures) may go into a message or a cause.
 */
export class KmsError extends Error {
  /** The Alibaba error code, for example `Forbidden.KeyNotFound`. */
  readonly code: string;
  /** The HTTP status the error is answered with. */
  readonly httpStatus: number;

  constructor(code: string, httpStatus: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** 400 `InvalidParameter`: a parameter is present but its value is not acceptable. */
export class InvalidParameterError extends KmsError {
  /** The name of the offending parameter, as the caller spelled it. */
  readonly parameter: string;

  constructor(parameter: string, detail?: string, options?: { cause?: unknown }) {
    super(
      "InvalidParameter",
      400,
      `The specified parameter "${parameter}" is not valid.${detail ? ` ${detail}` : ""}`,
      options,
    );
    this.parameter = parameter;
  }
}

/** 400 `MissingParameter`: a required parameter is absent or empty. */
export class MissingParameterError extends KmsError {
  readonly parameter: string;

  constructor(parameter: string) {
    super("MissingParameter", 400, `The parameter "${parameter}" is needed but not provided.`);
    this.parameter = parameter;
  }
}

/** 400 `ParseRequestParameterException`: the request itself (body, encoding) cannot be parsed. */
export class MalformedRequestError extends KmsError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("ParseRequestParameterException", 400, `The request could not be parsed: ${detail}`, options);
  }
}

/** 404 `InvalidAction.NotFound`: the Action names no operation of this API. */
export class UnknownActionError extends KmsError {
  constructor(action: string) {
    super("InvalidAction.NotFound", 404, `The specified action "${action}" is not found.`);
  }
}

/** 400 `InvalidVersion`: the Version parameter is not `2016-01-20`. */
export class InvalidVersionError extends KmsError {
  constructor(version: string) {
    super("InvalidVersion", 400, `The specified API version "${version}" is not supported; use 2016-01-20.`);
  }
}

/** 404 `Forbidden.KeyNotFound`: no such key in the caller's account (another account's key looks the same). */
export class KeyNotFoundError extends KmsError {
  constructor(options?: { cause?: unknown }) {
    super("Forbidden.KeyNotFound", 404, "The specified Key is not found.", options);
  }
}

/** 404 `Forbidden.KeyVersionNotFound`: the key exists but has no such version. */
export class KeyVersionNotFoundError extends KmsError {
  constructor() {
    super("Forbidden.KeyVersionNotFound", 404, "The specified Key version is not found.");
  }
}

/** 404 `Forbidden.AliasNotFound`: no such alias in the caller's account. */
export class AliasNotFoundError extends KmsError {
  constructor() {
    super("Forbidden.AliasNotFound", 404, "The specified Alias is not found.");
  }
}

/** 400 `AliasAlreadyExists`: CreateAlias with a name the account already uses. */
export class AliasAlreadyExistsError extends KmsError {
  constructor() {
    super("AliasAlreadyExists", 400, "AliasName Already Exists.");
  }
}

/**
 * 409 `Rejected.<State>`: the operation needs the key `Enabled` (or another state) and it is not.
 * The code names the key's current state, as the reference's state table says.
 */
export class KeyStateRejectedError extends KmsError {
  constructor(state: string) {
    super(`Rejected.${state}`, 409, `The request was rejected because the key state is ${state}.`);
  }
}

/** 409 `Rejected.StateModifiedFailed`: the requested transition is not allowed from the key's state. */
export class StateModifiedFailedError extends KmsError {
  constructor(detail?: string) {
    super("Rejected.StateModifiedFailed", 409, `Keystate modified failed.${detail ? ` ${detail}` : ""}`);
  }
}

/**
 * 409 `Rejected.ConcurrentModification`: another request changed the same key between our read and our write,
 * more times than a retry could absorb. Nothing was changed by this request.
 */
export class ConcurrentModificationError extends KmsError {
  constructor(options?: { cause?: unknown }) {
    super(
      "Rejected.ConcurrentModification",
      409,
      "The resource was modified by another request at the same time; nothing was changed. Retry the request.",
      options,
    );
  }
}

/** 400 `Rejected.LimitExceeded`: a quota (versions per key, tags per key, ...) would be exceeded. */
export class LimitExceededError extends KmsError {
  constructor(detail: string) {
    super("Rejected.LimitExceeded", 400, `The request exceeds a limit: ${detail}`);
  }
}

/** 400 `UnsupportedOperation`: the operation does not apply to this kind of key (for example Encrypt with an RSA key). */
export class UnsupportedOperationError extends KmsError {
  constructor(detail: string) {
    super("UnsupportedOperation", 400, `This action is not supported. ${detail}`);
  }
}

/** 400 `Rejected.UnsupportedOperation`: the protection level or the HSM cannot serve the request. */
export class RejectedUnsupportedOperationError extends KmsError {
  constructor(detail: string) {
    super("Rejected.UnsupportedOperation", 400, `Unsupported operation. ${detail}`);
  }
}

/** 403 `Forbidden.NoPermission`: the caller may not do this (for example change a service key). */
export class NoPermissionError extends KmsError {
  constructor(detail: string) {
    super("Forbidden.NoPermission", 403, `This operation is forbidden by permission system. ${detail}`);
  }
}

/**
 * 400 `InvalidCiphertext`: a ciphertext that is malformed, fails authentication, or comes with the wrong
 * EncryptionContext. The original service leaves this case undocumented (DESIGN section 3).
 */
export class InvalidCiphertextError extends KmsError {
  constructor(options?: { cause?: unknown }) {
    super(
      "InvalidCiphertext",
      400,
      "The ciphertext is malformed, was tampered with, or the EncryptionContext does not match.",
      options,
    );
  }
}

/** 412 `DryRunOperation`: a DryRun request that would have succeeded (the SDKs show it as DryRunOperationError). */
export class DryRunOperationError extends KmsError {
  constructor() {
    super("DryRunOperation", 412, "The request would have succeeded, but DryRun was set.");
  }
}

/** Authentication failures (request signing, AccessKeys, timestamps, nonces). */
export class AuthenticationError extends KmsError {}

/** 400 `IncompleteSignature`: the signature or its parameters are missing or malformed. */
export class IncompleteSignatureError extends AuthenticationError {
  constructor(detail: string) {
    super(
      "IncompleteSignature",
      400,
      `The request signature does not conform to Aliyun standards. ${detail}`,
    );
  }
}

/** 400 `SignatureDoesNotMatch`: the signature does not match the request. */
export class SignatureDoesNotMatchError extends AuthenticationError {
  constructor() {
    super(
      "SignatureDoesNotMatch",
      400,
      "Specified signature is not matched with our calculation. Check your AccessKeySecret and signing method.",
    );
  }
}

/** 404 `InvalidAccessKeyId.NotFound`: no such AccessKey. */
export class AccessKeyNotFoundError extends AuthenticationError {
  constructor() {
    super("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
  }
}

/** 403 `Forbidden.AccessKey`: the AccessKey exists but is disabled. */
export class AccessKeyDisabledError extends AuthenticationError {
  constructor() {
    super("Forbidden.AccessKey", 403, "The specified access key is disabled.");
  }
}

/** 400 `IllegalTimestamp`: the timestamp is missing, malformed, or more than 15 minutes off. */
export class IllegalTimestampError extends AuthenticationError {
  constructor(detail: string) {
    super("IllegalTimestamp", 400, `The input parameter "Timestamp" is not valid. ${detail}`);
  }
}

/** 400 `SignatureNonceUsed`: the SignatureNonce was already used. */
export class SignatureNonceUsedError extends AuthenticationError {
  constructor() {
    super("SignatureNonceUsed", 400, "The request signature nonce has been used.");
  }
}

/** 500 `InternalFailure`: anything unexpected. The cause is logged, never shown. */
export class InternalFailureError extends KmsError {
  constructor(options?: { cause?: unknown }) {
    super("InternalFailure", 500, "Internal Failure.", options);
  }
}

/** 503 `ServiceUnavailableTemporary`: a dependency (the store, the HSM) cannot be reached right now. */
export class ServiceUnavailableError extends KmsError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("ServiceUnavailableTemporary", 503, `The service is temporarily unavailable: ${detail}`, options);
  }
}

/** Whether `error` is a KmsError (across module copies, by duck-typing the fields the mapper needs). */
export function isKmsError(error: unknown): error is KmsError {
  return error instanceof KmsError;
}

/**
 * 500 `InternalFailure` raised by the crypto layer for a fault of the server, not of the request: a key of the
 * wrong length handed to a cipher, a root keyring that does not parse, a stored key material whose root key is not
 * in the keyring or that does not unwrap (tampered, or bound to another identity). The caller sees only
 * "Internal Failure."; `reason` says what broke, for the logs, and never holds key material or plaintext.
 */
export class InternalCryptoError extends InternalFailureError {
  /** What went wrong, safe to log. */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(options);
    this.reason = reason;
  }
}

/**
 * 501 `NotImplemented`: the Action is one Keyward declares (functions/operations.ts) but whose handler this build
 * does not contain yet. Only the local server answers it; a deployed stack has a function for every route.
 */
export class NotImplementedError extends KmsError {
  constructor(action: string) {
    super("NotImplemented", 501, `The action "${action}" is not implemented by this Keyward build.`);
  }
}

/** 403 `UnsupportedHTTPMethod`: the API accepts only POST and GET (reference sections 1 and 5). */
export class UnsupportedHttpMethodError extends KmsError {
  constructor(method: string) {
    super("UnsupportedHTTPMethod", 403, `The HTTP method "${method}" is not supported; use POST or GET.`);
  }
}
