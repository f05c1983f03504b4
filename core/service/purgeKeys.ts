import { isoSeconds } from "../keys/dates";
import { RevisionConflictError } from "../store/errors";
import { isLive } from "./resolveKey";
import type { ServiceDeps } from "./ServiceDeps";

/** The outcome of one run of the purge job. */
export interface PurgeRun {
  readonly purged: readonly { accountId: string; keyId: string }[];
  readonly failed: readonly { accountId: string; keyId: string; code: string }[];
}

/**
 * The scheduled purge (functions/purge-keys.ts): keys whose deletion date has passed are destroyed: the material
 * of every version (HSM objects), the key's aliases, then the key item itself, conditional on the revision read,
 * so a key whose deletion was cancelled in between survives. Such keys already read as not found before the purge
 * runs (core/service/resolveKey.ts). A key that fails is reported and retried on the next run.
 */
export async function purgeDueKeys(deps: ServiceDeps, limit = 100): Promise<PurgeRun> {
  const now = deps.clock();
  const due = await deps.keys.listDueForPurge(isoSeconds(now), limit);
  const purged: { accountId: string; keyId: string }[] = [];
  const failed: { accountId: string; keyId: string; code: string }[] = [];
  for (const { accountId, keyId } of due) {
    try {
      const record = await deps.keys.get(accountId, keyId);
      // Still live: the deletion was cancelled, or its date has not come yet.
      if (!record || isLive(record, now)) continue;
      const provider = deps.crypto(record.protectionLevel);
      for (const version of record.versions) {
        await provider.destroy({
          accountId,
          keyId,
          versionId: version.versionId,
          keySpec: record.keySpec,
          material: version.material,
        });
      }
      await deps.aliases.deleteAllForKey(accountId, keyId);
      await deps.keys.delete(accountId, keyId, record.revision);
      purged.push({ accountId, keyId });
    } catch (error) {
      if (error instanceof RevisionConflictError) continue;
      failed.push({ accountId, keyId, code: (error as { code?: string }).code ?? "InternalFailure" });
    }
  }
  return { purged, failed };
}
