import { IncompleteSignatureError } from "../errors";
import { checkAccessKeyId } from "./signingRules";

/** The signature algorithm name that opens an ACS3 `Authorization` header (reference 6b). */
export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

/** Most headers one request may sign. */
export const MAX_SIGNED_HEADERS = 64;

/** A lower-case HTTP header name (RFC 9110 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** The three parts of `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`. */
export interface Acs3Authorization {
  readonly accessKeyId: string;
  /** Lower-case header names, strictly ascending. */
  readonly signedHeaders: readonly string[];
  /** The 64 hex characters of the signature, lower-cased. */
  readonly signature: string;
}

/**
 * Parses an ACS3-HMAC-SHA256 `Authorization` header value (reference 6b): the algorithm, one space, then exactly
 * the fields `Credential`, `SignedHeaders` and `Signature` (any order, each once) separated by commas.
 * SignedHeaders must be lower-case, sorted and free of duplicates, as every signer writes them.
 *
 * @throws IncompleteSignatureError when the header does not have this form; AccessKeyNotFoundError when the
 *   Credential cannot be an AccessKey id.
 */
export function parseAcs3Authorization(value: string): Acs3Authorization {
  /* Precondition: the Authorization scheme is ACS3-HMAC-SHA256. */
  if (!value.startsWith(`${ACS3_ALGORITHM} `)) {
    throw new IncompleteSignatureError(`The Authorization header must use ${ACS3_ALGORITHM}.`);
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of value.slice(ACS3_ALGORITHM.length + 1).split(",")) {
    const equals = part.indexOf("=");
    const name = equals < 0 ? part.trim() : part.slice(0, equals).trim();
    const field = part.slice(equals + 1).trim();
    /* Precondition: the Authorization fields are Credential, SignedHeaders and Signature, each once. */
    if (equals >= 0 && name === "Credential" && credential === undefined) credential = field;
    else if (equals >= 0 && name === "SignedHeaders" && signedHeaders === undefined) signedHeaders = field;
    else if (equals >= 0 && name === "Signature" && signature === undefined) signature = field;
    else {
      throw new IncompleteSignatureError(
        "The Authorization header has a missing, repeated or unknown field.",
      );
    }
  }
  /* Precondition: the Authorization Signature is 64 hex characters. */
  if (signature === undefined || !HEX_SHA256.test(signature)) {
    throw new IncompleteSignatureError("The Authorization Signature must be 64 hexadecimal characters.");
  }
  return {
    accessKeyId: checkAccessKeyId(credential, "The Authorization Credential"),
    signedHeaders: parseSignedHeaders(signedHeaders),
    signature: signature.toLowerCase(),
  };
}

/**
 * The last SignedHeaders list parsed and its names (frozen). A client signs the same headers on every request, so
 * most requests skip the parse.
 */
let lastSignedHeaders: { readonly list: string; readonly names: readonly string[] } = { list: "", names: [] };

function parseSignedHeaders(list: string | undefined): readonly string[] {
  /* Precondition: SignedHeaders is present. */
  if (list === undefined || list === "") throw new IncompleteSignatureError("SignedHeaders is missing.");
  if (list === lastSignedHeaders.list) return lastSignedHeaders.names;
  const names = list.split(";");
  /* Precondition: SignedHeaders lists at most 64 names. */
  if (names.length > MAX_SIGNED_HEADERS) {
    throw new IncompleteSignatureError(`SignedHeaders lists more than ${MAX_SIGNED_HEADERS} headers.`);
  }
  names.forEach((name, i) => {
    /* Precondition: SignedHeaders are lower-case header names, strictly ascending. */
    if (!HEADER_NAME.test(name) || (i > 0 && (names[i - 1] as string) >= name)) {
      throw new IncompleteSignatureError(
        "SignedHeaders must be distinct lower-case header names in sorted order.",
      );
    }
  });
  lastSignedHeaders = { list, names: Object.freeze(names) };
  return lastSignedHeaders.names;
}
