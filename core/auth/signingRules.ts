import { AccessKeyNotFoundError, IncompleteSignatureError } from "../errors";

/** The only API version Keyward speaks (reference section 1). */
export const API_VERSION = "2016-01-20";

/** Longest accepted signature nonce; the SDKs send 32 (rpc-client) or 64 (openapi) hex characters. */
export const MAX_NONCE_LENGTH = 128;

/** Longest accepted AccessKey id. */
export const MAX_ACCESS_KEY_ID_LENGTH = 128;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The value of a header (names are lower case in a RawRequest), or undefined. Reads own properties only, so a
 * name such as `constructor` or `__proto__` taken from a request never reaches `Object.prototype`.
 */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (!Object.hasOwn(headers, name)) return undefined;
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Checks the form of an AccessKey id before it is looked up: printable ASCII, at most 128 characters.
 *
 * @throws IncompleteSignatureError when the id is missing; AccessKeyNotFoundError when no AccessKey can have it.
 */
export function checkAccessKeyId(accessKeyId: string | undefined, name: string): string {
  /* Precondition: the request names its AccessKey. */
  if (accessKeyId === undefined || accessKeyId === "") {
    throw new IncompleteSignatureError(`${name} is missing.`);
  }
  /* Precondition: an AccessKey id is at most 128 printable ASCII characters. */
  if (accessKeyId.length > MAX_ACCESS_KEY_ID_LENGTH || !PRINTABLE_ASCII.test(accessKeyId)) {
    throw new AccessKeyNotFoundError();
  }
  return accessKeyId;
}

/**
 * Checks that a signature nonce is present and at most 128 printable ASCII characters.
 *
 * @throws IncompleteSignatureError otherwise.
 */
export function checkNonce(nonce: string | undefined, name: string): string {
  /* Precondition: the request carries a signature nonce. */
  if (nonce === undefined || nonce === "") {
    throw new IncompleteSignatureError(`${name} is missing.`);
  }
  /* Precondition: a signature nonce is at most 128 printable ASCII characters. */
  if (nonce.length > MAX_NONCE_LENGTH || !PRINTABLE_ASCII.test(nonce)) {
    throw new IncompleteSignatureError(
      `${name} must be 1 to ${MAX_NONCE_LENGTH} printable ASCII characters.`,
    );
  }
  return nonce;
}
