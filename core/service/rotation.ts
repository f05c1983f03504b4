import { MissingParameterError, UnsupportedOperationError } from "../errors";
import { isAtOrBefore, isoSeconds } from "../keys/dates";
import type { KeyRecord, KeyVersion } from "../keys/KeyRecord";
import { keySpecInfo } from "../keys/keySpecs";
import { parseRotationInterval } from "../keys/rotationInterval";
import { assertStateAllows } from "../keys/stateMachine";
import { setRotationPolicy } from "../keys/transitions";
import { assertUserManaged } from "./assertUserManaged";
import { addKeyVersion } from "./keyVersions";
import { mutateKey } from "./mutateKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/** CreateKeyVersion: a new version made by the caller (symmetric: the new primary). */
export async function createKeyVersion(deps: ServiceDeps, caller: Caller, input: { keyId: string }) {
  const { record, version } = await addKeyVersion(deps, caller, input.keyId, (key) =>
    assertUserManaged(key, "CreateKeyVersion"),
  );
  return { keyId: record.keyId, version };
}

/**
 * UpdateRotationPolicy: turns automatic rotation of a symmetric key on (RotationInterval required) or off.
 * @throws UnsupportedOperationError for asymmetric keys; MissingParameterError without an interval when enabling.
 */
export function updateRotationPolicy(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; enableAutomaticRotation: boolean; rotationInterval?: string },
): Promise<KeyRecord> {
  /* Precondition: enabling rotation names an interval. */
  if (input.enableAutomaticRotation && input.rotationInterval === undefined) {
    throw new MissingParameterError("RotationInterval");
  }
  const seconds =
    input.rotationInterval === undefined ? undefined : parseRotationInterval(input.rotationInterval);
  return mutateKey(deps, caller, input.keyId, (record) => {
    assertUserManaged(record, "UpdateRotationPolicy");
    /* Precondition: only symmetric keys rotate automatically. */
    if (keySpecInfo(record.keySpec).kind !== "symmetric") {
      throw new UnsupportedOperationError("Asymmetric keys do not support automatic rotation.");
    }
    assertStateAllows(record, "UpdateRotationPolicy");
    return setRotationPolicy(record, input.enableAutomaticRotation, seconds);
  });
}

/** The outcome of one run of the rotation job. */
export interface RotationRun {
  readonly rotated: readonly { accountId: string; keyId: string; versionId: string }[];
  readonly failed: readonly { accountId: string; keyId: string; code: string }[];
}

/**
 * The scheduled rotation (functions/rotate-keys.ts): every Enabled key with automatic rotation whose next
 * rotation is due gets a new primary version. Disabled and PendingDeletion keys are suspended (not listed). A key
 * that fails is reported and retried on the next run; the others go on.
 */
export async function rotateDueKeys(deps: ServiceDeps, limit = 100): Promise<RotationRun> {
  const due = await deps.keys.listDueForRotation(isoSeconds(deps.clock()), limit);
  const rotated: { accountId: string; keyId: string; versionId: string }[] = [];
  const failed: { accountId: string; keyId: string; code: string }[] = [];
  for (const { accountId, keyId } of due) {
    try {
      const version = await rotateIfDue(deps, { accountId }, keyId);
      if (version) rotated.push({ accountId, keyId, versionId: version.versionId });
    } catch (error) {
      failed.push({ accountId, keyId, code: (error as { code?: string }).code ?? "InternalFailure" });
    }
  }
  return { rotated, failed };
}

class NotDue extends Error {}

async function rotateIfDue(
  deps: ServiceDeps,
  caller: Caller,
  keyId: string,
): Promise<KeyVersion | undefined> {
  try {
    const { version } = await addKeyVersion(deps, caller, keyId, (record) => {
      const next = record.rotation.nextRotationDate;
      // Re-checked against the record actually written over: a concurrent run or a policy change wins.
      if (
        !record.rotation.enabled ||
        record.keyState !== "Enabled" ||
        !next ||
        !isAtOrBefore(next, deps.clock())
      ) {
        throw new NotDue();
      }
    });
    return version;
  } catch (error) {
    if (error instanceof NotDue) return undefined;
    throw error;
  }
}
