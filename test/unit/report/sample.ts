/** Hand-built findings and results for the formatter tests (no engine involved). */
import type { Range } from "../../../src/analysis/positions.js";
import type { AnalysisResult, Diagnostic, Finding } from "../../../src/analysis/finding.js";

export function span(line: number, column: number, endLine: number, endColumn: number): Range {
  return { start: { line, column }, end: { line: endLine, column: endColumn } };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  const range = overrides.range ?? span(3, 15, 3, 29);
  return {
    ruleId: "DJP101",
    ruleName: "lazy-relation-in-loop",
    level: "warn",
    messageId: "lazy",
    message: "`order.customer` is loaded lazily inside a loop",
    path: "shop/views.py",
    range,
    scope: range,
    related: [],
    fingerprint: "0123456789abcdef",
    identity: "fedcba9876543210",
    ...overrides,
  };
}

export function result(findings: Finding[], diagnostics: Diagnostic[] = [], stats = { files: 2, lines: 40, ms: 7 }): AnalysisResult {
  return { findings, diagnostics, stats };
}

export const VIEWS_SOURCE = [
  "def listing(orders):",
  "    for order in orders:",
  "        print(order.customer)",
  "",
].join("\n");
