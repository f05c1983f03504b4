import type { KeyRecord, KeyVersion } from "../../core/keys/KeyRecord";
import { formatRotationInterval } from "../../core/keys/rotationInterval";
import { automaticRotationStatus } from "../../core/keys/stateMachine";
import type { AliasRecord } from "../../core/store/AliasRepository";
import type { Page } from "../../core/store/KeyRepository";
import type { WireObject } from "./WireObject";

/**
 * The wire shapes shared by several operations (reference sections 3 and 8), built explicitly from domain values
 * so every field name is visible here.
 */

/**
 * `KeyMetadata` of CreateKey and DescribeKey. DeleteDate only while PendingDeletion, PrimaryKeyVersion only for
 * symmetric keys, RotationInterval only while rotation is Enabled or Suspended; DescribeKey adds the deletion
 * protection fields.
 */
export function keyMetadata(key: KeyRecord, options: { deletionProtection: boolean }): WireObject {
  const rotation = automaticRotationStatus(key);
  return {
    KeyId: key.keyId,
    Arn: key.arn,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    Origin: key.origin,
    ProtectionLevel: key.protectionLevel,
    Description: key.description,
    Creator: key.creator,
    CreationDate: key.creationDate,
    DeleteDate: key.keyState === "PendingDeletion" ? key.deleteDate : undefined,
    PrimaryKeyVersion: key.primaryKeyVersion,
    AutomaticRotation: rotation,
    RotationInterval:
      rotation !== "Disabled" && key.rotation.intervalSeconds !== undefined
        ? formatRotationInterval(key.rotation.intervalSeconds)
        : undefined,
    LastRotationDate: key.rotation.lastRotationDate,
    NextRotationDate: rotation !== "Disabled" ? key.rotation.nextRotationDate : undefined,
    ...(options.deletionProtection
      ? {
          DeletionProtection: key.deletionProtection.enabled ? "Enabled" : "Disabled",
          DeletionProtectionDescription: key.deletionProtection.enabled
            ? key.deletionProtection.description
            : undefined,
        }
      : {}),
  };
}

/** One `KeyVersion` object. */
export function keyVersion(keyId: string, version: KeyVersion): WireObject {
  return { KeyId: keyId, KeyVersionId: version.versionId, CreationDate: version.creationDate };
}

/** One `Alias` object. */
export function alias(record: AliasRecord): WireObject {
  return { AliasName: record.aliasName, AliasArn: record.aliasArn, KeyId: record.keyId };
}

/**
 * A paged list wrapped twice (`{"Keys":{"Key":[...]},"TotalCount":..,"PageNumber":..,"PageSize":..}`).
 */
export function pagedList<T>(
  outer: string,
  inner: string,
  page: Page<T>,
  shape: (item: T) => WireObject,
): WireObject {
  return {
    [outer]: { [inner]: page.items.map(shape) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
}

/** Bytes as base64 text, the wire form of every binary field. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** The tags of a request, as the services take them. */
export function tagList(
  tags: Readonly<Record<string, string>> | undefined,
): { tagKey: string; tagValue: string }[] {
  return Object.entries(tags ?? {}).map(([tagKey, tagValue]) => ({ tagKey, tagValue }));
}
