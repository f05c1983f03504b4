import { hash } from "node:crypto";
import { canonicalQuery } from "./canonicalQuery";
import { hmacWithSecret } from "./hmacWithSecret";
import { ACS3_ALGORITHM } from "./parseAcs3Authorization";
import { percentEncode } from "./percentEncode";

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
  return hash("sha256", data, "hex");
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

/**
 * The ACS3 signature of a CanonicalRequest: lower-case hex HMAC-SHA256, keyed with the AccessKeySecret alone (no
 * `&`), of `ACS3-HMAC-SHA256\n` + hex SHA-256(CanonicalRequest) (reference 6b).
 */
export function acs3Signature(canonicalRequest: string, secret: Uint8Array | string): string {
  return hmacWithSecret("sha256", secret, "", `${ACS3_ALGORITHM}\n${hexSha256(canonicalRequest)}`).toString(
    "hex",
  );
}
