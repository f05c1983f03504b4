import { createRequestAuthenticator, InMemoryNonceCache } from "../../core/auth";
import { InternalFailureError, KmsError } from "../../core/errors";
import { accessKeyLookup } from "../../core/service/accessKeys";
import type { Authenticator } from "./Authenticator";
import type { ComposedDeps } from "./composeServiceDeps";
import type { OperationCategory } from "./schema";

/**
 * Everything the handlers need from the outside world, created once per function instance and reused across
 * invocations (STYLE rule 17): the services' dependencies (core/service/ServiceDeps.ts) and the authenticators.
 */
export interface Deps extends ComposedDeps {
  /**
   * The authenticator of an operation category (DESIGN section 3): state-changing operations claim their
   * SignatureNonce durably in the table; cryptographic and read-only ones in this instance's memory, since
   * replaying them changes nothing and a store write would cost every warm call.
   */
  authenticatorFor(category: OperationCategory): Authenticator;
}

let override: Deps | undefined;
let created: Promise<Deps> | undefined;

/**
 * The instance's dependencies, created lazily on first use (nothing heavy happens at import time).
 * A failed creation is not cached, so the next invocation tries again.
 * @throws InternalFailureError when the dependencies cannot be created.
 */
export function getDeps(): Promise<Deps> {
  if (override) return Promise.resolve(override);
  created ??= createDeps().catch((error: unknown) => {
    created = undefined;
    throw error instanceof KmsError ? error : new InternalFailureError({ cause: error });
  });
  return created;
}

/** Replaces the dependencies (the local server and tests); `undefined` restores lazy creation. */
export function setDeps(deps: Deps | undefined): void {
  override = deps;
}

/** @deprecated name kept for the tests written first; use setDeps. */
export const setDepsForTests = setDeps;

/**
 * The authenticators over a composition: signed requests (RPC v1 or ACS3) checked against the table's AccessKeys.
 */
export function signedRequestAuthenticators(
  deps: ComposedDeps,
): (category: OperationCategory) => Authenticator {
  const lookupAccessKey = accessKeyLookup(deps);
  const durable = createRequestAuthenticator({ lookupAccessKey, nonces: deps.nonces, clock: deps.clock });
  const perInstance = createRequestAuthenticator({
    lookupAccessKey,
    nonces: new InMemoryNonceCache({ clock: deps.clock }),
    clock: deps.clock,
  });
  return (category) => (category === "state-changing" ? durable : perInstance);
}

/**
 * The cloud composition: configuration from the environment, requests authenticated by signature. The heavy
 * modules (the AWS SDK, the HSM client) are imported here, on the first request, not when the handler module
 * loads, so a function's cold import stays small.
 */
async function createDeps(): Promise<Deps> {
  const [
    { DynamoDBClient },
    { readConfig },
    { parseRootKeyring },
    { createHsmClient },
    { HsmCryptoProvider },
  ] = await Promise.all([
    import("@aws-sdk/client-dynamodb"),
    import("../../core/config"),
    import("../../core/crypto/rootKeyring"),
    import("../../core/hsm/createHsmClient"),
    import("../../core/hsm/HsmCryptoProvider"),
  ]);
  const [{ composeServiceDeps }, { configSource }] = await Promise.all([
    import("./composeServiceDeps"),
    import("./configSource"),
  ]);
  const config = readConfig(await configSource());
  const client = new DynamoDBClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});
  const hsmClient = createHsmClient(config.hsm);
  const composed = composeServiceDeps({
    client,
    tableName: config.tableName,
    region: config.region,
    keyring: parseRootKeyring(config.rootKeys),
    materialCacheEntries: config.materialCacheEntries,
    keyCacheTtlMs: config.keyCacheTtlMs,
    ...(hsmClient ? { hsm: new HsmCryptoProvider(hsmClient) } : {}),
  });
  return { ...composed, authenticatorFor: signedRequestAuthenticators(composed) };
}
