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
 * `signedHostHeader`: behind the CloudFront router, API Gateway sees its own Host; the router passes the host the
 * client signed in this header (infra/api.ts), and ACS3 verification uses it.
 */
export function signedRequestAuthenticators(
  deps: ComposedDeps,
  options: { signedHostHeader?: string } = {},
): (category: OperationCategory) => Authenticator {
  const lookupAccessKey = accessKeyLookup(deps);
  const common = { lookupAccessKey, clock: deps.clock, ...options };
  const durable = createRequestAuthenticator({ ...common, nonces: deps.nonces });
  const perInstance = createRequestAuthenticator({
    ...common,
    nonces: new InMemoryNonceCache({ clock: deps.clock }),
  });
  return (category) => (category === "state-changing" ? durable : perInstance);
}

/**
 * The cloud composition: configuration from the environment and the SST links, requests authenticated by
 * signature. The heavy modules (the AWS SDK, the HSM client) are imported here, on the first request, not when the
 * handler module loads, so a function's cold import stays small. The in-process PKCS#11 client is never reachable
 * from here: only the HSM function loads pkcs11js (a Lambda package of an operation does not even contain it).
 */
async function createDeps(): Promise<Deps> {
  const [
    { DynamoDBClient },
    { ConfigurationError, readConfig },
    { parseRootKeyring },
    { composeServiceDeps },
    { configSource },
  ] = await Promise.all([
    import("@aws-sdk/client-dynamodb"),
    import("../../core/config"),
    import("../../core/crypto/rootKeyring"),
    import("./composeServiceDeps"),
    import("./configSource"),
  ]);
  const config = readConfig(await configSource());
  if (config.hsm.mode === "in-process") {
    throw new ConfigurationError(
      "KEYWARD_HSM_MODE=in-process is for the local stack; Lambda functions use lambda.",
    );
  }
  let hsm: import("../../core/crypto/CryptoProvider").CryptoProvider | undefined;
  if (config.hsm.mode === "lambda") {
    const [{ LambdaHsmClient }, { HsmCryptoProvider }] = await Promise.all([
      import("../../core/hsm/LambdaHsmClient"),
      import("../../core/hsm/HsmCryptoProvider"),
    ]);
    hsm = new HsmCryptoProvider(new LambdaHsmClient({ functionName: config.hsm.functionName }));
  }
  const composed = composeServiceDeps({
    client: new DynamoDBClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    tableName: config.tableName,
    region: config.region,
    keyring: parseRootKeyring(config.rootKeys),
    materialCacheEntries: config.materialCacheEntries,
    keyCacheTtlMs: config.keyCacheTtlMs,
    ...(hsm ? { hsm } : {}),
  });
  return {
    ...composed,
    authenticatorFor: signedRequestAuthenticators(composed, { signedHostHeader: "x-forwarded-host" }),
  };
}
