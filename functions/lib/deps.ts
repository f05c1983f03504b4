import { InternalFailureError, KmsError } from "../../core/errors";
import type { Authenticator } from "./Authenticator";

/**
 * Everything the handlers need from the outside world, created once per function instance and reused across
 * invocations (STYLE rule 17). Placeholder: the services' needs (store, crypto providers, clock, ...) are added
 * here as they arrive.
 */
export interface Deps {
  readonly authenticator: Authenticator;
  /** A cryptographically secure random source (node:crypto randomBytes in production). */
  readonly randomBytes: (size: number) => Uint8Array;
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

/** Replaces the dependencies (tests and the local server); `undefined` restores lazy creation. */
export function setDepsForTests(deps: Deps | undefined): void {
  override = deps;
}

/** Placeholder until the real wiring lands: refuses to guess (no silent development authenticator in the cloud). */
async function createDeps(): Promise<Deps> {
  throw new InternalFailureError({
    cause: "functions/lib/deps.ts: createDeps() is not wired yet; call setDepsForTests() first.",
  });
}
