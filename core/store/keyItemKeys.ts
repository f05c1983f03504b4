import { InvalidParameterError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";
import { str } from "./attributeValues";
import type { Item } from "./DynamoTable";
import { DUE_PARTITIONS, keyPk, keysOfAccountPk, SORT_KEYS } from "./itemKeys";

/** ISO-8601 UTC with second precision: the only date form whose string order is time order. */
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The key attributes of a key item, derived from the record on every write (DESIGN section 5):
 * - pk `ACCT#<account>#KEY#<keyId>`, sk `KEY`;
 * - GSI1 `ACCT#<account>#KEYS` / `<creationDate>#<keyId>` (ListKeys, oldest first);
 * - GSI2 `PURGE` / `<deleteDate>#<account>#<keyId>` while PendingDeletion, `ROTATE` /
 *   `<nextRotationDate>#<account>#<keyId>` while Enabled with automatic rotation due, absent otherwise (so a put
 *   of the next state removes the key from the index it left).
 * @throws InvalidParameterError when an id is not storable or a date that orders an index is not
 * `YYYY-MM-DDTHH:mm:ssZ`.
 */
export function keyItemKeys(record: KeyRecord): Item {
  assertIsoSeconds(record.creationDate, "creationDate");
  const keys: Item = {
    pk: str(keyPk(record.accountId, record.keyId)),
    sk: str(SORT_KEYS.key),
    gsi1pk: str(keysOfAccountPk(record.accountId)),
    gsi1sk: str(`${record.creationDate}#${record.keyId}`),
  };
  const due = dueEntry(record);
  if (due) {
    assertIsoSeconds(due.date, due.parameter);
    keys.gsi2pk = str(due.partition);
    keys.gsi2sk = str(`${due.date}#${record.accountId}#${record.keyId}`);
  }
  return keys;
}

/**
 * The exclusive upper bound of GSI2 sort keys due at or before `now`: `<now>$` sorts right after every
 * `<now>#...` (`$` follows `#`), so `gsi2sk < bound` selects due dates <= now.
 * @throws InvalidParameterError when `now` is not `YYYY-MM-DDTHH:mm:ssZ`.
 */
export function dueBound(now: string): string {
  assertIsoSeconds(now, "now");
  return `${now}$`;
}

/**
 * Checks a date that goes into an index sort key.
 * @throws InvalidParameterError naming `parameter`.
 */
export function assertIsoSeconds(value: string, parameter: string): void {
  /* Precondition: a date that orders an index is YYYY-MM-DDTHH:mm:ssZ. */
  if (!ISO_SECONDS.test(value)) {
    throw new InvalidParameterError(parameter, "It must be an ISO-8601 UTC time to the second.");
  }
}

function dueEntry(record: KeyRecord): { partition: string; date: string; parameter: string } | undefined {
  if (record.keyState === "PendingDeletion" && record.deleteDate !== undefined) {
    return { partition: DUE_PARTITIONS.purge, date: record.deleteDate, parameter: "deleteDate" };
  }
  const next = record.rotation.nextRotationDate;
  if (record.keyState === "Enabled" && record.rotation.enabled && next !== undefined) {
    return { partition: DUE_PARTITIONS.rotate, date: next, parameter: "nextRotationDate" };
  }
  return undefined;
}
