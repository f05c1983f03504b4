import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BundleReport, buildBundles, DEFAULT_OUT_DIR } from "./bundles/buildBundles";
import { measureBundles } from "./bundles/loadBundle";

/**
 * Builds every function into dist/bundles/<name>/index.mjs as SST would (scripts/bundles/buildBundles.ts) and prints
 * each bundle's size, what sm-crypto-v2 adds to it and whether it imports pkcs11js; `--measure` adds the cold import time
 * (median of 3 fresh node processes per bundle).
 *
 *   npx tsx scripts/build-bundles.ts [--measure] [--out <dir>]
 */
/** What sm-crypto-v2 costs a bundle: the package with its private noble copy, plus @noble/ciphers it alone uses. */
function smCryptoBytes(bundle: BundleReport): number {
  return (bundle.packageBytes["sm-crypto-v2"] ?? 0) + (bundle.packageBytes["@noble/ciphers"] ?? 0);
}

async function main(args: readonly string[]): Promise<void> {
  const outIndex = args.indexOf("--out");
  const outDir = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : DEFAULT_OUT_DIR;
  const started = performance.now();
  const result = await buildBundles(outDir);
  const buildMs = performance.now() - started;
  for (const entry of result.missing)
    console.log(`skipped ${entry.name}: functions/${entry.module}.ts does not exist yet`);
  const stageRoot = await mkdtemp(join(tmpdir(), "keyward-bundles-"));
  try {
    const measured = args.includes("--measure") ? await measureBundles(result.bundles, stageRoot) : undefined;
    console.log(
      [
        "bundle".padEnd(34),
        "KiB".padStart(8),
        "SM KiB".padStart(8),
        "pkcs11js",
        measured ? "import ms" : "",
      ].join("  "),
    );
    for (const bundle of result.bundles) {
      const row = measured?.find((m) => m.name === bundle.name);
      console.log(
        [
          bundle.name.padEnd(34),
          (bundle.bytes / 1024).toFixed(1).padStart(8),
          (smCryptoBytes(bundle) ? (smCryptoBytes(bundle) / 1024).toFixed(1) : "-").padStart(8),
          (bundle.importsPkcs11 ? "yes" : "-").padEnd(8),
          row ? (row.error ? `does not load: ${row.error}` : row.coldImportMs.toFixed(0).padStart(9)) : "",
        ].join("  "),
      );
    }
    console.log(`${result.bundles.length} bundles in ${outDir}, built in ${(buildMs / 1000).toFixed(1)} s`);
  } finally {
    await rm(stageRoot, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
