/**
 * The shapes request authentication works on (DESIGN section 3, "Authentication").
 *
 * `RawRequest` and `Principal` are the contract with the HTTP layer (`functions/lib/`): it turns an API Gateway
 * event (or a local HTTP request) into a `RawRequest`, asks an `Authenticator` for the `Principal`, and from then on
 * trusts only the principal's account.
 */

/** An HTTP request as the authenticator sees it: decoded parameters, lower-cased header names, the body bytes. */
export interface RawRequest {
  /** The HTTP method as received (`POST`, `GET`). */
  readonly method: string;
  /**
   * The URL path the client used, percent-decoded (normally `/`). ACS3 signs it, so it must be the path before any
   * rewriting by a router (CloudFront's `/` → `/<Action>` mapping must hand the original path on).
   */
  readonly path: string;
  /** Query parameters, names and values percent-decoded, every value of a repeated name kept. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Parameters of an `application/x-www-form-urlencoded` body, decoded; empty when there is none. */
  readonly form: Readonly<Record<string, readonly string[]>>;
  /** Headers with lower-cased names; repeated headers already joined by the HTTP layer. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received (ACS3 signs its SHA-256). */
  readonly body: Uint8Array;
}

/** Who made an authenticated request: the account is the tenant of every key it touches. */
export interface Principal {
  readonly accountId: string;
  /** The AccessKey that signed the request; absent when another mechanism (API Gateway IAM) authenticated it. */
  readonly accessKeyId?: string;
}

/** Authenticates a request or throws an `AuthenticationError` (or a parameter error) saying why not. */
export interface Authenticator {
  authenticate(request: RawRequest): Promise<Principal>;
}

/** What the AccessKey store knows about one AccessKey. The secret is never logged nor put into an error. */
export interface AccessKeySecretRecord {
  readonly accountId: string;
  /** The AccessKeySecret; a string is read as UTF-8. The authenticator never modifies nor keeps it. */
  readonly secret: Uint8Array | string;
  readonly enabled: boolean;
}

/** Finds an AccessKey by its id; `undefined` when there is no such key. */
export type AccessKeyLookup = (accessKeyId: string) => Promise<AccessKeySecretRecord | undefined>;

/**
 * Single-use signature nonces (DESIGN section 3): `claim` records the nonce of an AccessKey until
 * `expiresAtEpochSeconds`, and throws `SignatureNonceUsedError` when it is already recorded and not yet expired.
 * Implemented in memory by `InMemoryNonceCache` and with a conditional write plus TTL by the DynamoDB store.
 */
export interface NonceStore {
  claim(accessKeyId: string, nonce: string, expiresAtEpochSeconds: number): Promise<void>;
}

/** The two signing schemes Keyward accepts (reference section 6). */
export type SignatureScheme = "RPC-V1" | "ACS3-HMAC-SHA256";

/**
 * A request whose signature pieces were read and checked for form, ready to be checked against a secret.
 * Produced by `readRpcV1Request` and `readAcs3Request`.
 */
export interface SignedRequest {
  readonly scheme: SignatureScheme;
  readonly accessKeyId: string;
  /** The signing time as sent (`Timestamp` or `x-acs-date`), not yet parsed. */
  readonly timestamp: string;
  /** The single-use nonce (`SignatureNonce` or `x-acs-signature-nonce`). */
  readonly nonce: string;
  /** Whether `secret` produced the request's signature; compares in constant time. Does not keep the secret. */
  matches(secret: Uint8Array | string): boolean;
}
