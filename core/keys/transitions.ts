import { addSeconds, SECONDS_PER_DAY } from "./dates";
import type { KeyRecord, KeyVersion, RotationPolicy } from "./KeyRecord";

/**
 * The key's state changes as pure functions (STYLE rule 11): each takes a record and returns the next one with
 * its revision incremented, so the store can write it conditionally on the revision that was read. Whether a
 * transition is allowed is decided before, by assertStateAllows (core/keys/stateMachine.ts).
 */

function next(record: KeyRecord, change: Partial<KeyRecord>): KeyRecord {
  return { ...record, ...change, revision: record.revision + 1 };
}

export function enableKey(record: KeyRecord): KeyRecord {
  return next(record, { keyState: "Enabled" });
}

export function disableKey(record: KeyRecord): KeyRecord {
  return next(record, { keyState: "Disabled" });
}

/** PendingDeletion with the key destroyed `pendingWindowInDays` after `now`. */
export function scheduleKeyDeletion(record: KeyRecord, now: string, pendingWindowInDays: number): KeyRecord {
  return next(record, {
    keyState: "PendingDeletion",
    deleteDate: addSeconds(now, pendingWindowInDays * SECONDS_PER_DAY),
  });
}

/** Back to Enabled, with the deletion date cleared. */
export function cancelKeyDeletion(record: KeyRecord): KeyRecord {
  const { deleteDate: _cleared, ...rest } = record;
  return next(rest, { keyState: "Enabled" });
}

export function setDeletionProtection(record: KeyRecord, enabled: boolean, description?: string): KeyRecord {
  return next(record, {
    deletionProtection: enabled ? { enabled, description: description ?? "" } : { enabled },
  });
}

export function updateDescription(record: KeyRecord, description: string): KeyRecord {
  return next(record, { description });
}

export function replaceTags(record: KeyRecord, tags: Readonly<Record<string, string>>): KeyRecord {
  return next(record, { tags });
}

/**
 * Appends a version. For symmetric keys it becomes the primary version and, when automatic rotation is on, the
 * rotation dates move on from `now`.
 */
export function addVersion(record: KeyRecord, version: KeyVersion, now: string): KeyRecord {
  const versions = [...record.versions, version];
  if (record.primaryKeyVersion === undefined) return next(record, { versions });
  const rotation = record.rotation.enabled ? rotatedAt(record.rotation, now) : record.rotation;
  return next(record, { versions, primaryKeyVersion: version.versionId, rotation });
}

function rotatedAt(rotation: RotationPolicy, now: string): RotationPolicy {
  const interval = rotation.intervalSeconds ?? 0;
  return { ...rotation, lastRotationDate: now, nextRotationDate: addSeconds(now, interval) };
}

/**
 * Turns automatic rotation on (with an interval) or off. The next rotation is due one interval after the last
 * rotation, or after the primary version's creation when the key was never rotated.
 */
export function setRotationPolicy(record: KeyRecord, enabled: boolean, intervalSeconds?: number): KeyRecord {
  if (!enabled) {
    const { nextRotationDate: _dropped, ...kept } = record.rotation;
    return next(record, { rotation: { ...kept, enabled: false } });
  }
  const interval = intervalSeconds ?? record.rotation.intervalSeconds ?? 365 * SECONDS_PER_DAY;
  const primary = record.versions.find((v) => v.versionId === record.primaryKeyVersion);
  const since = record.rotation.lastRotationDate ?? primary?.creationDate ?? record.creationDate;
  return next(record, {
    rotation: {
      ...record.rotation,
      enabled: true,
      intervalSeconds: interval,
      nextRotationDate: addSeconds(since, interval),
    },
  });
}
