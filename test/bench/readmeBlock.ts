import { readFileSync, writeFileSync } from "node:fs";
import type { BenchTable, SectionResult } from "./BenchSection";
import { markdownTable } from "./markdown";

/** The markers around the README's figures block; everything between them is rewritten by a full run. */
export const README_BLOCK_START =
  "<!-- bench:start — written by `npm run bench` from its last full run; change test/bench, not this block -->";
export const README_BLOCK_END = "<!-- bench:end -->";

/**
 * The README's figures block: the run's line (when, where, the command), the targets table, then every table a
 * section marked `inReadme`, under its section's number and heading.
 */
export function readmeBlock(
  runLine: string,
  targets: BenchTable,
  sections: readonly SectionResult[],
): string {
  const parts = [runLine, markdownTable(targets)];
  sections.forEach((section, index) => {
    const tables = section.tables.filter((table) => table.inReadme);
    if (tables.length === 0) return;
    parts.push(`**${index + 1}. ${section.heading}** ([details](docs/benchmarks.md))`);
    for (const table of tables) parts.push(markdownTable(table));
  });
  return [README_BLOCK_START, ...parts, README_BLOCK_END].join("\n\n");
}

/**
 * Replaces the figures block of the README at `path` (between README_BLOCK_START and README_BLOCK_END).
 * @throws Error when the README has no such block: the figures have nowhere to go.
 */
export function writeReadmeBlock(path: string, block: string): void {
  const readme = readFileSync(path, "utf8");
  const start = readme.indexOf(README_BLOCK_START);
  const end = readme.indexOf(README_BLOCK_END);
  if (start < 0 || end < start)
    throw new Error(`${path} has no ${README_BLOCK_START} … ${README_BLOCK_END} block`);
  writeFileSync(path, readme.slice(0, start) + block + readme.slice(end + README_BLOCK_END.length));
}
