/**
 * `npm run bench -- --quick` as CI's smoke test (issue 11): the whole harness runs on its smallest
 * inputs, prints the table and the ratios line and writes the results file. It asserts what the bench
 * did, never how fast: rows present, counts (the App's requests, the findings cache's hits on a
 * re-run of the same commit). Runs under CI=true (.ci/run sets it) or DJPERF_BENCH_SMOKE=1; it spawns
 * some twenty processes, too slow for every local `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const enabled = process.env.CI === "true" || process.env.DJPERF_BENCH_SMOKE === "1";
const out = mkdtempSync(join(tmpdir(), "djperf-bench-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Results {
  quick: boolean;
  rows: { section: string; what: string; ms: number; note: string }[];
  ratios: Record<string, unknown>;
  app: { requests: { files: number; total: number; minimum: number; byKind: Record<string, number>; rerun: { byKind: Record<string, number>; findingsHits: number; findingsAsked: number } }[] };
}

describe.skipIf(!enabled)("npm run bench -- --quick", () => {
  it("prints the table and the ratios, and writes the results", () => {
    const file = join(out, "results.json");
    const run = spawnSync("npm", ["run", "--silent", "bench", "--", "--quick", "--out", file], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    expect(run.status, run.stderr.slice(-4_000)).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.some((l) => /^section\s+what\s+wall ms\s+cpu ms/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^ratios: check\/floor \d/);
    expect(run.stdout).toContain(`results: ${file}`);

    const results = JSON.parse(readFileSync(file, "utf8")) as Results;
    expect(results.quick).toBe(true);
    const sections = new Set(results.rows.map((r) => r.section));
    for (const section of ["whole repo", "dense 8 KB", "dense 16 KB", "one function, 50 lines", "diff 10 files", "App"]) expect(sections, section).toContain(section);
    const whats = results.rows.map((r) => r.what);
    for (const what of ["floor: read + tree-sitter parse", "djperf check, in process", "Ruff wasm, DJ + PERF rules", "webhook acknowledgement (p50 in wall ms)"]) expect(whats).toContain(what);
    for (const row of results.rows) expect(row.ms, `${row.section} / ${row.what}`).toBeGreaterThan(0);
    expect(Object.keys(results.ratios)).toEqual(expect.arrayContaining(["checkOverFloor", "denseWorstGrowth", "requestsOverMinimum", "ackP99Ms"]));

    // Counts, not times: the App's review of a 10-file PR, then the same commit again.
    const [review] = results.app.requests;
    expect(review!.files).toBe(10);
    expect(review!.total).toBeGreaterThanOrEqual(review!.minimum);
    expect(review!.byKind["blob queries (GraphQL)"]).toBe(1);
    expect(review!.rerun.findingsAsked).toBeGreaterThan(10);
    expect(review!.rerun.findingsHits).toBe(review!.rerun.findingsAsked);
    expect(review!.rerun.byKind["blob queries (GraphQL)"]).toBeUndefined();
  }, 600_000);
});
