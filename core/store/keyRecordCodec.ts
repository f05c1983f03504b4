import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { KeyRecord, KeyVersion, MaterialRef, RotationPolicy } from "../keys/KeyRecord";
import { CREATOR_TYPES, KEY_SPECS, KEY_STATES, KEY_USAGES, ORIGINS, PROTECTION_LEVELS } from "../keys/types";
import {
  bin,
  bool,
  defined,
  list,
  map,
  num,
  optionalNum,
  optionalStr,
  str,
  stringMap,
} from "./attributeValues";
import type { Item } from "./DynamoTable";
import { CorruptItemError } from "./errors";
import { ItemReader } from "./ItemReader";

/** The layout version of key items; a new layout gets a new number and a decoder for it. */
export const KEY_ITEM_SCHEMA = 1;
const ITEM_TYPE = "KEY";

/**
 * The data attributes of a key item (DESIGN section 5; layout in docs/data-model.md): every KeyRecord field as
 * its own attribute, versions as a list of maps, wrapped material as binary, tags as a map. The key attributes
 * (pk, sk, index keys) are added by keyItemKeys. Optional fields that are absent are absent attributes.
 */
export function encodeKeyRecord(record: KeyRecord): Item {
  const fields: Record<string, AttributeValue | undefined> = {
    type: str(ITEM_TYPE),
    schema: num(KEY_ITEM_SCHEMA),
    accountId: str(record.accountId),
    keyId: str(record.keyId),
    arn: str(record.arn),
    keySpec: str(record.keySpec),
    keyUsage: str(record.keyUsage),
    origin: str(record.origin),
    protectionLevel: str(record.protectionLevel),
    keyState: str(record.keyState),
    description: str(record.description),
    creator: str(record.creator),
    creatorType: str(record.creatorType),
    creationDate: str(record.creationDate),
    deleteDate: optionalStr(record.deleteDate),
    deletionProtection: map({
      enabled: bool(record.deletionProtection.enabled),
      description: optionalStr(record.deletionProtection.description),
    }),
    rotation: encodeRotation(record.rotation),
    primaryKeyVersion: optionalStr(record.primaryKeyVersion),
    versions: list(record.versions.map(encodeVersion)),
    tags: stringMap(record.tags),
    revision: num(record.revision),
  };
  return defined(fields);
}

/**
 * The KeyRecord a stored key item holds (the inverse of encodeKeyRecord; key attributes are ignored).
 * @throws CorruptItemError when the item is not a key item of a known schema or an attribute is missing or of
 * the wrong type or value.
 */
export function decodeKeyRecord(item: Item): KeyRecord {
  const reader = new ItemReader(item, ITEM_TYPE);
  if (reader.string("type") !== ITEM_TYPE) throw new CorruptItemError(ITEM_TYPE, "type");
  if (reader.integer("schema") !== KEY_ITEM_SCHEMA) throw new CorruptItemError(ITEM_TYPE, "schema");
  const protection = reader.map("deletionProtection");
  return withoutUndefined({
    accountId: reader.string("accountId"),
    keyId: reader.string("keyId"),
    arn: reader.string("arn"),
    keySpec: reader.oneOf("keySpec", KEY_SPECS),
    keyUsage: reader.oneOf("keyUsage", KEY_USAGES),
    origin: reader.oneOf("origin", ORIGINS),
    protectionLevel: reader.oneOf("protectionLevel", PROTECTION_LEVELS),
    keyState: reader.oneOf("keyState", KEY_STATES),
    description: reader.string("description"),
    creator: reader.string("creator"),
    creatorType: reader.oneOf("creatorType", CREATOR_TYPES),
    creationDate: reader.string("creationDate"),
    deleteDate: reader.optionalString("deleteDate"),
    deletionProtection: withoutUndefined({
      enabled: protection.boolean("enabled"),
      description: protection.optionalString("description"),
    }),
    rotation: decodeRotation(reader.map("rotation")),
    primaryKeyVersion: reader.optionalString("primaryKeyVersion"),
    versions: reader.mapList("versions").map(decodeVersion),
    tags: reader.stringMap("tags"),
    revision: reader.integer("revision"),
  });
}

function encodeRotation(rotation: RotationPolicy): AttributeValue {
  return map({
    enabled: bool(rotation.enabled),
    intervalSeconds: optionalNum(rotation.intervalSeconds),
    lastRotationDate: optionalStr(rotation.lastRotationDate),
    nextRotationDate: optionalStr(rotation.nextRotationDate),
  });
}

function decodeRotation(reader: ItemReader): RotationPolicy {
  return withoutUndefined({
    enabled: reader.boolean("enabled"),
    intervalSeconds: reader.optionalInteger("intervalSeconds"),
    lastRotationDate: reader.optionalString("lastRotationDate"),
    nextRotationDate: reader.optionalString("nextRotationDate"),
  });
}

function encodeVersion(version: KeyVersion): AttributeValue {
  return map({
    versionId: str(version.versionId),
    creationDate: str(version.creationDate),
    material: encodeMaterial(version.material),
    publicKey: optionalStr(version.publicKey),
  });
}

function decodeVersion(reader: ItemReader): KeyVersion {
  return withoutUndefined({
    versionId: reader.string("versionId"),
    creationDate: reader.string("creationDate"),
    material: decodeMaterial(reader.map("material")),
    publicKey: reader.optionalString("publicKey"),
  });
}

function encodeMaterial(material: MaterialRef): AttributeValue {
  if (material.kind === "software") {
    return map({ kind: str("software"), rootKeyId: str(material.rootKeyId), wrapped: bin(material.wrapped) });
  }
  return map({ kind: str("hsm"), label: str(material.label) });
}

function decodeMaterial(reader: ItemReader): MaterialRef {
  const kind = reader.oneOf("kind", ["software", "hsm"] as const);
  if (kind === "software") {
    return { kind, rootKeyId: reader.string("rootKeyId"), wrapped: reader.bytes("wrapped") };
  }
  return { kind, label: reader.string("label") };
}

/** The object without its undefined properties, so an absent attribute gives an absent field. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
