import { describe, expect, it } from "vitest";
import { KeyStateRejectedError, StateModifiedFailedError } from "../../../core/errors";
import {
  assertStateAllows,
  automaticRotationStatus,
  STATE_TABLE,
  type StateGuardedOperation,
} from "../../../core/keys/stateMachine";
import { KEY_STATES, type KeyState } from "../../../core/keys/types";

// The reference's state table ("Impact of CMK states on API calls"), written out independently of STATE_TABLE:
// A = allowed, R = 409 Rejected.<State>, F = 409 Rejected.StateModifiedFailed.
// Columns: Enabled, Disabled, PendingDeletion, PendingImport.
const EXPECTED: Record<StateGuardedOperation, string> = {
  EnableKey: "A A F F",
  DisableKey: "A A F F",
  ScheduleKeyDeletion: "A A F A",
  CancelKeyDeletion: "F F A F",
  SetDeletionProtection: "A A R A",
  CreateAlias: "A A F A",
  UpdateAlias: "A A R A",
  CreateKeyVersion: "A R R R",
  UpdateRotationPolicy: "A A R R",
  Cryptographic: "A R R R",
};

const cases = Object.entries(EXPECTED).flatMap(([operation, row]) =>
  row.split(" ").map((outcome, column) => ({
    operation: operation as StateGuardedOperation,
    state: KEY_STATES[column] as KeyState,
    outcome,
  })),
);

describe("key state machine", () => {
  it("covers every guarded operation in every state", () => {
    expect(Object.keys(STATE_TABLE).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(cases).toHaveLength(Object.keys(EXPECTED).length * KEY_STATES.length);
  });

  it.each(cases)("$operation in $state: $outcome", ({ operation, state, outcome }) => {
    const attempt = () => assertStateAllows({ keyState: state }, operation);
    if (outcome === "A") expect(attempt).not.toThrow();
    if (outcome === "R") {
      expect(attempt).toThrow(KeyStateRejectedError);
      expect(attempt).toThrow(expect.objectContaining({ code: `Rejected.${state}`, httpStatus: 409 }));
    }
    if (outcome === "F") {
      expect(attempt).toThrow(StateModifiedFailedError);
      expect(attempt).toThrow(
        expect.objectContaining({ code: "Rejected.StateModifiedFailed", httpStatus: 409 }),
      );
    }
  });

  it("shows automatic rotation as Suspended while the key is not Enabled", () => {
    const rotation = { enabled: true, intervalSeconds: 604800 };
    expect(automaticRotationStatus({ keyState: "Enabled", rotation })).toBe("Enabled");
    expect(automaticRotationStatus({ keyState: "Disabled", rotation })).toBe("Suspended");
    expect(automaticRotationStatus({ keyState: "PendingDeletion", rotation })).toBe("Suspended");
    expect(automaticRotationStatus({ keyState: "Enabled", rotation: { enabled: false } })).toBe("Disabled");
  });
});
