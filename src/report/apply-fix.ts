/** Applies text edits (1-based, UTF-16 columns, exclusive end) to a source text. */
import type { TextEdit } from "../analysis/finding.js";
import type { Position } from "../analysis/positions.js";

export function offsetOf(text: string, lineStarts: readonly number[], pos: Position): number {
  const start = lineStarts[pos.line - 1];
  if (start === undefined) return text.length;
  return Math.min(start + pos.column - 1, text.length);
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/**
 * Applies non-overlapping edits; an edit overlapping an earlier-starting one is skipped and counted, so
 * a caller can re-run to convergence (as Ruff does) rather than corrupt the text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: number } {
  const starts = lineStartsOf(text);
  const spans = edits
    .map((e) => ({ from: offsetOf(text, starts, e.range.start), to: offsetOf(text, starts, e.range.end), text: e.newText }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  let out = "";
  let cursor = 0;
  let skipped = 0;
  for (const s of spans) {
    if (s.from < cursor) {
      skipped++;
      continue;
    }
    out += text.slice(cursor, s.from) + s.text;
    cursor = s.to;
  }
  return { text: out + text.slice(cursor), skipped };
}
