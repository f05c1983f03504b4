import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundles, DEFAULT_OUT_DIR } from "./bundles/buildBundles";
import { measureBundles } from "./bundles/measureBundles";

/**
 * Builds every function as SST would (scripts/bundles/buildBundles.ts) into dist/bundles/ and prints, per function,
 * its package size, what a cold start evaluates, what sm-crypto-v2 adds and whether it imports pkcs11js;
 * `--measure` adds the cold import time (median of 3 fresh node processes per function).
 *
 *   npx tsx scripts/build-bundles.ts [--measure] [--out <dir>]
 */
async function main(args: readonly string[]): Promise<void> {
  const outIndex = args.indexOf("--out");
  const outDir = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : DEFAULT_OUT_DIR;
  await rm(outDir, { recursive: true, force: true });
  const started = performance.now();
  const result = await buildBundles(outDir);
  const buildSeconds = (performance.now() - started) / 1000;
  for (const entry of result.missing)
    console.log(`skipped ${entry.name}: functions/${entry.module}.ts does not exist yet`);
  const stageRoot = await mkdtemp(join(tmpdir(), "keyward-bundles-"));
  try {
    const rows = await measureBundles(result.bundles, stageRoot, args.includes("--measure") ? 3 : 0);
    const kib = (bytes: number) => (bytes ? (bytes / 1024).toFixed(1) : "-").padStart(8);
    const header = ["function".padEnd(32), "pkg KiB", "start KiB", "SM KiB", "pkcs11js", "import ms"];
    console.log(header.join("  "));
    for (const row of rows) {
      const timing = row.error
        ? `does not load: ${row.error}`
        : Number.isNaN(row.coldImportMs)
          ? ""
          : row.coldImportMs.toFixed(0);
      console.log(
        [
          row.name.padEnd(32),
          kib(row.bytes),
          kib(row.startupBytes).padStart(9),
          kib(row.smCryptoBytes),
          (row.importsPkcs11 ? "yes" : "-").padEnd(8),
          timing.padStart(9),
        ].join("  "),
      );
    }
    console.log(`${result.bundles.length} functions built into ${outDir} in ${buildSeconds.toFixed(1)} s`);
  } finally {
    await rm(stageRoot, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
