import { InvalidParameterError, StateModifiedFailedError } from "../errors";
import { isoSeconds } from "../keys/dates";
import type { KeyRecord } from "../keys/KeyRecord";
import { assertStateAllows } from "../keys/stateMachine";
import * as transition from "../keys/transitions";
import { assertUserManaged } from "./assertUserManaged";
import { mutateKey } from "./mutateKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/** The pending window of ScheduleKeyDeletion, in days (reference: 7 to 366). */
export const MIN_PENDING_WINDOW_DAYS = 7;
export const MAX_PENDING_WINDOW_DAYS = 366;

/** EnableKey: Enabled or Disabled -> Enabled (idempotent). @throws StateModifiedFailedError otherwise. */
export function enableKey(deps: ServiceDeps, caller: Caller, keyId: string): Promise<KeyRecord> {
  return mutateKey(deps, caller, keyId, (record) => {
    assertUserManaged(record, "EnableKey");
    assertStateAllows(record, "EnableKey");
    return record.keyState === "Enabled" ? record : transition.enableKey(record);
  });
}

/** DisableKey: Enabled or Disabled -> Disabled (idempotent). @throws StateModifiedFailedError otherwise. */
export function disableKey(deps: ServiceDeps, caller: Caller, keyId: string): Promise<KeyRecord> {
  return mutateKey(deps, caller, keyId, (record) => {
    assertUserManaged(record, "DisableKey");
    assertStateAllows(record, "DisableKey");
    return record.keyState === "Disabled" ? record : transition.disableKey(record);
  });
}

/**
 * ScheduleKeyDeletion: -> PendingDeletion, destroyed after `pendingWindowInDays` (7-366).
 * @throws InvalidParameterError for a window outside 7-366 days; StateModifiedFailedError from PendingDeletion or
 * when deletion protection is on.
 */
export function scheduleKeyDeletion(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; pendingWindowInDays: number },
): Promise<KeyRecord> {
  const days = input.pendingWindowInDays;
  /* Precondition: the pending window is 7 to 366 days. */
  if (!Number.isInteger(days) || days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
    throw new InvalidParameterError(
      "PendingWindowInDays",
      "It must be a whole number of days from 7 to 366.",
    );
  }
  return mutateKey(deps, caller, input.keyId, (record, now) => {
    assertUserManaged(record, "ScheduleKeyDeletion");
    assertStateAllows(record, "ScheduleKeyDeletion");
    /* Precondition: a key with deletion protection cannot be scheduled for deletion. */
    if (record.deletionProtection.enabled) {
      throw new StateModifiedFailedError("The key has deletion protection enabled; turn it off first.");
    }
    return transition.scheduleKeyDeletion(record, isoSeconds(now), days);
  });
}

/** CancelKeyDeletion: PendingDeletion -> Enabled. @throws StateModifiedFailedError from any other state. */
export function cancelKeyDeletion(deps: ServiceDeps, caller: Caller, keyId: string): Promise<KeyRecord> {
  return mutateKey(deps, caller, keyId, (record) => {
    assertUserManaged(record, "CancelKeyDeletion");
    assertStateAllows(record, "CancelKeyDeletion");
    return transition.cancelKeyDeletion(record);
  });
}

/** SetDeletionProtection: turns deletion protection on (with a description) or off. Refused in PendingDeletion. */
export function setDeletionProtection(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; enabled: boolean; description?: string },
): Promise<KeyRecord> {
  return mutateKey(deps, caller, input.keyId, (record) => {
    assertUserManaged(record, "SetDeletionProtection");
    assertStateAllows(record, "SetDeletionProtection");
    return transition.setDeletionProtection(record, input.enabled, input.description);
  });
}

/** UpdateKeyDescription: replaces the description, in any state. */
export function updateKeyDescription(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; description: string },
): Promise<KeyRecord> {
  return mutateKey(deps, caller, input.keyId, (record) => {
    assertUserManaged(record, "UpdateKeyDescription");
    return transition.updateDescription(record, input.description);
  });
}
