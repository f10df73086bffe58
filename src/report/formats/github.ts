/**
 * `--format github`: GitHub Actions workflow commands, one line per finding, which the runner turns
 * into annotations on the pull request:
 *   ::warning file=app/views.py,line=12,endLine=14,col=5,endColumn=9,title=DJP101 lazy-relation-in-loop::message
 */
import { linesOf } from "../../analysis/positions.js";
import type { AnalysisResult, Finding, Level } from "../../analysis/finding.js";
import { sortFindings } from "./order.js";

const COMMAND: Record<Level, "error" | "warning" | "notice"> = { block: "error", warn: "warning", info: "notice" };

/** The runner splits commands on newlines and reads `%XX` escapes (the same escaping as @actions/core). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Properties are also split on `,` and `::`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(f: Finding): string {
  const { first, last } = linesOf(f.range);
  const props: [string, string | number][] = [
    ["file", f.path],
    ["line", first],
    ["endLine", last],
    ["col", f.range.start.column],
  ];
  // A range that ends at column 1 of the next line ends with its last touched line: no end column to give.
  if (last === f.range.end.line) props.push(["endColumn", f.range.end.column]);
  props.push(["title", `${f.ruleId} ${f.ruleName}`]);
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${COMMAND[f.level]} ${properties}::${escapeData(f.message)}`;
}

/** One workflow command per finding, sorted; an empty string when there is nothing to annotate. */
export function formatGithub(result: AnalysisResult): string {
  return sortFindings(result.findings)
    .map((f) => `${annotation(f)}\n`)
    .join("");
}
