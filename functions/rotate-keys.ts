/**
 * The scheduled rotation (DESIGN section 6): every Enabled key with automatic rotation whose next rotation is due
 * gets a new primary version. Runs on a schedule in the cloud (infra/cron.ts) and on a timer locally.
 */
import { rotateDueKeys } from "../core/service/rotation";
import { getDeps } from "./lib/deps";
import { getLogger } from "./lib/logger";

/** Keys handled per batch; the job repeats batches until fewer come back. */
const BATCH = 100;
/** Batches per run, so one run stays well inside the Lambda timeout; the rest wait for the next run. */
const MAX_BATCHES = 20;

export const handler = async (): Promise<{ rotated: number; failed: number }> => {
  const deps = await getDeps();
  let rotated = 0;
  let failed = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const run = await rotateDueKeys(deps, BATCH);
    rotated += run.rotated.length;
    failed += run.failed.length;
    for (const failure of run.failed) getLogger().warn("rotation failed", { ...failure });
    if (run.rotated.length + run.failed.length < BATCH || run.rotated.length === 0) break;
  }
  getLogger().info("rotation run", { rotated, failed });
  return { rotated, failed };
};
