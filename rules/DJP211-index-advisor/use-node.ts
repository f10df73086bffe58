/** The lookup keyword (or DRF class attribute) a counted use points at, from its line and column. */
import type { SyntaxNode } from "../../src/analysis/parser.js";

const USE_TYPES: ReadonlySet<string> = new Set(["keyword_argument", "assignment", "call"]);

export function useNode(root: SyntaxNode, line: number, column: number): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForPosition({ row: line - 1, column });
  while (node && !USE_TYPES.has(node.type)) node = node.parent;
  if (node && node.startPosition.row === line - 1) return node;
  // DRF class attributes are counted by line only: the assignment that starts there.
  return root.descendantsOfType("assignment").find((a) => a.startPosition.row === line - 1);
}
