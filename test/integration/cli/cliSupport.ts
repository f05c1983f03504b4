/**
 * Running the Keyward CLI in tests: in this process through `runCli` (usage and exit codes, quickly), or as a
 * child process exactly as `npm run keyward` runs it (tsx over infra/local/cli.ts). Children are spawned
 * asynchronously: a local stack serving their `call` requests may run in this very process.
 */
import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { runCli } from "../../../infra/local/cli/runCli";

/** The repository root (the CLI's working directory). */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** What a CLI run printed and its exit status. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An environment without the caller's Keyward and AWS settings, so only what a test sets counts. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("KEYWARD_") && !name.startsWith("AWS_")) env[name] = value;
  }
  // The AWS SDK's notice that it will need Node 22 (stack-notes pitfall 8) would clutter every stderr.
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...extra };
}

/** Runs the CLI in this process with captured output. */
export async function runInProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdout: new PassThrough(),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Runs `node --import tsx infra/local/cli.ts <args>` (what `npx tsx infra/local/cli.ts` does, minus npx). */
export function runChild(args: readonly string[], env: Record<string, string> = cleanEnv()): Promise<CliRun> {
  return runCommand(process.execPath, ["--import", "tsx", "infra/local/cli.ts", ...args], env);
}

/** Runs a command in the repository root and collects its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
