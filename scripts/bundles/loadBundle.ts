import { execFile } from "node:child_process";
import { copyFile, mkdir, rm, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { type BundleReport, EXTERNAL_PACKAGES, PROJECT_ROOT } from "./buildBundles";

const run = promisify(execFile);

/** A package copied where a cold start can be reproduced. */
export interface StagedBundle {
  /** The staged entry. */
  readonly entry: string;
  /** The staged chunks (every file of the package but the entry). */
  readonly chunks: readonly string[];
}

/**
 * Copies a function's package into `<stageRoot>/<name>/`, the way it sits in its Lambda package: its own files, plus
 * `node_modules/pkcs11js` only for the function declared to need it (the HSM function, whose SST `nodejs.install`
 * puts it there; here a symlink to the project's build), whatever the bundle itself imports. `stageRoot` must lie
 * outside the project, so a bare import the bundle did not inline cannot silently resolve to the project's
 * node_modules.
 */
export async function stageBundle(bundle: BundleReport, stageRoot: string): Promise<StagedBundle> {
  const outDir = dirname(dirname(bundle.file));
  const dir = join(stageRoot, bundle.name);
  const staged: string[] = [];
  for (const file of bundle.files) {
    const target = join(dir, relative(outDir, file));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(file, target);
    staged.push(target);
  }
  for (const pkg of EXTERNAL_PACKAGES) {
    if (pkg === "pkcs11js" && !bundle.entry.needs.pkcs11) continue;
    await mkdir(join(dir, "node_modules"), { recursive: true });
    await rm(join(dir, "node_modules", pkg), { force: true, recursive: true });
    await symlink(join(PROJECT_ROOT, "node_modules", pkg), join(dir, "node_modules", pkg), "dir");
  }
  return { entry: staged[0]!, chunks: staged.slice(1) };
}

/** What a cold import of a bundle showed. */
export interface ColdImport {
  /** Time of `await import(entry)` inside a fresh node process, in ms (node's own start-up excluded). */
  readonly importMs: number;
  /** `typeof handler` of the entry's exports: a Lambda handler module gives "function". */
  readonly handlerType: string;
}

/**
 * Imports a staged entry in a fresh node process (nothing cached) and times it; then, when `chunks` are given,
 * imports each of them too, proving every file a later invocation might load also loads.
 * @throws Error carrying the child's stderr when an import fails.
 */
export async function coldImport(entry: string, chunks: readonly string[] = []): Promise<ColdImport> {
  const url = (file: string) => JSON.stringify(pathToFileURL(file).href);
  const script = [
    "const start = performance.now();",
    `const mod = await import(${url(entry)});`,
    "const importMs = performance.now() - start;",
    ...chunks.map((chunk) => `await import(${url(chunk)});`),
    'process.stdout.write("\\n" + JSON.stringify({ importMs, handlerType: typeof mod.handler }));',
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: dirname(entry),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dirname(entry) },
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ColdImport;
}

/** The useful part of a failed child process: the first error line of its stderr. */
export function describeFailure(failure: unknown): string {
  const stderr = (failure as { stderr?: unknown }).stderr;
  const text = typeof stderr === "string" && stderr.trim() !== "" ? stderr : String(failure);
  const lines = text.split("\n").filter((line) => /Error|error:/.test(line));
  return (lines[0] ?? text.split("\n")[0] ?? "").trim().slice(0, 300);
}
