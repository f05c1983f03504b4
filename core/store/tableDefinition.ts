/**
 * The one DynamoDB table of Keyward, as data (DESIGN section 5; docs/data-model.md explains every item type and
 * index). `createTable` builds a CreateTable request from it for the local stack and the tests; the infra passes
 * the same fields to `sst.aws.Dynamo` (`fields`, `primaryIndex`, `globalIndexes`, `ttl` have that component's
 * shape), so there is one definition for both.
 *
 * - `gsi1`: per-account listings (keys oldest first, aliases by name, AccessKeys oldest first). It projects only
 *   what listings read and filter on: never a key's versions nor an AccessKey's secret.
 * - `gsi2`: sparse; holds only keys due for a scheduled job (`PURGE` while PendingDeletion, `ROTATE` while Enabled
 *   with automatic rotation), sorted by the due date.
 * - `gsi3`: the aliases of one key (alias items only, so it projects everything).
 */
export const TABLE_DEFINITION = {
  /** The attributes used by keys of the table or an index: all strings. */
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
    gsi3pk: "string",
    gsi3sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: {
      hashKey: "gsi1pk",
      rangeKey: "gsi1sk",
      projection: [
        "accountId",
        "keyId",
        "arn",
        "keyState",
        "keySpec",
        "keyUsage",
        "protectionLevel",
        "creatorType",
        "deleteDate",
        "aliasName",
        "aliasArn",
        "accessKeyId",
        "status",
        "creationDate",
        "description",
      ],
    },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projection: ["accountId", "keyId"] },
    gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk", projection: "all" },
  },
  /** The TTL attribute (epoch seconds) of nonce items; DynamoDB removes them some time after it passes. */
  ttl: "ttl",
} as const;

/** The name of a global secondary index of the table. */
export type IndexName = keyof typeof TABLE_DEFINITION.globalIndexes;
