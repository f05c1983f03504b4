import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiDocument, renderApiSummary } from "../../../functions/lib/apiDocument";

describe("API documentation", () => {
  it("docs/api.md is the rendering of functions/operations.ts (run npm run docs:api)", () => {
    expect(readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8")).toBe(apiDocument());
  });

  it("the README's API table is the rendering of functions/operations.ts", () => {
    expect(readFileSync(new URL("../../../README.md", import.meta.url), "utf8")).toContain(
      renderApiSummary(),
    );
  });
});
