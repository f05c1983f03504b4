import { execFile } from "node:child_process";
import { copyFile, mkdir, rm, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { type BundleReport, EXTERNAL_PACKAGES, PROJECT_ROOT } from "./buildBundles";

const run = promisify(execFile);

/**
 * Copies a bundle into `<stageRoot>/<name>/index.mjs`, the way it sits in its Lambda package: alone, plus
 * `node_modules/pkcs11js` only for the function declared to need it (the HSM function, whose SST `nodejs.install`
 * puts it there; here a symlink to the project's build), whatever the bundle itself imports. `stageRoot` must lie outside the project, so a bare import the bundle did not
 * inline cannot silently resolve to the project's node_modules.
 * @returns the staged file.
 */
export async function stageBundle(bundle: BundleReport, stageRoot: string): Promise<string> {
  const dir = join(stageRoot, bundle.name);
  await mkdir(dir, { recursive: true });
  const file = join(dir, "index.mjs");
  await copyFile(bundle.file, file);
  for (const pkg of EXTERNAL_PACKAGES) {
    if (pkg === "pkcs11js" && !bundle.entry.needs.pkcs11) continue;
    await mkdir(join(dir, "node_modules"), { recursive: true });
    await rm(join(dir, "node_modules", pkg), { force: true, recursive: true });
    await symlink(join(PROJECT_ROOT, "node_modules", pkg), join(dir, "node_modules", pkg), "dir");
  }
  return file;
}

/** What a cold import of a bundle showed. */
export interface ColdImport {
  /** Time of `await import(bundle)` inside a fresh node process, in ms (node's own start-up excluded). */
  readonly importMs: number;
  /** `typeof handler` of the module's exports: a Lambda handler module gives "function". */
  readonly handlerType: string;
}

/**
 * Imports a bundle in a fresh node process (nothing cached, no project node_modules in reach when staged) and times
 * the import.
 * @throws Error carrying the child's stderr when the import fails.
 */
export async function coldImport(file: string): Promise<ColdImport> {
  const script = [
    "const start = performance.now();",
    `const mod = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const importMs = performance.now() - start;",
    'process.stdout.write("\\n" + JSON.stringify({ importMs, handlerType: typeof mod.handler }));',
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: dirname(file),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dirname(file) },
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ColdImport;
}

/** A row of the benchmark report. */
export interface BundleMeasurement {
  readonly name: string;
  readonly bytes: number;
  /** Median of the runs; NaN when the bundle does not load. */
  readonly coldImportMs: number;
  /** Why the bundle does not load, when it does not (the child's stderr, first lines). */
  readonly error?: string;
  readonly includesSmCrypto: boolean;
  readonly importsPkcs11: boolean;
}

/**
 * Measures each bundle's size and cold import time (median of `runs` fresh processes, one bundle at a time so the
 * figures do not compete for the CPU). A bundle that does not load is reported with its error, not thrown.
 */
export async function measureBundles(
  bundles: readonly BundleReport[],
  stageRoot: string,
  runs = 3,
): Promise<BundleMeasurement[]> {
  const rows: BundleMeasurement[] = [];
  for (const bundle of bundles) {
    const file = await stageBundle(bundle, stageRoot);
    const times: number[] = [];
    let error: string | undefined;
    try {
      for (let i = 0; i < runs; i++) times.push((await coldImport(file)).importMs);
    } catch (failure) {
      error = describeFailure(failure);
    }
    times.sort((a, b) => a - b);
    rows.push({
      name: bundle.name,
      bytes: bundle.bytes,
      coldImportMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
      includesSmCrypto: bundle.includesSmCrypto,
      importsPkcs11: bundle.importsPkcs11,
      ...(error ? { error } : {}),
    });
  }
  return rows;
}

/** The useful part of a failed child process: the first error line of its stderr. */
export function describeFailure(failure: unknown): string {
  const stderr = (failure as { stderr?: unknown }).stderr;
  const text = typeof stderr === "string" && stderr.trim() !== "" ? stderr : String(failure);
  const lines = text.split("\n").filter((line) => /Error|error:/.test(line));
  return (lines[0] ?? text.split("\n")[0] ?? "").trim().slice(0, 300);
}
