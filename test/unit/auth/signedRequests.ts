/**
 * Test helpers: build RawRequests signed with RPC v1 or ACS3 using the module's own client-side signers, and an
 * authenticator over an in-memory AccessKey table with a settable clock.
 */
import { hexSha256, rpcV1Parameters, signAcs3, signRpcV1 } from "../../../core/auth";
import { InMemoryNonceCache } from "../../../core/auth/InMemoryNonceCache";
import { createRequestAuthenticator } from "../../../core/auth/RequestAuthenticator";
import type { AccessKeySecretRecord, Authenticator, RawRequest } from "../../../core/auth/types";

export const ACCESS_KEY_ID = "testid";
export const SECRET = "testsecret";
export const ACCOUNT_ID = "1234567890123456";

/** Decodes an `a=b&c=d` string (query or form body) into the RawRequest shape, keeping repeated names. */
export function decodeParameters(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!Object.hasOwn(out, name)) out[name] = [];
    out[name]?.push(value);
  }
  return out;
}

/** Wraps single values as the RawRequest's `Record<string, string[]>`. */
export function multi(params: Readonly<Record<string, string>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, [value]]));
}

/** The common v1 parameters, signed at `timestamp` with `nonce`. */
export function v1Params(
  timestamp: string,
  nonce: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return rpcV1Parameters({ action: "Encrypt", accessKeyId: ACCESS_KEY_ID, nonce, timestamp }, extra);
}

/** A v1 request with every parameter in the query (as the npm 1.x client sends) or in a form body (Terraform). */
export function v1Request(
  params: Record<string, string>,
  options: {
    method?: string;
    secret?: string | Uint8Array;
    inForm?: boolean;
    headers?: Record<string, string>;
  } = {},
): RawRequest {
  const method = options.method ?? "POST";
  const signed = { ...params, Signature: signRpcV1(params, method, options.secret ?? SECRET) };
  if (options.inForm) {
    const body = new URLSearchParams(signed).toString().replaceAll("+", "%20");
    return {
      method,
      path: "/",
      query: {},
      form: multi(signed),
      headers: {
        host: "localhost:8080",
        "content-type": "application/x-www-form-urlencoded",
        ...options.headers,
      },
      body: new TextEncoder().encode(body),
    };
  }
  return {
    method,
    path: "/",
    query: multi(signed),
    form: {},
    headers: { host: "localhost:8080", ...options.headers },
    body: new Uint8Array(),
  };
}

/** An ACS3 request (POST /, parameters in the query) signed by `signAcs3`. */
export function acs3Request(options: {
  date: string;
  nonce: string;
  query?: Record<string, string>;
  body?: Uint8Array;
  headers?: Record<string, string>;
  secret?: string | Uint8Array;
  accessKeyId?: string;
  action?: string;
}): RawRequest {
  const body = options.body ?? new Uint8Array();
  const headers: Record<string, string> = {
    host: "localhost:8080",
    "x-acs-action": options.action ?? "Encrypt",
    "x-acs-version": "2016-01-20",
    "x-acs-date": options.date,
    "x-acs-signature-nonce": options.nonce,
    "x-acs-content-sha256": hexSha256(body),
    "user-agent": "keyward-test",
    accept: "application/json",
    ...options.headers,
  };
  const query = options.query ?? { KeyId: "alias/test", Plaintext: "SGVsbG8=" };
  const authorization = signAcs3(
    { method: "POST", path: "/", query, headers },
    options.accessKeyId ?? ACCESS_KEY_ID,
    options.secret ?? SECRET,
  );
  return {
    method: "POST",
    path: "/",
    query: multi(query),
    form: {},
    headers: { ...headers, authorization },
    body,
  };
}

/** An authenticator over a small AccessKey table, with a clock the test moves and a count of lookups and claims. */
export function testAuthenticator(
  start: string,
  keys: Record<string, AccessKeySecretRecord> = defaultKeys(),
) {
  const time = { now: new Date(start) };
  const counts = { lookups: 0, claims: 0 };
  const clock = () => time.now;
  const cache = new InMemoryNonceCache({ clock });
  const authenticator: Authenticator = createRequestAuthenticator({
    clock,
    lookupAccessKey: async (id) => {
      counts.lookups += 1;
      return Object.hasOwn(keys, id) ? keys[id] : undefined;
    },
    nonces: {
      claim: (id, nonce, expiresAt) => {
        counts.claims += 1;
        return cache.claim(id, nonce, expiresAt);
      },
    },
  });
  return { authenticator, time, counts };
}

export function defaultKeys(): Record<string, AccessKeySecretRecord> {
  return {
    [ACCESS_KEY_ID]: { accountId: ACCOUNT_ID, secret: SECRET, enabled: true },
    disabledid: { accountId: ACCOUNT_ID, secret: SECRET, enabled: false },
    bytesid: { accountId: "999", secret: new TextEncoder().encode("byte-secret"), enabled: true },
  };
}
