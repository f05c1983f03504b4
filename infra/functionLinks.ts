import { type FunctionNeeds, tableActions } from "./functionCatalog";
import { baseEnvironment } from "./functionDefaults";
import { hsmEnvironment, hsmLinks } from "./hsm";
import { rootKeys } from "./secrets";
import { settings } from "./stage";
import { table } from "./storage";

/**
 * The links of a function with these needs (STYLE rule 15): each function is linked only to what it uses, so its IAM
 * role reaches only those resources and its bundle carries only those secrets. Link names, as `Resource.<Name>`:
 * `Keys` (table; `.name`), `RootKeys` (`.value`), `Hsm` (function; `.name`), plus the buckets in infra/events.ts.
 * The table's link carries its name only (infra/storage.ts); what a function may do with it is `permissionsFor`.
 */
export function linksFor(needs: FunctionNeeds) {
  return [
    ...(needs.table ? [table] : []),
    ...(needs.rootKeys ? [rootKeys] : []),
    ...(needs.hsm ? hsmLinks : []),
  ];
}

/** The plain (non-resource) settings a function with these needs reads, under core/config.ts's names. */
export function environmentFor(needs: FunctionNeeds): Record<string, string> {
  return {
    ...baseEnvironment(settings.keywardRegion),
    ...(needs.hsm ? hsmEnvironment : { KEYWARD_HSM_MODE: "none" }),
  };
}

/**
 * The IAM statements a function with these needs gets besides its links: the DynamoDB actions it makes
 * (functionCatalog.ts `tableActions`) on the table and its indexes, and nothing table-wide.
 */
export function permissionsFor(needs: FunctionNeeds) {
  const actions = tableActions(needs);
  return actions.length === 0
    ? []
    : [{ actions: [...actions], resources: [table.arn, $interpolate`${table.arn}/index/*`] }];
}
