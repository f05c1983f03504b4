import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { ALL_FUNCTIONS, type FunctionEntry } from "../../infra/functionCatalog";
import { FUNCTION_DEFAULTS } from "../../infra/functionDefaults";
import { type PackageFiles, packageFiles } from "./packageFiles";

/**
 * Builds every Keyward function the way SST builds a Node.js function (stack-notes section 11) with the options of
 * infra/functionDefaults.ts: ESM, platform node, target node22 (the Lambda runtime), minified and tree-shaken, code
 * splitting, the `createRequire` banner that bundled CommonJS needs under ESM (the AWS SDK requires `node:https`
 * dynamically), and pkcs11js external (a native addon, installed next to the HSM function's bundle at deploy).
 *
 * All functions are built in one esbuild run, so chunks are shared between them on disk; a function's package is
 * its entry plus every chunk it can reach (packageFiles.ts), which is what SST would ship for it alone.
 */

/** The project root (this file is scripts/bundles/buildBundles.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/[\\/]$/, "");

/** Where `scripts/build-bundles.ts` writes by default: dist/bundles/<name>/index.mjs and the shared chunks. */
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, "dist", "bundles");

/** Packages that must stay outside every bundle. */
export const EXTERNAL_PACKAGES = ["pkcs11js"] as const;

/** The banner SST puts on ESM bundles so bundled CommonJS can `require` Node built-ins. */
export const REQUIRE_BANNER =
  'import { createRequire as topLevelCreateRequire } from "node:module";' +
  "const require = topLevelCreateRequire(import.meta.url);";

/** The esbuild options shared by every function bundle. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  format: FUNCTION_DEFAULTS.nodejs.format,
  platform: "node",
  target: "node22",
  minify: FUNCTION_DEFAULTS.nodejs.minify,
  splitting: FUNCTION_DEFAULTS.nodejs.splitting,
  treeShaking: true,
  mainFields: ["module", "main"],
  banner: { js: REQUIRE_BANNER },
  external: [...EXTERNAL_PACKAGES],
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  logLevel: "silent",
} as const satisfies BuildOptions;

/** One function's package and what its import graph holds. */
export interface BundleReport extends PackageFiles {
  readonly name: string;
  readonly entry: FunctionEntry;
}

/** The outcome of a build: the bundles, and the functions whose handler file does not exist (yet). */
export interface BuildResult {
  readonly outDir: string;
  readonly bundles: readonly BundleReport[];
  readonly missing: readonly FunctionEntry[];
  /** esbuild's metafile of the whole build (absent when nothing was built), for import-chain questions. */
  readonly metafile?: Metafile;
}

/**
 * Builds the package of every function in infra/functionCatalog.ts whose `functions/<module>.ts` exists.
 * @param outDir where to write `<name>/index.mjs` and `chunks/` (default dist/bundles).
 * @throws Error with esbuild's messages when a function does not build.
 */
export async function buildBundles(outDir: string = DEFAULT_OUT_DIR): Promise<BuildResult> {
  const present: FunctionEntry[] = [];
  const missing: FunctionEntry[] = [];
  for (const entry of ALL_FUNCTIONS) {
    (existsSync(join(PROJECT_ROOT, "functions", `${entry.module}.ts`)) ? present : missing).push(entry);
  }
  if (present.length === 0) return { outDir, bundles: [], missing };
  const result = await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(
      present.map((entry) => [`${entry.name}/index`, join(PROJECT_ROOT, "functions", `${entry.module}.ts`)]),
    ),
    outdir: outDir,
  });
  const bundles = present.map((entry) => {
    const file = join(outDir, entry.name, "index.mjs");
    const key = relative(PROJECT_ROOT, file).split("\\").join("/");
    return { name: entry.name, entry, ...packageFiles(result.metafile, key, PROJECT_ROOT) };
  });
  return { outDir, bundles, missing, metafile: result.metafile };
}
