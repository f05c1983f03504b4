import { TABLE_DEFINITION } from "../core/store/tableDefinition";
import { settings } from "./stage";

/**
 * The one DynamoDB table (DESIGN section 5): keys, aliases, AccessKeys and nonces. Its attributes, primary key,
 * global indexes and TTL attribute come from core/store/tableDefinition.ts, the definition the local stack and the
 * tests create their table from; only the arrays are copied, because SST's argument types want mutable ones.
 *
 * Point-in-time recovery is on (SST's default, set again here so it is visible); production adds deletion
 * protection, and the app's `removal: "retain"` keeps the table when the stage is removed.
 *
 * Linked as `Keys`: `Resource.Keys.name` is the table name (KEYWARD_TABLE_NAME). The link grants nothing: SST's
 * own Dynamo link grants `dynamodb:*` (UpdateTable and DeleteTable included) to every linked function, so each
 * function gets the item-level actions it makes from infra/functionLinks.ts `permissionsFor` instead.
 */
sst.Linkable.wrap(sst.aws.Dynamo, (dynamo) => ({ properties: { name: dynamo.name } }));

export const table = new sst.aws.Dynamo("Keys", {
  fields: { ...TABLE_DEFINITION.fields },
  primaryIndex: { ...TABLE_DEFINITION.primaryIndex },
  globalIndexes: Object.fromEntries(
    Object.entries(TABLE_DEFINITION.globalIndexes).map(([name, index]) => [
      name,
      {
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projection: typeof index.projection === "string" ? index.projection : [...index.projection],
      },
    ]),
  ),
  ttl: TABLE_DEFINITION.ttl,
  deletionProtection: settings.isProduction,
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: true };
    },
  },
});
