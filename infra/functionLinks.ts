import type { FunctionNeeds } from "./functionCatalog";
import { baseEnvironment } from "./functionDefaults";
import { hsmEnvironment, hsmLinks } from "./hsm";
import { rootKeys } from "./secrets";
import { settings } from "./stage";
import { table } from "./storage";

/**
 * The links of a function with these needs (STYLE rule 15): each function is linked only to what it uses, so its IAM
 * role reaches only those resources and its bundle carries only those secrets. Link names, as `Resource.<Name>`:
 * `Keys` (table; `.name`), `RootKeys` (`.value`), `Hsm` (function; `.name`), plus the buckets in infra/events.ts.
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
