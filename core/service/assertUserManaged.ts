import { NoPermissionError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";

/**
 * Service keys belong to the integrated service that created them: users may describe, list and use them, but
 * not change them (DESIGN section 1, key managers).
 * @throws NoPermissionError for a service key.
 */
export function assertUserManaged(record: Pick<KeyRecord, "creatorType" | "creator">, action: string): void {
  /* Precondition: users change only the keys they manage. */
  if (record.creatorType === "Service") {
    throw new NoPermissionError(`${action} is not allowed on a service key managed by ${record.creator}.`);
  }
}
