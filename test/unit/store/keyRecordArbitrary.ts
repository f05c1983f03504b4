import fc from "fast-check";
import type { KeyRecord, KeyVersion, MaterialRef, RotationPolicy } from "../../../core/keys/KeyRecord";
import {
  CREATOR_TYPES,
  KEY_SPECS,
  KEY_STATES,
  KEY_USAGES,
  ORIGINS,
  PROTECTION_LEVELS,
} from "../../../core/keys/types";

/** ISO-8601 UTC to the second, between 2000 and 2100. */
export const isoSeconds = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
  .map((seconds) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`);

/** A storable identifier: 1 to 128 characters, no `#`. */
export const identifier = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => !value.includes("#"));

const material: fc.Arbitrary<MaterialRef> = fc.oneof(
  fc.record(
    {
      kind: fc.constant("software" as const),
      rootKeyId: fc.string(),
      wrapped: fc.uint8Array({ maxLength: 96 }),
    },
    { noNullPrototype: true },
  ),
  fc.record({ kind: fc.constant("hsm" as const), label: fc.string() }, { noNullPrototype: true }),
);

const version: fc.Arbitrary<KeyVersion> = fc.record(
  { versionId: fc.uuid(), creationDate: isoSeconds, material, publicKey: fc.string() },
  { requiredKeys: ["versionId", "creationDate", "material"], noNullPrototype: true },
);

const rotation: fc.Arbitrary<RotationPolicy> = fc.record(
  {
    enabled: fc.boolean(),
    intervalSeconds: fc.integer({ min: 604_800, max: 63_072_000 }),
    lastRotationDate: isoSeconds,
    nextRotationDate: isoSeconds,
  },
  { requiredKeys: ["enabled"], noNullPrototype: true },
);

/** Any KeyRecord the store must keep exactly (optional fields absent or present, any strings and bytes). */
export const keyRecord: fc.Arbitrary<KeyRecord> = fc.record(
  {
    accountId: identifier,
    keyId: fc.uuid(),
    arn: fc.string(),
    keySpec: fc.constantFrom(...KEY_SPECS),
    keyUsage: fc.constantFrom(...KEY_USAGES),
    origin: fc.constantFrom(...ORIGINS),
    protectionLevel: fc.constantFrom(...PROTECTION_LEVELS),
    keyState: fc.constantFrom(...KEY_STATES),
    description: fc.string({ maxLength: 64 }),
    creator: fc.string(),
    creatorType: fc.constantFrom(...CREATOR_TYPES),
    creationDate: isoSeconds,
    deleteDate: isoSeconds,
    deletionProtection: fc.record(
      { enabled: fc.boolean(), description: fc.string() },
      { requiredKeys: ["enabled"], noNullPrototype: true },
    ),
    rotation,
    primaryKeyVersion: fc.uuid(),
    versions: fc.array(version, { maxLength: 4 }),
    tags: fc.dictionary(fc.string({ minLength: 1, maxLength: 16 }), fc.string({ maxLength: 16 }), {
      maxKeys: 5,
      noNullPrototype: true,
    }),
    revision: fc.integer({ min: 1, max: 1_000_000 }),
  },
  {
    requiredKeys: [
      "accountId",
      "keyId",
      "arn",
      "keySpec",
      "keyUsage",
      "origin",
      "protectionLevel",
      "keyState",
      "description",
      "creator",
      "creatorType",
      "creationDate",
      "deletionProtection",
      "rotation",
      "versions",
      "tags",
      "revision",
    ],
    noNullPrototype: true,
  },
);
