import type { AliasRecord } from "./AliasRepository";
import { num, str } from "./attributeValues";
import type { Item } from "./DynamoTable";
import { CorruptItemError } from "./errors";
import { ItemReader } from "./ItemReader";
import { aliasesOfAccountPk, aliasesOfKeyPk, aliasPk, assertIdentifier, SORT_KEYS } from "./itemKeys";

const ITEM_TYPE = "ALIAS";
const SCHEMA = 1;

/**
 * The item of an alias (DESIGN section 5): pk `ACCT#<account>#ALIAS#<aliasName>`, sk `ALIAS`; GSI1
 * `ACCT#<account>#ALIASES` / aliasName (ListAliases); GSI3 `ACCT#<account>#KEY#<keyId>#ALIASES` / aliasName
 * (ListAliasesByKeyId, the purge).
 * @throws InvalidParameterError when the account id, key id or alias name cannot be stored.
 */
export function encodeAlias(alias: AliasRecord): Item {
  assertIdentifier(alias.keyId, "KeyId");
  return {
    pk: str(aliasPk(alias.accountId, alias.aliasName)),
    sk: str(SORT_KEYS.alias),
    gsi1pk: str(aliasesOfAccountPk(alias.accountId)),
    gsi1sk: str(alias.aliasName),
    gsi3pk: str(aliasesOfKeyPk(alias.accountId, alias.keyId)),
    gsi3sk: str(alias.aliasName),
    type: str(ITEM_TYPE),
    schema: num(SCHEMA),
    accountId: str(alias.accountId),
    aliasName: str(alias.aliasName),
    keyId: str(alias.keyId),
    aliasArn: str(alias.aliasArn),
  };
}

/**
 * The AliasRecord of an alias item, from the table or from an index that projects its four fields.
 * @throws CorruptItemError when a field is missing or mistyped.
 */
export function decodeAlias(item: Item): AliasRecord {
  const reader = new ItemReader(item, ITEM_TYPE);
  const schema = reader.optionalInteger("schema");
  if (schema !== undefined && schema !== SCHEMA) throw new CorruptItemError(ITEM_TYPE, "schema");
  return {
    accountId: reader.string("accountId"),
    aliasName: reader.string("aliasName"),
    keyId: reader.string("keyId"),
    aliasArn: reader.string("aliasArn"),
  };
}
