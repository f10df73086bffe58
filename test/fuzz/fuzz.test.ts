/**
 * The quick fuzz run of the suite: a fixed seed, a few cases of every shape (mutated rule fixtures,
 * deep nesting, long chains, long functions, unicode, CRLF/CR, BOM, random bytes), malformed diffs,
 * commands and configs; the work bound per syntax node on generated shapes. `npm run fuzz` runs the same
 * properties longer, on other seeds, at larger sizes.
 */
import { describe, expect, it } from "vitest";
import { andChain, chainedAssignment, commandCase, configCase, diffCase, FIXTURES, nestedBlocks, SOURCE_KINDS, sourceCase } from "./generators.js";
import { checkCommand, checkConfig, checkDiff, checkSource, overWorkBound, workOf } from "./properties.js";

const SEED = 20261206;

/**
 * Shapes whose analysis is still super-linear (the work property fails on them; issue 11 owns the
 * walks): their random cases are checked for everything but work. None since the position-based
 * walks (within.ts, runsPerIteration, isWriteTarget) and DJP104's per-loop edits.
 */
const SUPER_LINEAR = new Set<string>([]);

describe(`fuzz (seed ${SEED})`, () => {
  it.each(SOURCE_KINDS.map((kind, i) => [kind, i] as const))("%s: no throw, no rule crash, findings inside the file, deterministic, work bounded per node", async (kind, index) => {
    for (const round of [0, 1]) {
      const c = sourceCase(SEED, index + round * SOURCE_KINDS.length);
      expect(await checkSource(c.bytes, { workBound: !SUPER_LINEAR.has(kind) }), `seed ${SEED}, case ${index + round * SOURCE_KINDS.length}`).toEqual([]);
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

const enc = (text: string) => new TextEncoder().encode(text);

describe("no hang: work bounded per node (a count of syntax-tree calls, not a timer)", () => {
  it("every rule fixture stays within the bound", async () => {
    for (const [i, fixture] of FIXTURES.entries()) expect(overWorkBound(await workOf(enc(fixture))), `fixture ${i}`).toBeUndefined();
  });

  it("a chained assignment `x = x = … = o.customer` in a queryset loop: work grows with the chain, not its square", async () => {
    const short = await workOf(enc(chainedAssignment(100)));
    const long = await workOf(enc(chainedAssignment(800)));
    expect(overWorkBound(long)).toBeUndefined();
    // Eight times the chain: at most ten times the steps (each link used to walk the rest of the chain: 60×).
    expect(long.steps / short.steps).toBeLessThan(10);
  });

  // Former ratchets (`it.fails` while these shapes were super-linear): now held to the bound.
  it("a 150-line function of loops and queries (DJP104 used to scan the function per relation read)", async () => {
    const lines = Array.from({ length: 150 }, (_, i) => [`    x${i} = Order.objects.filter(pk=${i}).first()`, "    for o in Order.objects.all():\n        total += o.customer.id", `    y = x${Math.max(0, i - 1)}`, `    if x${i % 7}: pass`][i % 4]);
    expect(overWorkBound(await workOf(enc(`from shop.models import Order\n\ndef huge():\n    total = 0\n${lines.join("\n")}\n    return total\n`)))).toBeUndefined();
  });

  it("blocks nested 60 deep", async () => {
    expect(overWorkBound(await workOf(enc(nestedBlocks(60))))).toBeUndefined();
  });

  it("a 150-term `and` condition in a queryset loop", async () => {
    expect(overWorkBound(await workOf(enc(andChain(150))))).toBeUndefined();
  });
});

describe("found by the fuzz run", () => {
  it("a `\\ No newline` marker right after a hunk header no longer crashes the diff parser", async () => {
    const { parseUnifiedDiff } = await import("../../src/diff/parse.js");
    const diff = "diff --git a/v.py b/v.py\n--- a/v.py\n+++ b/v.py\n@@ -1,1 +1,2 @@\n\\ No newline at end of file\n+x = 1\n";
    expect(parseUnifiedDiff(diff)[0]?.added).toEqual(new Set([1]));
  });
});
