import { WORKER_FUNCTIONS } from "./functionCatalog";
import { FUNCTION_DEFAULTS } from "./functionDefaults";
import { environmentFor, linksFor, permissionsFor } from "./functionLinks";

/**
 * The scheduled jobs (DESIGN section 6): rotation creates a new primary version of every key whose rotation is due;
 * purge deletes keys past their deletion date (and their HSM objects). Both read the sparse due-date index, so an
 * hourly run costs little; a key past its deletion date is already treated as gone, so the purge delay is harmless.
 */
function scheduled(name: "rotate-keys" | "purge-keys", component: string, description: string) {
  const entry = WORKER_FUNCTIONS.find((fn) => fn.name === name)!;
  return new sst.aws.Cron(component, {
    schedule: "rate(1 hour)",
    function: {
      ...FUNCTION_DEFAULTS,
      handler: `functions/${entry.module}.handler`,
      description,
      timeout: "5 minutes",
      link: linksFor(entry.needs),
      permissions: permissionsFor(entry.needs),
      environment: environmentFor(entry.needs),
    },
  });
}

/** Hourly: new versions for keys whose rotation is due. */
export const rotateKeys = scheduled(
  "rotate-keys",
  "RotateKeys",
  "Keyward: rotates keys whose rotation is due",
);

/** Hourly: purges keys past their deletion date. */
export const purgeKeys = scheduled(
  "purge-keys",
  "PurgeKeys",
  "Keyward: purges keys past their deletion date",
);
