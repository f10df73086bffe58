import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Native tree-sitter trees are freed only after GC; forks keep each worker's memory separate.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
