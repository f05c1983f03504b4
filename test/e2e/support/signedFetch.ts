/**
 * Hand-built signed requests over real HTTP (fetch), for what the official clients never send: a wrong secret, a
 * parameter changed after signing, a replayed request, a stale timestamp. Signed with Keyward's own client-side
 * signers (core/auth `signRpcV1`, `signAcs3`), which the unit tests check against the reference's vectors and the
 * official SDKs.
 */
import { randomBytes } from "node:crypto";
import { encodeQuery, hexSha256, rpcV1Parameters, signAcs3, signRpcV1 } from "../../../core/auth";

/** An AccessKey to sign with. */
export interface SigningKey {
  readonly accessKeyId: string;
  readonly secret: string;
}

/** How to sign (and then spoil) one request. */
export interface SigningOptions {
  readonly scheme?: "v1" | "acs3";
  /** The SignatureNonce; a fresh random one by default. */
  readonly nonce?: string;
  /** The signing time; now by default. */
  readonly at?: Date;
  /** The secret the signature is computed with, when it should not be the key's. */
  readonly signWith?: string;
  /** Changes the parameters after signing (the request is sent with these). */
  readonly tamper?: (params: Record<string, string>) => Record<string, string>;
}

/** A request ready to be sent, as many times as wanted (a replay sends the very same bytes). */
export interface PreparedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** An answer: the HTTP status and the JSON body. */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  readonly body: any;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the signing time format of both schemes. */
export function signingTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Signs `Action` with `params` for `baseUrl` (`http://127.0.0.1:<port>`): RPC v1 puts everything in the query
 * (as the npm 1.x client does), ACS3 puts the parameters in the query and Action, Version, date and nonce in
 * signed `x-acs-*` headers (as openapi-client does).
 */
export function prepareSigned(
  baseUrl: string,
  key: SigningKey,
  action: string,
  params: Readonly<Record<string, string>>,
  options: SigningOptions = {},
): PreparedRequest {
  const nonce = options.nonce ?? randomBytes(16).toString("hex");
  const timestamp = signingTime(options.at ?? new Date());
  const secret = options.signWith ?? key.secret;
  const tamper = options.tamper ?? ((p) => p);
  if (options.scheme === "acs3") {
    const headers = {
      host: new URL(baseUrl).host,
      "x-acs-action": action,
      "x-acs-version": "2016-01-20",
      "x-acs-date": timestamp,
      "x-acs-signature-nonce": nonce,
      "x-acs-content-sha256": hexSha256(""),
    };
    const authorization = signAcs3(
      { method: "POST", path: "/", query: params, headers },
      key.accessKeyId,
      secret,
    );
    const { host: _host, ...sent } = headers;
    return { url: `${baseUrl}/?${encodeQuery(tamper({ ...params }))}`, headers: { ...sent, authorization } };
  }
  const signed = rpcV1Parameters({ action, accessKeyId: key.accessKeyId, nonce, timestamp }, params);
  const signature = signRpcV1(signed, "POST", secret);
  return { url: `${baseUrl}/?${encodeQuery({ ...tamper(signed), Signature: signature })}`, headers: {} };
}

/** Sends a prepared request (POST, empty body) and reads its JSON answer. */
export async function send(request: PreparedRequest): Promise<Answer> {
  const response = await fetch(request.url, { method: "POST", headers: request.headers });
  return { status: response.status, body: await response.json() };
}

/** Signs and sends in one go. */
export function signedCall(
  baseUrl: string,
  key: SigningKey,
  action: string,
  params: Readonly<Record<string, string>> = {},
  options: SigningOptions = {},
): Promise<Answer> {
  return send(prepareSigned(baseUrl, key, action, params, options));
}
