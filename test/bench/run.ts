/**
 * `npm run bench`: Keyward's benchmarks, one command on one machine in one run (DESIGN section 7 targets). Prints
 * Markdown tables headed by the machine, the Node version, the date and the command, and writes the same report to
 * bench-results/<date>.md and docs/benchmarks.md, and the tables marked `inReadme` into the README's figures block.
 * Each section runs in its own child process (runSection.ts).
 *
 *   npm run bench                              every section
 *   npm run bench -- --only http,hsm           some sections (the report goes to bench-results/ only)
 *   npm run bench -- --wait-load 1.5           first wait (up to 20 min) for the 1-minute load average to drop
 *
 * Sections: inProcess, stack, http, storeAndBundles, hsm, smCrypto.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SectionResult } from "./BenchSection";
import { describeMachine } from "./machine";
import { markdownSection, markdownTable } from "./markdown";
import { readmeBlock, writeReadmeBlock } from "./readmeBlock";
import { targetsTable } from "./targets";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SECTION_NAMES = ["inProcess", "stack", "http", "storeAndBundles", "hsm", "smCrypto"] as const;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function runSection(name: string): Promise<SectionResult> {
  const child: ChildProcess = fork(join(ROOT, "test", "bench", "runSection.ts"), [name], {
    execArgv: ["--import", "tsx", "--no-warnings"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    cwd: ROOT,
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on("message", (message) => {
      const reply = message as { result?: SectionResult; error?: string };
      settled = true;
      if (reply.result) resolve(reply.result);
      else reject(new Error(`section ${name}: ${reply.error}`));
    });
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`section ${name} exited with ${code} without a result`));
    });
  });
}

async function waitForLoad(threshold: number, maxSeconds: number): Promise<void> {
  const start = Date.now();
  while ((loadavg()[0] ?? 0) > threshold && Date.now() - start < maxSeconds * 1000) {
    process.stderr.write(`load ${(loadavg()[0] ?? 0).toFixed(2)} > ${threshold}; waiting...\n`);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
}

async function main(args: readonly string[]): Promise<void> {
  const only = option(args, "--only")?.split(",");
  const names = SECTION_NAMES.filter((name) => !only || only.includes(name));
  const waitLoad = option(args, "--wait-load");
  if (waitLoad) await waitForLoad(Number(waitLoad), 1200);
  const machine = describeMachine();
  const started = new Date();
  const command = `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
  const results: SectionResult[] = [];
  for (const name of names) {
    process.stderr.write(`bench: ${name}...\n`);
    const sectionStart = performance.now();
    results.push(await runSection(name));
    process.stderr.write(
      `bench: ${name} done in ${((performance.now() - sectionStart) / 1000).toFixed(0)} s\n`,
    );
  }
  const finished = new Date();
  const header = [
    "# Keyward benchmarks",
    `Produced by \`${command}\` (test/bench/run.ts) on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ` +
      `${Math.round((finished.getTime() - started.getTime()) / 1000)} s. Reproduce with \`npm run bench\`.`,
    markdownTable({
      headers: ["machine", ""],
      rows: [
        ["CPU", `${machine.cpuModel}, ${machine.cores} cores`],
        ["memory", `${machine.memoryGiB.toFixed(1)} GiB`],
        ["OS", machine.os],
        ["Node.js", machine.node],
        ["SoftHSM", machine.softHsm],
        [
          "1-minute load average",
          `${machine.loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end (other processes share the machine: figures move with it)`,
        ],
      ],
    }),
  ].join("\n\n");
  const figures = Object.assign({}, ...results.map((result) => result.figures ?? {}));
  const targets = targetsTable(figures);
  const summary = ["## Targets of this round", markdownTable(targets)].join("\n\n");
  const report = `${[header, summary, ...results.map((result, i) => markdownSection(i + 1, result))].join("\n\n")}\n`;
  process.stdout.write(report);
  const resultsDir = join(ROOT, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replaceAll(":", "-").slice(0, 19);
  writeFileSync(join(resultsDir, `${stamp}.md`), report);
  if (!only) {
    writeFileSync(join(ROOT, "docs", "benchmarks.md"), report);
    const runLine =
      `Last run: ${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine.cpuModel} ` +
      `${machine.cores} cores, Node ${machine.node}, SoftHSM ${machine.softHsm}, 1-minute load average ` +
      `${machine.loadAtStart.toFixed(2)} at start and ${(loadavg()[0] ?? 0).toFixed(2)} at the end; \`${command}\`.`;
    writeReadmeBlock(join(ROOT, "README.md"), readmeBlock(runLine, targets, results));
  }
  process.stderr.write(
    `bench: written to bench-results/${stamp}.md${only ? "" : ", docs/benchmarks.md and the README's figures"}\n`,
  );
}

await main(process.argv.slice(2));
