/**
 * `--format json`: a stable, versioned shape for scripts. Bump `version` on any breaking change.
 *
 * ```
 * {
 *   "version": 1,
 *   "findings": [{
 *     "rule": "DJP101", "name": "lazy-relation-in-loop", "level": "warn",
 *     "path": "app/views.py", "line": 12, "endLine": 14, "column": 5, "endColumn": 9,
 *     "message": "...", "fingerprint": "0123456789abcdef",
 *     "fix": {"safety": "safe", "title": "...",
 *             "edits": [{"line": 3, "column": 1, "endLine": 3, "endColumn": 5, "newText": "..."}]} | null,
 *     "diff": "added"                      // only when diff filtering ran
 *   }],
 *   "diagnostics": [{"kind": "parse-error", "path": "app/x.py" | null, "line": 3 | null,
 *                    "rule": "DJP101" | null, "message": "..."}],
 *   "stats": {"files": 12, "lines": 3400, "ms": 85, "excluded": {"tests": 40}}
 * }
 * ```
 * Lines and columns are 1-based, columns count UTF-16 code units, `endColumn` is exclusive.
 * Findings are sorted by path, line, column, rule; diagnostics keep the order they were produced in.
 */
import type { Range } from "../../analysis/positions.js";
import type { AnalysisResult, Diagnostic, DiffScope, Finding, Fix, Impact, Level } from "../../analysis/finding.js";
import { sortFindings } from "./order.js";

export const JSON_FORMAT_VERSION = 1;

export interface JsonSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonEdit extends JsonSpan {
  newText: string;
}

export interface JsonFix {
  safety: Fix["safety"];
  title: string;
  edits: JsonEdit[];
}

export interface JsonFinding {
  rule: string;
  name: string;
  level: Level;
  path: string;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  message: string;
  fingerprint: string;
  /** Rule, enclosing definitions and subject, without path or line: stable across reformatting and moves. */
  identity: string;
  /** Estimated cost when the rule could tell: `high` (large_models), `normal`, `low` (moved to info). */
  impact: Impact["level"] | null;
  fix: JsonFix | null;
  diff?: DiffScope;
}

export interface JsonDiagnostic {
  kind: Diagnostic["kind"];
  path: string | null;
  line: number | null;
  rule: string | null;
  message: string;
}

export interface JsonReport {
  version: typeof JSON_FORMAT_VERSION;
  findings: JsonFinding[];
  diagnostics: JsonDiagnostic[];
  stats: { files: number; lines: number; ms: number; excluded: Record<string, number>; skipped: number };
}

function span(range: Range): JsonSpan {
  return { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

function toJsonFinding(f: Finding): JsonFinding {
  const { line, column, endLine, endColumn } = span(f.range);
  return {
    rule: f.ruleId,
    name: f.ruleName,
    level: f.level,
    path: f.path,
    line,
    endLine,
    column,
    endColumn,
    message: f.message,
    fingerprint: f.fingerprint,
    identity: f.identity,
    impact: f.impact?.level ?? null,
    fix: f.fix
      ? { safety: f.fix.safety, title: f.fix.title, edits: f.fix.edits.map((e) => ({ ...span(e.range), newText: e.newText })) }
      : null,
    ...(f.diff !== undefined ? { diff: f.diff } : {}),
  };
}

export function toJsonReport(result: AnalysisResult): JsonReport {
  return {
    version: JSON_FORMAT_VERSION,
    findings: sortFindings(result.findings).map(toJsonFinding),
    diagnostics: result.diagnostics.map((d) => ({
      kind: d.kind,
      path: d.path ?? null,
      line: d.line ?? null,
      rule: d.ruleId ?? null,
      message: d.message,
    })),
    stats: { files: result.stats.files, lines: result.stats.lines, ms: result.stats.ms, excluded: result.stats.excluded ?? {}, skipped: result.stats.skipped ?? 0, ...(result.stats.drf ? { drf: result.stats.drf } : {}) },
  };
}

export function formatJson(result: AnalysisResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
