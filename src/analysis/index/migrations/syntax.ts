/**
 * Finding a migration's parts in a tree: the `Migration` class and the items of its `operations`
 * list. Shared by the history extractor and the migration rules, so both see the same operations in
 * the same order.
 */
import type { SyntaxNode } from "../../parser.js";

/** The module-level `class Migration(...)`, if any. */
export function migrationClass(root: SyntaxNode): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type === "class_definition" && cls.childForFieldName("name")?.text === "Migration") return cls;
  }
  return undefined;
}

/** `name = value` assignments directly in the class body, by name (the last one wins, as in Python). */
export function classAssignments(cls: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    if (stmt.type !== "expression_statement") continue;
    const assign = stmt.namedChildren[0];
    if (assign?.type !== "assignment") continue;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type === "identifier" && right) out.set(left.text, right);
  }
  return out;
}

/** The items of a list/tuple display, comments skipped; undefined when the node is not a display. */
export function displayItems(node: SyntaxNode): SyntaxNode[] | undefined {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildren.length === 1) n = n.namedChildren[0]!;
  if (n.type !== "list" && n.type !== "tuple") return undefined;
  return n.namedChildren.filter((c) => c.type !== "comment");
}

/** The operation nodes of a migration, or undefined when `operations` is missing or not a literal list. */
export function operationNodes(root: SyntaxNode): { cls: SyntaxNode; list: SyntaxNode; items: SyntaxNode[] } | undefined {
  const cls = migrationClass(root);
  if (!cls) return undefined;
  const value = classAssignments(cls).get("operations");
  if (!value) return undefined;
  const items = displayItems(value);
  return items ? { cls, list: value, items } : undefined;
}

/** The last dotted name a call calls (`migrations.AddField(...)` → AddField), or undefined. */
export function operationKind(node: SyntaxNode): string | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type === "identifier") return fn.text;
  if (fn?.type === "attribute") return fn.childForFieldName("attribute")?.text;
  return undefined;
}
