import { acs3CanonicalRequest, acs3Signature, hexSha256 } from "./acs3";
import { ACS3_ALGORITHM } from "./parseAcs3Authorization";

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
