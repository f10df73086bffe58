/**
 * The source excerpt under a finding in text output: numbered lines and carets under the flagged
 * columns. Columns arrive in UTF-16 code units and are turned into terminal cells here (tabs, wide
 * and combining characters), the only place that needs it.
 */
import type { Range } from "../../analysis/positions.js";
import { linesOf } from "../../analysis/positions.js";

export const TAB_WIDTH = 4;
/** How many lines of a multi-line range are shown before the rest is summarised. */
export const MAX_SNIPPET_LINES = 4;

export interface SnippetStyle {
  gutter(text: string): string;
  marker(text: string): string;
}

// East Asian wide/fullwidth blocks and emoji take two terminal cells.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|[\u200B-\u200F]|\uFE0F)$/u;
// C0/C1 control characters (not tab): printed raw they could move the cursor or recolour the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/** Makes untrusted text safe to print on a terminal: control characters become U+FFFD. */
export function printable(text: string): string {
  return text.replace(CONTROL, "\uFFFD");
}

/** Terminal cells `text` takes when it starts at cell `startCell` (tabs advance to the next stop). */
function advance(text: string, startCell: number): number {
  let cell = startCell;
  for (const ch of text) {
    if (ch === "\t") cell += TAB_WIDTH - (cell % TAB_WIDTH);
    else if (ZERO_WIDTH.test(ch)) continue;
    else cell += WIDE.test(ch) ? 2 : 1;
  }
  return cell;
}

/** The line as printed: tabs expanded to the same stops `advance` uses, control characters replaced. */
function expandTabs(line: string): string {
  let out = "";
  let cell = 0;
  for (const ch of line) {
    if (ch === "\t") {
      const n = TAB_WIDTH - (cell % TAB_WIDTH);
      out += " ".repeat(n);
      cell += n;
    } else {
      out += ch;
      cell = advance(ch, cell);
    }
  }
  return printable(out);
}

/** Start cell and width of the carets on `lineNo` for `range` (at least one caret). */
function caretSpan(line: string, lineNo: number, range: Range): { start: number; width: number } {
  const indent = line.length - line.trimStart().length;
  const from = lineNo === range.start.line ? Math.min(range.start.column - 1, line.length) : indent;
  const to = lineNo === range.end.line ? Math.min(range.end.column - 1, line.length) : line.trimEnd().length;
  const start = advance(line.slice(0, from), 0);
  const width = to > from ? advance(line.slice(from, to), start) - start : 0;
  return { start, width: Math.max(width, 1) };
}

export interface Snippet {
  /** The excerpt's lines, without newlines; none when the range lies outside the file. */
  lines: string[];
  /** Characters before the ` |` bar: notes under the excerpt line up with it. */
  gutterWidth: number;
}

export function renderSnippet(lines: readonly string[], range: Range, style: SnippetStyle): Snippet {
  const { first, last } = linesOf(range);
  if (first < 1 || first > lines.length) return { lines: [], gutterWidth: 1 };
  const lastShown = Math.min(last, first + MAX_SNIPPET_LINES - 1, lines.length);
  const width = String(lastShown).length;
  const blank = style.gutter(`${" ".repeat(width)} |`);
  const out = [blank];
  for (let n = first; n <= lastShown; n++) {
    const line = lines[n - 1] ?? "";
    const { start, width: carets } = caretSpan(line, n, range);
    out.push(`${style.gutter(`${String(n).padStart(width)} |`)} ${expandTabs(line)}`.trimEnd());
    out.push(`${blank} ${" ".repeat(start)}${style.marker("^".repeat(carets))}`);
  }
  if (last > lastShown) {
    const hidden = last - lastShown;
    out.push(`${blank} ... ${hidden} more line${hidden === 1 ? "" : "s"}`);
  }
  out.push(blank);
  return { lines: out, gutterWidth: width };
}
