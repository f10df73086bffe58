/** The string items of `class Meta: ordering = [...]` inside a model's class, with their nodes. */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { stringValue } from "../../src/analysis/index/expr.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { classAtLine, metaClassOf } from "../../src/analysis/django/model-class.js";

export function metaOrderingNodes(root: SyntaxNode, model: ModelInfo): { node: SyntaxNode; value: string }[] {
  const cls = classAtLine(root, model.line, model.name);
  const meta = cls ? metaClassOf(cls) : undefined;
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
