import type { BundleReport } from "./buildBundles";
import { coldImport, describeFailure, stageBundle } from "./loadBundle";

/** A row of the benchmark report. */
export interface BundleMeasurement {
  readonly name: string;
  /** Bytes of the whole package (entry and every chunk it can load). */
  readonly bytes: number;
  /** Bytes a cold import evaluates (the entry and its static chunks). */
  readonly startupBytes: number;
  /** Median cold import time of the entry, ms, over the runs; NaN when it does not load. */
  readonly coldImportMs: number;
  /** What sm-crypto-v2 (with @noble/ciphers, which only it uses) adds to the package, in bytes. */
  readonly smCryptoBytes: number;
  readonly importsPkcs11: boolean;
  /** Why the entry does not load, when it does not (the child's first error line). */
  readonly error?: string;
}

/**
 * Measures each function's package: its size, what a cold start evaluates, and the cold import time of its entry
 * (median of `runs` fresh node processes, one function at a time so the figures do not compete for the CPU). A
 * package that does not load is reported with its error, not thrown.
 * @param stageRoot a directory outside the project (see stageBundle).
 */
export async function measureBundles(
  bundles: readonly BundleReport[],
  stageRoot: string,
  runs = 3,
): Promise<BundleMeasurement[]> {
  const rows: BundleMeasurement[] = [];
  for (const bundle of bundles) {
    const staged = await stageBundle(bundle, stageRoot);
    const times: number[] = [];
    let error: string | undefined;
    try {
      for (let i = 0; i < runs; i++) times.push((await coldImport(staged.entry)).importMs);
    } catch (failure) {
      error = describeFailure(failure);
    }
    times.sort((a, b) => a - b);
    rows.push({
      name: bundle.name,
      bytes: bundle.bytes,
      startupBytes: bundle.startupBytes,
      coldImportMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
      smCryptoBytes:
        (bundle.packageBytes["sm-crypto-v2"] ?? 0) + (bundle.packageBytes["@noble/ciphers"] ?? 0),
      importsPkcs11: bundle.importsPkcs11,
      ...(error ? { error } : {}),
    });
  }
  return rows;
}
