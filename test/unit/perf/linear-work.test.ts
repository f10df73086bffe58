/**
 * Work grows linearly with file size (issue: performance). Timing would be flaky on a shared machine,
 * so this counts work instead: every call into tree-sitter's node API (what dominates the analysis;
 * `runAnalysis({ countWork })`, src/analysis/work-counter.ts), while the pipeline analyses a dense generated
 * module and one four times its size. Per-node or per-loop scans of the whole file (the quadratic
 * paths this guards against) multiply that count by about 16 for 4× the input; linear work by 4.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAnalysis } from "../../../src/pipeline/run-analysis.js";
import { FsSource } from "../../../src/cli/fs-source.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { RULES } from "../../../rules/index.js";
import { writeDenseProject } from "../../../bench/generate.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function workFor(bytes: number, shape: "functions" | "methods"): Promise<{ nodeReads: number; findings: number }> {
  const dir = mkdtempSync(join(tmpdir(), "djperf-linear-"));
  dirs.push(dir);
  writeDenseProject(dir, bytes, 1, shape);
  // The engine's own work count (src/analysis/work-counter.ts), the one the fuzz property uses.
  const result = await runAnalysis({ source: new FsSource(dir), targets: ["shop/views.py"], config: DEFAULT_CONFIG, rules: RULES, countWork: true });
  return { nodeReads: result.stats.work?.steps ?? 0, findings: result.findings.length };
}

describe("analysis work is linear in file size", () => {
  for (const shape of ["functions", "methods"] as const) {
    it(`a module of many small ${shape}, each with a loop: 4× the bytes costs about 4× the node reads`, async () => {
      const small = await workFor(16 * 1024, shape);
      const large = await workFor(64 * 1024, shape);
      // The input must exercise the rules, or the ratio says nothing.
      expect(small.findings).toBeGreaterThan(50);
      expect(large.findings / small.findings).toBeGreaterThan(3.5);
      const ratio = large.nodeReads / small.nodeReads;
      // Linear: ≈4 (plus fixed costs per file, which only lower it). Quadratic: ≈16.
      expect(ratio, `node reads ${small.nodeReads} → ${large.nodeReads}`).toBeLessThan(5);
    });
  }
});
