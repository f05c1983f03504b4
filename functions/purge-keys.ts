/**
 * The scheduled purge (DESIGN section 6): keys past their deletion date are destroyed (material, HSM objects,
 * aliases, the item). They already read as not found before this runs. Runs on a schedule in the cloud
 * (infra/cron.ts) and on a timer locally.
 */
import { purgeDueKeys } from "../core/service/purgeKeys";
import { getDeps } from "./lib/deps";
import { getLogger } from "./lib/logger";

const BATCH = 100;
const MAX_BATCHES = 20;

export const handler = async (): Promise<{ purged: number; failed: number }> => {
  const deps = await getDeps();
  let purged = 0;
  let failed = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const run = await purgeDueKeys(deps, BATCH);
    purged += run.purged.length;
    failed += run.failed.length;
    for (const failure of run.failed) getLogger().warn("purge failed", { ...failure });
    if (run.purged.length + run.failed.length < BATCH || run.purged.length === 0) break;
  }
  getLogger().info("purge run", { purged, failed });
  return { purged, failed };
};
