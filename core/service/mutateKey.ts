import { ConcurrentModificationError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";
import { RevisionConflictError } from "../store/errors";
import { readLiveKey, resolveKeyId } from "./resolveKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/**
 * How often a change is re-read and re-applied after losing a conditional write to a concurrent writer. With the
 * jittered back-off below, 20 simultaneous writers to one key all land (test/integration/api/conflictsAndBadInput.test.ts).
 */
const MAX_ATTEMPTS = 30;

/**
 * Applies one state change to a key as a single conditional write (DESIGN section 5): read the record, let
 * `change` check its preconditions and compute the next record (a pure transition), write it conditionally on the
 * revision that was read. When another writer won in between, read again and re-apply, so no update is lost and
 * every precondition is checked against the state actually written over.
 *
 * `change` may return the record unchanged (same revision) to signal that nothing needs writing.
 * @throws whatever `change` throws (state errors, ...), KeyNotFoundError, ConcurrentModificationError when the
 * key stayed contended for every attempt.
 */
export async function mutateKey(
  deps: ServiceDeps,
  caller: Caller,
  keyIdParameter: string,
  change: (record: KeyRecord, now: Date) => KeyRecord | Promise<KeyRecord>,
): Promise<KeyRecord> {
  const keyId = await resolveKeyId(deps, caller, keyIdParameter);
  let lastConflict: unknown;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readLiveKey(deps, caller.accountId, keyId);
    const next = await change(current, deps.clock());
    if (next.revision === current.revision) {
      // After a conflict the stored record is newer than what this instance may have cached (perhaps our own write).
      if (lastConflict !== undefined) deps.keyCache?.invalidate(current.accountId, current.keyId);
      return current;
    }
    try {
      await deps.keys.update(next);
      // This instance's cryptographic operations see the change at once (others within the cache's TTL).
      deps.keyCache?.invalidate(next.accountId, next.keyId);
      return next;
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      lastConflict = error;
      await backOff(attempt);
    }
  }
  throw new ConcurrentModificationError({ cause: lastConflict });
}

function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
