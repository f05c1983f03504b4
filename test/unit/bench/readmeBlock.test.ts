import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SectionResult } from "../../bench/BenchSection";
import { README_BLOCK_END, README_BLOCK_START, readmeBlock, writeReadmeBlock } from "../../bench/readmeBlock";

const targets = { headers: ["target", "verdict"], rows: [["zero store calls", "met"]] };
const section = (heading: string, marked: boolean): SectionResult => ({
  heading,
  intro: "how it is measured",
  tables: [
    { title: "kept", headers: ["a"], rows: [["1"]], inReadme: marked },
    { title: "left out", headers: ["b"], rows: [["2"]] },
  ],
});

describe("the README's figures block", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("holds the run line, the targets and only the tables marked inReadme, numbered by section", () => {
    const block = readmeBlock("Last run: now", targets, [section("First", false), section("Second", true)]);
    expect(block.startsWith(README_BLOCK_START)).toBe(true);
    expect(block.endsWith(README_BLOCK_END)).toBe(true);
    expect(block).toContain("Last run: now");
    expect(block).toContain("| zero store calls | met |");
    expect(block).toContain("**2. Second**");
    expect(block).toContain("**kept**");
    expect(block).not.toContain("First");
    expect(block).not.toContain("left out");
  });

  it("replaces what lies between the markers and nothing else", () => {
    dir = mkdtempSync(join(tmpdir(), "keyward-readme-"));
    const path = join(dir, "README.md");
    writeFileSync(path, `before\n\n${README_BLOCK_START}\nold figures\n${README_BLOCK_END}\n\nafter\n`);
    const block = readmeBlock("Last run: now", targets, []);
    writeReadmeBlock(path, block);
    writeReadmeBlock(path, block);
    expect(readFileSync(path, "utf8")).toBe(`before\n\n${block}\n\nafter\n`);
  });

  it("finds exactly one figures block in the project's README (a full run writes there)", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8");
    expect(readme.split(README_BLOCK_START).length - 1).toBe(1);
    expect(readme.split(README_BLOCK_END).length - 1).toBe(1);
    expect(readme.indexOf(README_BLOCK_START)).toBeLessThan(readme.indexOf(README_BLOCK_END));
  });

  it("refuses a README without the markers", () => {
    dir = mkdtempSync(join(tmpdir(), "keyward-readme-"));
    const path = join(dir, "README.md");
    writeFileSync(path, "no block here\n");
    expect(() => writeReadmeBlock(path, "x")).toThrow(/has no/);
    expect(readFileSync(path, "utf8")).toBe("no block here\n");
  });
});
