/**
 * The two official Alibaba clients behind one small interface, so one scenario runs through both unchanged
 * (reference sections 6-7, stack-notes section 9):
 * - `@alicloud/kms20160120` 1.2.0 on `@alicloud/rpc-client` 1.3.2: RPC signature v1, every parameter in the query,
 *   maps flattened. An operation is called through its generated method with an instance of its request model
 *   (`new $Kms.EncryptRequest({...})`, as the 1.x client needs) and the response model is read back with the
 *   SDK's own `toMap()`. Operations or parameters the 1.2.0 models lack (ReEncrypt, SetDeletionProtection,
 *   ExportDataKey, GenerateAndExportDataKey, DescribeAccountKmsStatus, ListKeys Filters) go through the same
 *   client's public `doRequest`, the generic entry every generated method calls.
 * - `@alicloud/openapi-client` 0.4.15, generic `callApi` with RPC style: ACS3-HMAC-SHA256, parameters as strings
 *   in the query, maps as JSON strings (what the 2.x/3.x KMS clients send).
 * Both answer the response body with the wire's PascalCase names; errors are the SDKs' own error objects.
 */
import KmsModule, * as KmsModels from "@alicloud/kms20160120";
import OpenApiModule, { Config as OpenApiConfig, OpenApiRequest, Params } from "@alicloud/openapi-client";
import { Config as RpcConfig } from "@alicloud/rpc-client";

// ESM default-export pitfall (stack-notes section 9): the class may sit at `.default`.
const Kms: typeof KmsModule = (KmsModule as unknown as { default?: typeof KmsModule }).default ?? KmsModule;
const OpenApi: typeof OpenApiModule =
  (OpenApiModule as unknown as { default?: typeof OpenApiModule }).default ?? OpenApiModule;

/** A parameter value as a caller writes it: maps (EncryptionContext) stay objects; each SDK encodes them. */
export type ParamValue = string | number | boolean | Readonly<Record<string, string>>;
export type CallParams = Readonly<Record<string, ParamValue>>;
/** A response body, read field by field by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
export type Body = Record<string, any>;

/** Who signs: an AccessKey id and secret. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secret: string;
}

/** One official client, calling any operation by its Action name. */
export interface KmsCaller {
  readonly name: string;
  /** Calls `action` and answers the response body; rejects with the SDK's error object. */
  call(action: string, params?: CallParams): Promise<Body>;
  /** The `code` the SDK's error carries for an Alibaba error code (the 1.x client appends "Error"). */
  sdkCode(code: string): string;
  /** Every Action called so far, and how it was sent (1.x: request model or generic doRequest). */
  readonly actions: Map<string, Set<"model" | "doRequest" | "callApi">>;
}

/** A request or response model class of the 1.x SDK, as its static members describe it. */
interface ModelClass {
  new (map: Record<string, unknown>): object;
  names(): Record<string, string>;
}

const VERSION = "2016-01-20";
/** What the generated 1.x methods pass as the body (null: no body), which the typings do not admit. */
const NO_BODY = null as unknown as Record<string, never>;
/**
 * Generous timeouts: SoftHSM generates keys synchronously on the server's event loop (pkcs11js), so on a loaded
 * machine a connection may wait a few seconds, beyond the SDKs' defaults.
 */
const TIMEOUT_MS = 60_000;

/** `Encrypt` -> `encrypt`: the 1.x client's method name of an Action. */
function methodName(action: string): string {
  return action.charAt(0).toLowerCase() + action.slice(1);
}

/** The request model's camel-case field for each wire name, when the model declares every one of `params`. */
function modelFields(
  model: ModelClass | undefined,
  params: CallParams,
): Record<string, ParamValue> | undefined {
  if (!model) return undefined;
  const byWire = new Map(Object.entries(model.names()).map(([field, wire]) => [wire, field]));
  const fields: Record<string, ParamValue> = {};
  for (const [wire, value] of Object.entries(params)) {
    const field = byWire.get(wire);
    if (field === undefined) return undefined;
    fields[field] = value;
  }
  return fields;
}

function record(actions: KmsCaller["actions"], action: string, how: "model" | "doRequest" | "callApi"): void {
  const ways = actions.get(action) ?? new Set();
  ways.add(how);
  actions.set(action, ways);
}

/** `@alicloud/kms20160120` 1.2.0 (RPC signature v1) against `host` (`127.0.0.1:<port>`). */
export function rpcV1Caller(host: string, credentials: Credentials): KmsCaller {
  const client = new Kms(
    new RpcConfig({
      endpoint: host,
      protocol: "http",
      regionId: "cn-hangzhou",
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.secret,
      readTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
    }),
  );
  const models = KmsModels as unknown as Record<string, ModelClass | undefined>;
  const methods = client as unknown as Record<string, ((request: object) => Promise<object>) | undefined>;
  const actions: KmsCaller["actions"] = new Map();
  return {
    name: "@alicloud/kms20160120 1.2.0 (RPC v1)",
    actions,
    sdkCode: (code) => `${code}Error`,
    async call(action, params = {}) {
      const model = models[`${action}Request`];
      const fields = modelFields(model, params);
      const method = methods[methodName(action)];
      if (model && fields && method) {
        record(actions, action, "model");
        const response = await method.call(client, new model(fields));
        return (response as { toMap(): Body }).toMap();
      }
      record(actions, action, "doRequest");
      return (await client.doRequest(
        action,
        "HTTPS",
        "POST",
        VERSION,
        "AK",
        { ...params },
        NO_BODY,
        {} as Parameters<typeof client.doRequest>[7],
      )) as Body;
    },
  };
}

/** `@alicloud/openapi-client` 0.4.15 `callApi` (ACS3-HMAC-SHA256) against `host`. */
export function acs3Caller(host: string, credentials: Credentials): KmsCaller {
  const client = new OpenApi(
    new OpenApiConfig({
      endpoint: host,
      protocol: "http",
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.secret,
      readTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
    }),
  );
  const runtime = {} as Parameters<OpenApiModule["callApi"]>[2];
  const actions: KmsCaller["actions"] = new Map();
  return {
    name: "@alicloud/openapi-client 0.4.15 callApi (ACS3)",
    actions,
    sdkCode: (code) => code,
    async call(action, params = {}) {
      record(actions, action, "callApi");
      const query = Object.fromEntries(
        Object.entries(params).map(([name, value]) => [
          name,
          typeof value === "object" ? JSON.stringify(value) : String(value),
        ]),
      );
      const api = new Params({
        action,
        version: VERSION,
        protocol: "HTTP",
        pathname: "/",
        method: "POST",
        authType: "AK",
        style: "RPC",
        reqBodyType: "formData",
        bodyType: "json",
      });
      const response = await client.callApi(api, new OpenApiRequest({ query }), runtime);
      return response.body as Body;
    },
  };
}

/** The error a call rejects with (the test fails when it resolves). */
export async function failure(call: Promise<unknown>): Promise<{ code?: string; data?: Body }> {
  const outcome = await call.then(
    (body) => ({ resolved: body }),
    (error: unknown) => ({ error }),
  );
  if ("resolved" in outcome) throw new Error(`expected an error, got ${JSON.stringify(outcome.resolved)}`);
  return outcome.error as { code?: string; data?: Body };
}
