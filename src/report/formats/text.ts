/**
 * `--format text` (the default): Ruff-style findings for people at a terminal.
 *
 *   app/views.py:12:5: DJP101 [warn] `order.customer` is loaded lazily inside a loop
 *      |
 *   12 |     for order in orders:
 *      |     ^^^^^^^^^^^^^^^^^^^^
 *      |
 *      = help: Add select_related("customer") (safe fix)
 *
 * then the diagnostics and one summary line. ANSI colours only when asked for.
 */
import type { AnalysisResult, Diagnostic, Finding, Level } from "../../analysis/finding.js";
import { LEVELS } from "../../analysis/finding.js";
import { countByLevel, plural, sortFindings } from "./order.js";
import { printable, renderSnippet, type SnippetStyle } from "./snippet.js";

export interface TextOptions {
  /** Full text of each analysed file by repository-relative path; files missing here get no excerpt. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** Directory prefix shown before every path (the root the user named), so paths open from their shell. */
  root?: string;
}

type Paint = (text: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  gutter: Paint;
  help: Paint;
  level: Record<Level, Paint>;
}

const sgr =
  (open: string): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[0m`;
const plain: Paint = (text) => text;

const COLOURS: Palette = {
  bold: sgr("1"),
  dim: sgr("2"),
  gutter: sgr("1;34"),
  help: sgr("36"),
  level: { block: sgr("1;31"), warn: sgr("1;33"), info: sgr("1;36") },
};
const NO_COLOURS: Palette = { bold: plain, dim: plain, gutter: plain, help: plain, level: { block: plain, warn: plain, info: plain } };

/** `root` joined to a repository-relative path with `/`; an empty root or `.` leaves the path alone. */
export function displayPath(path: string, root: string | undefined): string {
  if (root === undefined || root === "" || root === ".") return path;
  return `${root.replace(/[\\/]+$/, "")}/${path}`;
}

function renderFinding(f: Finding, lines: readonly string[] | undefined, p: Palette, root: string | undefined): string[] {
  const paint = p.level[f.level];
  const location = `${displayPath(f.path, root)}:${f.range.start.line}:${f.range.start.column}:`;
  const out = [`${p.bold(printable(location))} ${paint(f.ruleId)} ${paint(`[${f.level}]`)} ${printable(f.message)}`];
  const style: SnippetStyle = { gutter: p.gutter, marker: paint };
  const snippet = lines ? renderSnippet(lines, f.range, style) : { lines: [], gutterWidth: 1 };
  out.push(...snippet.lines);
  const indent = " ".repeat(snippet.gutterWidth + 1);
  for (const r of f.related) {
    const at = `${displayPath(r.path, root)}:${r.range.start.line}:${r.range.start.column}`;
    out.push(`${indent}${p.gutter("=")} ${p.bold("note")}: ${printable(at)}: ${printable(r.message)}`);
  }
  if (f.fix) out.push(`${indent}${p.gutter("=")} ${p.help("help")}: ${printable(f.fix.title)} (${f.fix.safety} fix)`);
  return out;
}

function renderDiagnostic(d: Diagnostic, root: string | undefined): string {
  const where = d.path === undefined ? "" : `${displayPath(d.path, root)}${d.line === undefined ? "" : `:${d.line}`}: `;
  return `  ${printable(where)}[${d.kind}] ${printable(d.message)}`;
}

export function summaryLine(result: AnalysisResult): string {
  const files = plural(result.stats.files, "file");
  if (result.findings.length === 0) return `No findings in ${files}.`;
  const counts = countByLevel(result.findings);
  const byLevel = LEVELS.map((l) => `${counts[l]} ${l}`).join(", ");
  return `Found ${plural(result.findings.length, "finding")} (${byLevel}) in ${files} (${result.stats.ms}ms).`;
}

/** Splits like the parser does, so line numbers agree with the findings'. */
function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

export function formatText(result: AnalysisResult, opts: TextOptions): string {
  const p = opts.color ? COLOURS : NO_COLOURS;
  const lineCache = new Map<string, string[]>();
  const linesOfPath = (path: string): string[] | undefined => {
    const text = opts.sources.get(path);
    if (text === undefined) return undefined;
    let lines = lineCache.get(path);
    if (!lines) lineCache.set(path, (lines = splitLines(text)));
    return lines;
  };

  const blocks: string[] = [];
  for (const f of sortFindings(result.findings)) {
    blocks.push(renderFinding(f, linesOfPath(f.path), p, opts.root).join("\n"));
  }
  if (result.diagnostics.length > 0) {
    const heading = p.bold(`Diagnostics (${result.diagnostics.length}):`);
    blocks.push([heading, ...result.diagnostics.map((d) => renderDiagnostic(d, opts.root))].join("\n"));
  }
  const paintSummary = countByLevel(result.findings).block > 0 ? p.level.block : p.bold;
  blocks.push(paintSummary(summaryLine(result)));
  return `${blocks.join("\n\n")}\n`;
}
