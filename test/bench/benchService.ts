import { randomBytes } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CryptoProvider } from "../../core/crypto/CryptoProvider";
import { RootKeyring } from "../../core/crypto/rootKeyring";
import { createAccessKey } from "../../core/service/accessKeys";
import type { StoreOperation } from "../../core/store/translateStoreError";
import { composeServiceDeps } from "../../functions/lib/composeServiceDeps";
import type { ApiHandler } from "../../functions/lib/defineHandler";
import { type Deps, setDeps, signedRequestAuthenticators } from "../../functions/lib/deps";
import { OPERATIONS } from "../../functions/operations";
import { localLambdaContext } from "../../infra/local/toApiGatewayEvent";
import { type DynaliteHandle, startDynalite } from "../support/dynalite";
import { apiEventOf } from "./apiEvent";
import { BENCH_ACCESS_KEY, BENCH_ACCOUNT } from "./benchAccount";
import { type SignedHttpRequest, signRequests } from "./signedRequests";

/** An answer of a handler: status and parsed body. */
export interface HandlerAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: benchmark answers are read field by field
  readonly body: any;
}

/** Keyward's real handlers over a real dynalite, in this process, authenticated by signature. */
export interface BenchService {
  readonly dynalite: DynaliteHandle;
  /** Every store call since the last `storeCalls.length = 0`. */
  readonly storeCalls: StoreOperation[];
  /** A handler, imported once (as a warm Lambda instance keeps it). */
  handler(action: string): Promise<ApiHandler>;
  /** `count` requests of `action`, signed (each its own nonce) and turned into API Gateway events. */
  events(action: string, params: Readonly<Record<string, string>>, count: number): SignedHttpRequest[];
  /** Invokes the handler of `action` with one signed request. */
  invoke(action: string, signed: SignedHttpRequest): Promise<HandlerAnswer>;
  /** As `invoke` with a freshly signed request; throws unless the answer is 200. */
  ok(action: string, params?: Readonly<Record<string, string>>): Promise<HandlerAnswer["body"]>;
  /**
   * Replaces the installed dependencies by a fresh composition over the same table: every per-instance cache
   * (key records, material, AccessKeys, nonces) is empty again, as in a new Lambda instance.
   */
  coldStart(): void;
  stop(): Promise<void>;
}

/**
 * Starts dynalite in memory, composes Keyward's dependencies over it exactly as the Lambda functions do
 * (composeServiceDeps + signedRequestAuthenticators, a generated root keyring) with store calls counted, registers
 * the benchmark AccessKey, and installs the dependencies for the handlers.
 */
export async function startBenchService(options: { hsm?: CryptoProvider } = {}): Promise<BenchService> {
  const dynalite = await startDynalite();
  const storeCalls: StoreOperation[] = [];
  const keyring = RootKeyring.generate("bench-root", (n) => new Uint8Array(randomBytes(n)));
  const compose = (): Deps => {
    const composed = composeServiceDeps({
      client: dynalite.client,
      tableName: dynalite.tableName,
      region: "cn-hangzhou",
      keyring,
      materialCacheEntries: 1_000,
      keyCacheTtlMs: 5_000,
      ...(options.hsm ? { hsm: options.hsm } : { hsmUnavailableReason: "no HSM in this benchmark" }),
      onStoreCall: (operation) => storeCalls.push(operation),
    });
    return { ...composed, authenticatorFor: signedRequestAuthenticators(composed) };
  };
  let deps = compose();
  await createAccessKey(deps, { accountId: BENCH_ACCOUNT, ...BENCH_ACCESS_KEY });
  setDeps(deps);
  const handlers = new Map<string, ApiHandler>();
  const handler = async (action: string): Promise<ApiHandler> => {
    const known = handlers.get(action);
    if (known) return known;
    const module = (OPERATIONS as Record<string, { module: string }>)[action]?.module;
    if (!module) throw new Error(`no such operation: ${action}`);
    const loaded = ((await import(`../../functions/${module}.ts`)) as { handler: ApiHandler }).handler;
    handlers.set(action, loaded);
    return loaded;
  };
  const events = (action: string, params: Readonly<Record<string, string>>, count: number) =>
    signRequests(action, params, BENCH_ACCESS_KEY, "localhost:8080", count);
  const invoke = async (action: string, signed: SignedHttpRequest): Promise<HandlerAnswer> => {
    const run = await handler(action);
    const event = apiEventOf(signed, action);
    const context = localLambdaContext(action, event.requestContext.requestId);
    const result = (await run(event, context)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body ?? "{}")) };
  };
  return {
    dynalite,
    storeCalls,
    handler,
    events,
    invoke,
    async ok(action, params = {}) {
      const answer = await invoke(action, events(action, params, 1)[0] as SignedHttpRequest);
      if (answer.status !== 200) {
        throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      return answer.body;
    },
    coldStart() {
      deps = compose();
      setDeps(deps);
    },
    async stop() {
      setDeps(undefined);
      await dynalite.stop();
    },
  };
}
