/**
 * Inline suppressions, read from real comment nodes (never from strings):
 *   `# noqa: DJP101[,DJP102]`                 on the flagged line
 *   `# djperf: ignore[DJP101] reason`         on the flagged line or the line above it
 *   `# djperf: safe[DJP201] reason`           the same, the wording for migrations
 *   `# djperf: ignore-file[DJP1*] reason`     anywhere: the whole file
 * A bare `# noqa` (no codes) belongs to other linters and is not honoured.
 */
import type { SyntaxNode, Tree } from "./parser.js";
import { ruleIdMatches } from "../config/resolve.js";

export interface Suppression {
  /** `noqa` covers only its own line (flake8/Ruff semantics); the djperf forms also cover the line below. */
  kind: "noqa" | "ignore" | "safe" | "ignore-file";
  line: number;
  patterns: string[];
  reason: string;
  fileWide: boolean;
  /** Comment is alone on its line: it also covers the next code line (other comment lines skipped). */
  ownLine: boolean;
  nextCodeLine: number;
}

const DJPERF_RE = /djperf:\s*(ignore-file|ignore|safe)\[([^\]]*)\]\s*(.*)$/;
const NOQA_RE = /noqa\s*:\s*([A-Z]+\d+\*?(?:\s*,\s*[A-Z]+\d+\*?)*)/i;

/** `comments`: the file's comment nodes when the caller already has them (the engine shares one walk). */
export function collectSuppressions(
  tree: Tree,
  lines: readonly string[],
  comments: readonly SyntaxNode[] = tree.rootNode.descendantsOfType("comment"),
): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const text = c.text;
    if (!text.includes("djperf") && !/noqa/i.test(text)) continue;
    const line = c.startPosition.row + 1;
    const before = (lines[line - 1] ?? "").slice(0, c.startPosition.column);
    const ownLine = before.trim() === "";
    const nextCodeLine = ownLine ? nextCodeLineAfter(lines, line) : line;
    const m = DJPERF_RE.exec(text);
    if (m) {
      const patterns = splitIds(m[2] ?? "");
      if (patterns.length > 0) {
        const kind = m[1] as "ignore" | "safe" | "ignore-file";
        out.push({ kind, line, patterns, reason: (m[3] ?? "").trim(), fileWide: kind === "ignore-file", ownLine, nextCodeLine });
      }
      continue;
    }
    const n = NOQA_RE.exec(text);
    if (n) {
      const patterns = splitIds(n[1] ?? "").filter((p) => p.toUpperCase().startsWith("DJP"));
      if (patterns.length > 0) out.push({ kind: "noqa", line, patterns, reason: "noqa", fileWide: false, ownLine, nextCodeLine });
    }
  }
  return out;
}

function nextCodeLineAfter(lines: readonly string[], line: number): number {
  for (let i = line; i < lines.length; i++) {
    const t = (lines[i] ?? "").trim();
    if (t !== "" && !t.startsWith("#")) return i + 1;
  }
  return line + 1;
}

function splitIds(list: string): string[] {
  return list
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => /^DJP\d*\*?$/.test(s) && s !== "DJP");
}

/**
 * The suppression that covers a finding on lines first..last, if any: a file-wide one, one on any
 * flagged line, or an own-line djperf comment above the first flagged line (only comment lines between).
 */
export function findSuppression(
  suppressions: readonly Suppression[],
  ruleId: string,
  first: number,
  last: number,
): Suppression | undefined {
  return suppressions.find(
    (s) =>
      s.patterns.some((p) => ruleIdMatches(p, ruleId)) &&
      (s.fileWide || (s.line >= first && s.line <= last) || (s.ownLine && s.kind !== "noqa" && s.nextCodeLine === first)),
  );
}
