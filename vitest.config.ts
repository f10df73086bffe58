import { defineConfig } from "vitest/config";
import SummaryLineReporter from "./test/support/summary-line-reporter.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Native tree-sitter trees are freed only after GC; forks keep each worker's memory separate.
    pool: "forks",
    reporters: ["default", new SummaryLineReporter()],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
