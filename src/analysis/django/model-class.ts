/** The class statement of an indexed model in its file's tree, and the parts rules anchor findings on. */
import type { SyntaxNode } from "../parser.js";

/** The module-level class `name` defined at (or within a few lines of) `line`, decorated or not. */
export function classAtLine(root: SyntaxNode, line: number, name: string): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type === "class_definition" && cls.childForFieldName("name")?.text === name && Math.abs(cls.startPosition.row + 1 - line) <= 3) return cls;
  }
  return undefined;
}

/** Classes nested directly in a class body (`class Meta`). */
export function bodyClasses(cls: SyntaxNode): SyntaxNode[] {
  return (cls.childForFieldName("body")?.namedChildren ?? []).flatMap((s) => {
    const c = s.type === "decorated_definition" ? s.childForFieldName("definition") : s;
    return c?.type === "class_definition" ? [c] : [];
  });
}

/** The model's `class Meta`, if it has one. */
export function metaClassOf(cls: SyntaxNode): SyntaxNode | undefined {
  return bodyClasses(cls).find((c) => c.childForFieldName("name")?.text === "Meta");
}

/** `name = <value>` assignments directly in a class body, by name (the last one wins, as in Python). */
export function bodyAssignments(cls: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    const left = assign?.type === "assignment" ? assign.childForFieldName("left") : undefined;
    if (assign && left?.type === "identifier") out.set(left.text, assign);
  }
  return out;
}
