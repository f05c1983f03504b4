import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { ACCESS_KEY_STATUSES, type AccessKeyRecord, type AccessKeySummary } from "./AccessKeyRepository";
import { bin, defined, map, num, optionalStr, str } from "./attributeValues";
import type { Item } from "./DynamoTable";
import { CorruptItemError } from "./errors";
import { ItemReader } from "./ItemReader";
import { accessKeyPk, accessKeysOfAccountPk, SORT_KEYS } from "./itemKeys";
import { assertIsoSeconds } from "./keyItemKeys";

const ITEM_TYPE = "ACCESSKEY";
const SCHEMA = 1;

/**
 * The item of an AccessKey (DESIGN section 5): pk `ACCESSKEY#<id>`, sk `ACCESSKEY`; GSI1
 * `ACCT#<account>#ACCESSKEYS` / `<creationDate>#<id>`. The wrapped secret is a map `secret` {rootKeyId, wrapped
 * (binary)}, which GSI1 does not project: listings never carry it.
 * @throws InvalidParameterError when an id cannot be stored or creationDate is not `YYYY-MM-DDTHH:mm:ssZ`.
 */
export function encodeAccessKey(record: AccessKeyRecord): Item {
  assertIsoSeconds(record.creationDate, "creationDate");
  return defined({
    pk: str(accessKeyPk(record.accessKeyId)),
    sk: str(SORT_KEYS.accessKey),
    gsi1pk: str(accessKeysOfAccountPk(record.accountId)),
    gsi1sk: str(`${record.creationDate}#${record.accessKeyId}`),
    type: str(ITEM_TYPE),
    schema: num(SCHEMA),
    accessKeyId: str(record.accessKeyId),
    accountId: str(record.accountId),
    secret: encodeWrappedSecret(record.secret),
    status: str(record.status),
    creationDate: str(record.creationDate),
    description: optionalStr(record.description),
  });
}

/** The `secret` attribute of an AccessKey item: the root key id and the wrapped bytes. */
export function encodeWrappedSecret(secret: AccessKeyRecord["secret"]): AttributeValue {
  return map({ rootKeyId: str(secret.rootKeyId), wrapped: bin(secret.wrapped) });
}

/** The record of a full AccessKey item. @throws CorruptItemError when a field is missing or mistyped. */
export function decodeAccessKey(item: Item): AccessKeyRecord {
  const secret = new ItemReader(item, ITEM_TYPE).map("secret");
  return {
    ...decodeAccessKeySummary(item),
    secret: { rootKeyId: secret.string("rootKeyId"), wrapped: secret.bytes("wrapped") },
  };
}

/** The summary of an AccessKey item or of its GSI1 projection. @throws CorruptItemError as decodeAccessKey. */
export function decodeAccessKeySummary(item: Item): AccessKeySummary {
  const reader = new ItemReader(item, ITEM_TYPE);
  const schema = reader.optionalInteger("schema");
  if (schema !== undefined && schema !== SCHEMA) throw new CorruptItemError(ITEM_TYPE, "schema");
  const description = reader.optionalString("description");
  return {
    accessKeyId: reader.string("accessKeyId"),
    accountId: reader.string("accountId"),
    status: reader.oneOf("status", ACCESS_KEY_STATUSES),
    creationDate: reader.string("creationDate"),
    ...(description === undefined ? {} : { description }),
  };
}
