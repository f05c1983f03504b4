import { randomBytes } from "node:crypto";
import { API_VERSION, encodeQuery, hexSha256, signAcs3 } from "../../core/auth";

/** The AccessKey a benchmark signs with. */
export interface BenchAccessKey {
  readonly accessKeyId: string;
  readonly secret: string;
}

/** One request as it goes on the wire: the path with its query string and every header, signed. */
export interface SignedHttpRequest {
  readonly method: "POST";
  /** `/?<query>`, the query strictly percent-encoded as the SDKs send it. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

const EMPTY_BODY_SHA256 = hexSha256("");

/** `yyyy-MM-ddTHH:mm:ssZ` of a date (the ACS3 `x-acs-date` form). */
function acsDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Signs `count` requests of one Action the way the current official SDKs send them (reference section 6b:
 * ACS3-HMAC-SHA256, `POST /?<API params>`, no body), each with its own 64-hex-character `x-acs-signature-nonce`,
 * since the server refuses a nonce it has seen. Signing happens here, before a measurement starts, so the load
 * generator spends nothing on it while the server is measured.
 */
export function signRequests(
  action: string,
  params: Readonly<Record<string, string>>,
  key: BenchAccessKey,
  host: string,
  count: number,
  now: Date = new Date(),
): SignedHttpRequest[] {
  const query = encodeQuery(params);
  const date = acsDate(now);
  const requests: SignedHttpRequest[] = [];
  for (let i = 0; i < count; i++) {
    const headers: Record<string, string> = {
      host,
      "x-acs-action": action,
      "x-acs-version": API_VERSION,
      "x-acs-date": date,
      "x-acs-signature-nonce": randomBytes(32).toString("hex"),
      "x-acs-content-sha256": EMPTY_BODY_SHA256,
    };
    headers.authorization = signAcs3(
      { method: "POST", path: "/", query: params, headers },
      key.accessKeyId,
      key.secret,
    );
    headers.accept = "application/json";
    requests.push({ method: "POST", path: query === "" ? "/" : `/?${query}`, headers });
  }
  return requests;
}
