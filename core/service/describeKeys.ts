import { isoSeconds } from "../keys/dates";
import type { KeyRecord } from "../keys/KeyRecord";
import type { KeyListFilter, KeySummary, Page, PageRequest } from "../store/KeyRepository";
import { resolveKey } from "./resolveKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";

/** DescribeKey: the key's record, in any state. @throws KeyNotFoundError */
export function describeKey(deps: ServiceDeps, caller: Caller, input: { keyId: string }): Promise<KeyRecord> {
  return resolveKey(deps, caller, input.keyId);
}

/**
 * ListKeys: one page of the caller's keys, filtered (AND across attributes, OR within one attribute's values).
 * Keys past their deletion date are left out, as every other read treats them as gone.
 */
export function listKeys(
  deps: ServiceDeps,
  caller: Caller,
  input: { filter: KeyListFilter } & PageRequest,
): Promise<Page<KeySummary>> {
  const filter = { ...input.filter, liveAt: isoSeconds(deps.clock()) };
  return deps.keys.list(caller.accountId, filter, { pageNumber: input.pageNumber, pageSize: input.pageSize });
}

/** DescribeRegions: the one region this deployment serves. */
export function describeRegions(deps: Pick<ServiceDeps, "region">): { regionIds: string[] } {
  return { regionIds: [deps.region] };
}

/** DescribeAccountKmsStatus: every account that can call Keyward has it enabled. */
export function describeAccountKmsStatus(): { accountStatus: "Enabled" } {
  return { accountStatus: "Enabled" };
}
