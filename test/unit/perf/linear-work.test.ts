/**
 * Work grows linearly with file size (issue: performance). Timing would be flaky on a shared machine,
 * so this counts work instead: every read of a tree-sitter node property or child that crosses into
 * native code (what dominates the analysis), while the whole pipeline analyses a dense generated
 * module and one four times its size. Per-node or per-loop scans of the whole file (the quadratic
 * paths this guards against) multiply that count by about 16 for 4× the input; linear work by 4.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { runAnalysis } from "../../../src/pipeline/run-analysis.js";
import { FsSource } from "../../../src/cli/fs-source.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { RULES } from "../../../rules/index.js";
import { writeDenseProject } from "../../../bench/generate.js";

const COUNTED_GETTERS = ["parent", "startIndex", "endIndex", "namedChildren", "children", "text", "id", "namedChildCount", "isNamed"];
const COUNTED_METHODS = ["childForFieldName", "descendantsOfType", "namedChild", "child", "childrenForFieldName"];

/** Wraps the SyntaxNode prototype's native-backed members with a counter; returns the counter and an undo. */
function countNodeAccess(): { count: () => number; restore: () => void } {
  // Nodes are instances of per-type subclasses; the native-backed members live on their common base.
  let proto = Object.getPrototypeOf(parsePython("x = 1\n").rootNode) as object;
  while (!Object.getOwnPropertyDescriptor(proto, "startIndex")) proto = Object.getPrototypeOf(proto) as object;
  let n = 0;
  const saved: [string, PropertyDescriptor][] = [];
  for (const name of [...COUNTED_GETTERS, ...COUNTED_METHODS]) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d) continue;
    saved.push([name, d]);
    if (d.get) {
      const get = d.get;
      Object.defineProperty(proto, name, { ...d, get(this: unknown) { n++; return get.call(this); } });
    } else if (typeof d.value === "function") {
      const fn = d.value as (...args: unknown[]) => unknown;
      Object.defineProperty(proto, name, { ...d, value(this: unknown, ...args: unknown[]) { n++; return fn.apply(this, args); } });
    }
  }
  return {
    count: () => n,
    restore: () => {
      for (const [name, d] of saved) Object.defineProperty(proto, name, d);
    },
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function workFor(bytes: number, shape: "functions" | "methods"): Promise<{ nodeReads: number; findings: number }> {
  const dir = mkdtempSync(join(tmpdir(), "djperf-linear-"));
  dirs.push(dir);
  writeDenseProject(dir, bytes, 1, shape);
  const counter = countNodeAccess();
  try {
    const result = await runAnalysis({ source: new FsSource(dir), targets: ["shop/views.py"], config: DEFAULT_CONFIG, rules: RULES });
    return { nodeReads: counter.count(), findings: result.findings.length };
  } finally {
    counter.restore();
  }
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
