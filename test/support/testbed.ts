import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { CryptoProvider } from "../../core/crypto/CryptoProvider";
import { RootKeyring } from "../../core/crypto/rootKeyring";
import type { StoreOperation } from "../../core/store/translateStoreError";
import type { Authenticator } from "../../functions/lib/Authenticator";
import { composeServiceDeps } from "../../functions/lib/composeServiceDeps";
import type { ApiHandler } from "../../functions/lib/defineHandler";
import { type Deps, setDeps } from "../../functions/lib/deps";
import { type ActionName, OPERATIONS } from "../../functions/operations";
import { type DynaliteHandle, startDynalite } from "./dynalite";

/** The account a testbed request acts as unless it names another. */
export const ACCOUNT_A = "1111111111111111";
export const ACCOUNT_B = "2222222222222222";

/** A handler's answer: the HTTP status and the parsed JSON body. */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
  readonly body: any;
}

export interface Testbed {
  readonly deps: Deps;
  readonly dynalite: DynaliteHandle;
  /** Store calls so far, by operation (reset with `storeCalls.length = 0`). */
  readonly storeCalls: StoreOperation[];
  /** Invokes an operation's real Lambda handler with the parameters in the query string, as the SDK sends them. */
  call(
    action: ActionName | string,
    params?: Record<string, string>,
    options?: { account?: string },
  ): Promise<Answer>;
  /** As `call`, but fails the test unless the answer is 200. */
  ok(
    action: ActionName,
    params?: Record<string, string>,
    options?: { account?: string },
  ): Promise<Answer["body"]>;
  stop(): Promise<void>;
}

/**
 * Test-only authentication: the account is whatever the request's `x-test-account` header says. Real signature
 * checking is tested in test/unit/auth and test/e2e; these tests are about the operations.
 */
const headerAuthenticator: Authenticator = {
  async authenticate(request) {
    const accountId = request.headers["x-test-account"] ?? ACCOUNT_A;
    return { accountId, accessKeyId: `test-${accountId}` };
  },
};

/** The API Gateway event the testbed's `call` sends: the parameters in the query string, the account in a header. */
export function testEvent(
  action: string,
  params: Record<string, string>,
  account: string,
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(params).toString();
  return {
    version: "2.0",
    routeKey: `POST /${action}`,
    rawPath: `/${action}`,
    rawQueryString,
    headers: { host: "kms.test", "x-test-account": account },
    requestContext: {
      accountId: "000000000000",
      apiId: "test",
      domainName: "kms.test",
      domainPrefix: "kms",
      http: {
        method: "POST",
        path: `/${action}`,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "test",
      },
      requestId: crypto.randomUUID(),
      routeKey: `POST /${action}`,
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const handlers = new Map<string, ApiHandler>();

/** An operation's real Lambda handler, imported once. */
export async function handlerOf(action: string): Promise<ApiHandler> {
  const operation = (OPERATIONS as Record<string, { module: string }>)[action];
  if (!operation) throw new Error(`no such operation: ${action}`);
  let handler = handlers.get(action);
  if (!handler) {
    handler = ((await import(`../../functions/${operation.module}.ts`)) as { handler: ApiHandler }).handler;
    handlers.set(action, handler);
  }
  return handler;
}

/**
 * Starts a real dynalite, composes Keyward's real dependencies over it (software provider, a generated root
 * keyring, the optional HSM provider given) and installs them for the handlers.
 */
export async function startTestbed(
  options: { clock?: () => Date; hsm?: CryptoProvider } = {},
): Promise<Testbed> {
  const dynalite = await startDynalite();
  const storeCalls: StoreOperation[] = [];
  const composed = composeServiceDeps({
    client: dynalite.client,
    tableName: dynalite.tableName,
    region: "cn-hangzhou",
    keyring: RootKeyring.generate("root-1", (n) => new Uint8Array(randomBytes(n))),
    materialCacheEntries: 100,
    keyCacheTtlMs: 5_000,
    ...(options.hsm ? { hsm: options.hsm } : { hsmUnavailableReason: "no HSM in this test" }),
    ...(options.clock ? { clock: options.clock } : {}),
    onStoreCall: (operation) => storeCalls.push(operation),
  });
  const deps: Deps = { ...composed, authenticatorFor: () => headerAuthenticator };
  setDeps(deps);
  const call: Testbed["call"] = async (action, params = {}, callOptions = {}) => {
    const handler = await handlerOf(action);
    const result = (await handler(
      testEvent(action, params, callOptions.account ?? ACCOUNT_A),
      {} as Context,
    )) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body ?? "{}")) };
  };
  return {
    deps,
    dynalite,
    storeCalls,
    call,
    async ok(action, params, callOptions) {
      const answer = await call(action, params, callOptions);
      if (answer.status !== 200)
        throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async stop() {
      setDeps(undefined);
      await dynalite.stop();
    },
  };
}
