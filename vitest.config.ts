import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Audit and request logs are JSON lines on stdout; tests that inspect them capture them explicitly.
    env: { POWERTOOLS_LOG_LEVEL: "ERROR" },
  },
});
