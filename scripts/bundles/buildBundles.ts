import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { ALL_FUNCTIONS, type FunctionEntry } from "../../infra/functionCatalog";

/**
 * Builds every Keyward function the way SST builds a Node.js function (stack-notes section 11): one ESM file per
 * function, platform node, target node22 (the Lambda runtime), minified and tree-shaken, with the `createRequire`
 * banner that bundled CommonJS needs under ESM (the AWS SDK requires `node:https` dynamically), and pkcs11js left
 * external (a native addon, installed next to the HSM function's bundle at deploy).
 */

/** The project root (this file is scripts/bundles/buildBundles.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/[\\/]$/, "");

/** Where `scripts/build-bundles.ts` writes by default: dist/bundles/<name>/index.mjs. */
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
  format: "esm",
  platform: "node",
  target: "node22",
  minify: true,
  treeShaking: true,
  mainFields: ["module", "main"],
  banner: { js: REQUIRE_BANNER },
  external: [...EXTERNAL_PACKAGES],
  outExtension: { ".js": ".mjs" },
  metafile: true,
  logLevel: "silent",
} as const satisfies BuildOptions;

/** One function's bundle and what its import graph holds. */
export interface BundleReport {
  readonly name: string;
  readonly entry: FunctionEntry;
  /** Absolute path of `<outDir>/<name>/index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  /** The bytes each bundled npm package contributes to the output (esbuild's metafile), by package name. */
  readonly packageBytes: Readonly<Record<string, number>>;
  /** Whether sm-crypto-v2 code is inside the bundle. */
  readonly includesSmCrypto: boolean;
  /** Whether the bundle imports the external pkcs11js. */
  readonly importsPkcs11: boolean;
}

/** The outcome of a build: the bundles, and the functions whose handler file does not exist (yet). */
export interface BuildResult {
  readonly outDir: string;
  readonly bundles: readonly BundleReport[];
  readonly missing: readonly FunctionEntry[];
  /** esbuild's metafile of the whole build (absent when nothing was built), for import-chain questions. */
  readonly metafile?: Metafile;
}

/** The npm package a metafile input path belongs to (`node_modules/@scope/name/...` or `node_modules/name/...`). */
export function packageOf(inputPath: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(inputPath.split("\\").join("/"));
  return match?.[1];
}

function reportFor(entry: FunctionEntry, outDir: string, metafile: Metafile): BundleReport {
  const file = join(outDir, entry.name, "index.mjs");
  const output = metafile.outputs[relative(PROJECT_ROOT, file).split("\\").join("/")];
  // esbuild reports an output for every entry point; a missing one is a bug here, not an input error.
  if (!output) throw new Error(`esbuild did not report an output for ${entry.name}`);
  const packageBytes: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    if (name) packageBytes[name] = (packageBytes[name] ?? 0) + bytesInOutput;
  }
  return {
    name: entry.name,
    entry,
    file,
    bytes: output.bytes,
    packageBytes,
    includesSmCrypto: "sm-crypto-v2" in packageBytes,
    importsPkcs11: output.imports.some(
      (imported) => imported.path === "pkcs11js" && imported.external === true,
    ),
  };
}

/**
 * Builds the bundle of every function in infra/functionCatalog.ts whose `functions/<module>.ts` exists, in one esbuild
 * run (each output is still a complete bundle: no code splitting).
 * @param outDir where to write `<name>/index.mjs` (default dist/bundles).
 * @throws Error with esbuild's messages when a bundle does not build.
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
  const bundles = present.map((entry) => reportFor(entry, outDir, result.metafile));
  return { outDir, bundles, missing, metafile: result.metafile };
}
