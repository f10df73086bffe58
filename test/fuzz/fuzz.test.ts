/**
 * The quick fuzz run of the suite: fast-check with a fixed seed and a few runs of every shape (mutated
 * rule fixtures, deep nesting, long chains, long functions, unicode, CRLF/CR, BOM, random bytes, chained
 * assignments), malformed diffs, commands and configs; the work bound per syntax node is part of the
 * source property. `npm run fuzz` runs the same properties longer, on other seeds, at larger sizes.
 * A failure prints fast-check's report: the seed, the replay path and the shrunk counterexample.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SOURCE_KINDS, sourceArbitraries } from "./arbitraries.js";
import { andChain, chainedAssignment, FIXTURES, longFunction, nestedBlocks, nestedLoopsDoing, usedRemoteAnswers } from "./generators.js";
import { commandProperty, configProperty, diffProperty, overWorkBound, sourceProperty, workOf } from "./properties.js";

const SEED = 20261206;
const SOURCE_RUNS = 10;
const TEXT_RUNS = 200;

// Every property counts work, never time; the limit only stops a hang. Under CI's parallel files (the quick
// bench among them) the heaviest one (every rule fixture) took over the suite's default 30 s.
describe(`fuzz (fast-check, seed ${SEED})`, { timeout: 240_000 }, () => {
  const sources = sourceArbitraries();
  it.each(SOURCE_KINDS)("%s: no throw, no rule crash, findings inside the file, deterministic, work bounded per node", async (kind) => {
    await fc.assert(sourceProperty(sources[kind]), { seed: SEED, numRuns: SOURCE_RUNS });
  });

  it("malformed diffs, commands and configs (text and parsed objects): no throw, deterministic", () => {
    for (const property of [diffProperty(), commandProperty(), configProperty()]) fc.assert(property, { seed: SEED, numRuns: TEXT_RUNS });
  });

  it("a failing property is reported with its seed and a shrunk counterexample", async () => {
    // A stand-in for a bug: "a nesting deeper than 7 fails". fast-check must shrink any failing depth to 8.
    const details = await fc.check(
      fc.asyncProperty(sources["deep nesting"], async (c) => {
        if (c.kind === "deep nesting" && (c.params as { depth: number }).depth > 7) throw new Error("too deep");
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(details.failed).toBe(true);
    expect(details.seed).toBe(SEED);
    expect((details.counterexample?.[0]?.params as { depth: number }).depth).toBe(8);
    expect(fc.defaultReportMessage(details)).toMatch(/seed: 20261206, path: "[\d:]+"[\s\S]*deep nesting/);
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
  // npm run fuzz, seed 1270972516 (scale 4): shrunk to {"kind":"blocks","depth":11,"blocks":["for o in Order.objects.all():"]}.
  // Every loop of a nest walked its whole body (varying names, writes, I/O calls) and the parents above
  // it (context, enclosing function, the finding's `Class.method`): d nested queryset loops cost d²
  // (102,622 steps at depth 40, 377,862 at 80). Now a nested loop's summary is folded once and reused.
  it("queryset loops nested 200 deep stay within the work bound, and twice the depth costs twice the work", async () => {
    const nest = (depth: number) => enc(nestedBlocks(depth, () => "for o in Order.objects.all():"));
    const short = await workOf(nest(100));
    const long = await workOf(nest(200));
    expect(overWorkBound(long)).toBeUndefined();
    // Linear: 2.0× today; quadratic was 3.7× (depth 40 → 80).
    expect(long.steps / short.steps).toBeLessThan(2.3);
  });

  it("a function of 400 loops each reading `o.customer.id` stays within the work bound (DJP104 tested every later read per finding)", async () => {
    // npm run fuzz, seed 1270792129 (scale 4): shrunk to {"lines":307,"kinds":[1]}, 40.3 steps per node.
    expect(overWorkBound(await workOf(enc(longFunction(Array<number>(400).fill(1)))))).toBeUndefined();
  });

  // Not generated by the fuzz arbitraries; found by probing shapes at sizes 50 and 100 (work ×3.5-3.8 for
  // ×2 the size). DJP501 (constructionBefore, readsRowCreatedInIteration, resultUsedInIteration,
  // isLoopCarried) and DJP502 walked the reporting loop's whole body once per write, and reportingLoop
  // asked the loop's bounds (its statements, its iterable's definition) once per write. Now the loop's
  // per-iteration facts are folded once (loop-writes.ts) and its bounds answered once.
  const writesInOneLoop = (writes: number) =>
    enc(`from shop.models import Customer\n\ndef f(rows):\n    for r in rows:\n${Array.from({ length: writes }, (_, i) => `        c${i} = Customer.objects.create(name=r.name)\n        c${i}.save()\n`).join("")}`);
  it("one loop with 200 `c = M.objects.create(...)` / `c.save()` pairs stays within the work bound, and twice the writes cost twice the work", async () => {
    const short = await workOf(writesInOneLoop(100));
    const long = await workOf(writesInOneLoop(200));
    expect(overWorkBound(long)).toBeUndefined();
    // Linear: 2.0× today (50 → 100 was 3.6× with writes × body).
    expect(long.steps / short.steps).toBeLessThan(2.3);
  });

  // Every rule counted, depth d → 2d: a rule quadratic here on its own shows through the linear rest.
  // DJP501/DJP502 were (3.65× per doubling, 50 → 100) until their per-iteration facts were folded once
  // (loop-writes.ts); DJP601 was (2.95× alone, 100 → 200: from every `.save()` and remote call a walk up
  // to its function, a DEBUG branch or a lambda) until it placed calls by position. Before that the whole
  // analysis grew 2.45× (saving, 200 → 400; 41.5 steps per node at 400: over the bound) and 2.56× (remote
  // calls, 100 → 200; 50.1 per node at 200) per doubling; 2.00× for both now.
  it.each([
    ["each saving its row", 200, (i: number) => `o${i}.save()`],
    ["each calling a remote service", 100, () => "requests.get(url)"],
  ])("queryset loops nested in a view, %s: twice the depth (%i → twice that) costs about twice the work, within the bound", async (_, depth, work) => {
    const short = await workOf(enc(nestedLoopsDoing(depth, work)));
    const long = await workOf(enc(nestedLoopsDoing(2 * depth, work)));
    expect(overWorkBound(long)).toBeUndefined();
    expect(long.steps / short.steps).toBeLessThan(2.2);
  });

  // DJP601 followed each timed call's answer through the rest of the function (its assignments, returns,
  // branches), so a view of n such calls was n²: 71, 139, 274, 545 steps per node at 100 … 800 calls
  // (DJP601 alone). Now the function's reads and binds are read once.
  it("a view of 400 timed remote calls whose answers it uses stays within the work bound, and twice the calls cost about twice the work", async () => {
    const short = await workOf(enc(usedRemoteAnswers(200)));
    const long = await workOf(enc(usedRemoteAnswers(400)));
    expect(overWorkBound(long)).toBeUndefined();
    expect(long.steps / short.steps).toBeLessThan(2.2);
  });

  it("a `\\ No newline` marker right after a hunk header no longer crashes the diff parser", async () => {
    const { parseUnifiedDiff } = await import("../../src/diff/parse.js");
    const diff = "diff --git a/v.py b/v.py\n--- a/v.py\n+++ b/v.py\n@@ -1,1 +1,2 @@\n\\ No newline at end of file\n+x = 1\n";
    expect(parseUnifiedDiff(diff)[0]?.added).toEqual(new Set([1]));
  });
});
