/** The string items of `class Meta: ordering = [...]` inside a model's class, with their nodes. */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { stringValue } from "../../src/analysis/index/expr.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";

export function metaOrderingNodes(root: SyntaxNode, model: ModelInfo): { node: SyntaxNode; value: string }[] {
  const cls = classAtLine(root, model.line, model.name);
  const meta = cls ? bodyClasses(cls).find((c) => c.childForFieldName("name")?.text === "Meta") : undefined;
  if (!meta) return [];
  for (const stmt of meta.childForFieldName("body")?.namedChildren ?? []) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment" || assign.childForFieldName("left")?.text !== "ordering") continue;
    const right = assign.childForFieldName("right");
    const items = right?.type === "list" || right?.type === "tuple" ? right.namedChildren : right ? [right] : [];
    return items.flatMap((node) => {
      const value = stringValue(node);
      return value === undefined ? [] : [{ node, value }];
    });
  }
  return [];
}

function classAtLine(root: SyntaxNode, line: number, name: string): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type === "class_definition" && cls.childForFieldName("name")?.text === name && Math.abs(cls.startPosition.row + 1 - line) <= 3) return cls;
  }
  return undefined;
}

function bodyClasses(cls: SyntaxNode): SyntaxNode[] {
  return (cls.childForFieldName("body")?.namedChildren ?? []).flatMap((s) => {
    const c = s.type === "decorated_definition" ? s.childForFieldName("definition") : s;
    return c?.type === "class_definition" ? [c] : [];
  });
}
