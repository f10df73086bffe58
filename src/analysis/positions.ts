/**
 * Positions used everywhere downstream of the parser: 1-based lines, 1-based columns counted in UTF-16
 * code units (what JavaScript strings, SARIF's default and GitHub use). tree-sitter's 0-based rows and
 * columns are converted exactly once, in `rangeOf`.
 */
import type { SyntaxNode } from "tree-sitter";

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}

/** The smallest range covering both. */
export function spanRanges(a: Range, b: Range): Range {
  const start = comparePositions(a.start, b.start) <= 0 ? a.start : b.start;
  const end = comparePositions(a.end, b.end) >= 0 ? a.end : b.end;
  return { start, end };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** Lines the range touches, first to last (an end at column 1 does not touch its line). */
export function linesOf(range: Range): { first: number; last: number } {
  const last = range.end.column === 1 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return { first: range.start.line, last };
}
