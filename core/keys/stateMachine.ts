import { KeyStateRejectedError, StateModifiedFailedError } from "../errors";
import type { KeyRecord } from "./KeyRecord";
import type { KeyState } from "./types";

/**
 * What an operation does in each key state, as the reference's state table says ("Impact of CMK states on API
 * calls"):
 * - `allow`: the operation proceeds;
 * - `rejected`: 409 `Rejected.<State>` (cryptographic operations and the like need an Enabled key);
 * - `stateModifiedFailed`: 409 `Rejected.StateModifiedFailed` (a transition that the state forbids).
 */
export type StateRule = "allow" | "rejected" | "stateModifiedFailed";

/** The operations whose outcome depends on the key state. Operations absent here work in every state. */
export type StateGuardedOperation =
  | "EnableKey"
  | "DisableKey"
  | "ScheduleKeyDeletion"
  | "CancelKeyDeletion"
  | "SetDeletionProtection"
  | "CreateAlias"
  | "UpdateAlias"
  | "CreateKeyVersion"
  | "UpdateRotationPolicy"
  | "Cryptographic";

const ONLY_ENABLED: Record<KeyState, StateRule> = {
  Enabled: "allow",
  Disabled: "rejected",
  PendingDeletion: "rejected",
  PendingImport: "rejected",
};

/**
 * The state table. `Cryptographic` covers Encrypt, Decrypt, ReEncrypt, the data-key operations, the asymmetric
 * operations and GetPublicKey. DescribeKey, ListKeys, the listings, DeleteAlias, UpdateKeyDescription and the tag
 * operations work in every state.
 */
export const STATE_TABLE: Readonly<Record<StateGuardedOperation, Readonly<Record<KeyState, StateRule>>>> = {
  EnableKey: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "stateModifiedFailed",
    PendingImport: "stateModifiedFailed",
  },
  DisableKey: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "stateModifiedFailed",
    PendingImport: "stateModifiedFailed",
  },
  ScheduleKeyDeletion: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "stateModifiedFailed",
    PendingImport: "allow",
  },
  CancelKeyDeletion: {
    Enabled: "stateModifiedFailed",
    Disabled: "stateModifiedFailed",
    PendingDeletion: "allow",
    PendingImport: "stateModifiedFailed",
  },
  SetDeletionProtection: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "rejected",
    PendingImport: "allow",
  },
  CreateAlias: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "stateModifiedFailed",
    PendingImport: "allow",
  },
  // UpdateAlias checks only the new target.
  UpdateAlias: { Enabled: "allow", Disabled: "allow", PendingDeletion: "rejected", PendingImport: "allow" },
  CreateKeyVersion: ONLY_ENABLED,
  UpdateRotationPolicy: {
    Enabled: "allow",
    Disabled: "allow",
    PendingDeletion: "rejected",
    PendingImport: "rejected",
  },
  Cryptographic: ONLY_ENABLED,
};

/**
 * Throws the state table's error when `operation` may not run on `key` in its current state.
 * Every service whose operation appears in STATE_TABLE calls this before doing anything else.
 * @throws KeyStateRejectedError (409 Rejected.<State>) or StateModifiedFailedError (409).
 */
export function assertStateAllows(key: Pick<KeyRecord, "keyState">, operation: StateGuardedOperation): void {
  const rule = STATE_TABLE[operation][key.keyState];
  if (rule === "rejected") throw new KeyStateRejectedError(key.keyState);
  if (rule === "stateModifiedFailed")
    throw new StateModifiedFailedError(`${operation} is not allowed in state ${key.keyState}.`);
}

/**
 * The guard of every cryptographic service (STYLE rule 11): the key must be Enabled.
 * @throws KeyStateRejectedError naming the key's state otherwise.
 */
export function assertUsable(key: Pick<KeyRecord, "keyState">): void {
  assertStateAllows(key, "Cryptographic");
}

/** The displayed automatic-rotation status: rotation on a key that is not Enabled is Suspended. */
export function automaticRotationStatus(
  key: Pick<KeyRecord, "keyState" | "rotation">,
): "Enabled" | "Disabled" | "Suspended" {
  if (!key.rotation.enabled) return "Disabled";
  return key.keyState === "Enabled" ? "Enabled" : "Suspended";
}
