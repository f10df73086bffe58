/**
 * The quick fuzz run of the suite: a fixed seed, a few cases of every shape (mutated rule fixtures,
 * deep nesting, long chains, long functions, unicode, CRLF/CR, BOM, random bytes), malformed diffs,
 * commands and configs. `npm run fuzz` runs the same properties longer, on other seeds, at larger sizes.
 */
import { describe, expect, it } from "vitest";
import { commandCase, configCase, diffCase, SOURCE_KINDS, sourceCase } from "./generators.js";
import { checkCommand, checkConfig, checkDiff, checkSource } from "./properties.js";

const SEED = 20261206;

describe(`fuzz (seed ${SEED})`, () => {
  it.each(SOURCE_KINDS.map((kind, i) => [kind, i] as const))("%s: no throw, no rule crash, findings inside the file, deterministic", async (_kind, index) => {
    for (const round of [0, 1]) {
      const c = sourceCase(SEED, index + round * SOURCE_KINDS.length);
      expect(await checkSource(c.bytes), `seed ${SEED}, case ${index + round * SOURCE_KINDS.length}`).toEqual([]);
    }
  });

  it("malformed diffs, commands and configs: no throw, deterministic", () => {
    for (let i = 0; i < 200; i++) {
      expect(checkDiff(diffCase(SEED, i)), `diff case ${i}`).toEqual([]);
      expect(checkCommand(commandCase(SEED, i)), `command case ${i}`).toEqual([]);
      expect(checkConfig(configCase(SEED, i)), `config case ${i}`).toEqual([]);
    }
  });

  it("the generators are deterministic per seed", () => {
    expect(sourceCase(SEED, 3).bytes).toEqual(sourceCase(SEED, 3).bytes);
    expect(sourceCase(SEED, 3).bytes).not.toEqual(sourceCase(SEED + 1, 3).bytes);
  });
});

describe("found by the fuzz run", () => {
  it("a `\\ No newline` marker right after a hunk header no longer crashes the diff parser", async () => {
    const { parseUnifiedDiff } = await import("../../src/diff/parse.js");
    const diff = "diff --git a/v.py b/v.py\n--- a/v.py\n+++ b/v.py\n@@ -1,1 +1,2 @@\n\\ No newline at end of file\n+x = 1\n";
    expect(parseUnifiedDiff(diff)[0]?.added).toEqual(new Set([1]));
  });
});
