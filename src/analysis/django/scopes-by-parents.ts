/**
 * Name resolution by walking `parent` from the identifier: the definition that the position answers
 * of `Scopes` (scopes.ts) reproduce, kept for the nodes positions cannot place (zero-width nodes from
 * error recovery) and for the tests that hold the two equal.
 */
import type { SyntaxNode } from "../parser.js";
import { targetIdentifiers, type Binding } from "./bindings.js";
import type { Lookup } from "./scopes.js";
import { COMPREHENSION_TYPES, isWithin, sameNode } from "./syntax.js";

/** The scope (module, function, lambda or class body) whose code contains `node`. */
export function scopeByParents(root: SyntaxNode, node: SyntaxNode): SyntaxNode {
  for (let child = node, n = node.parent; n; child = n, n = n.parent) {
    if (opensScope(n, child)) return n;
  }
  return root;
}

/** Which bindings an identifier refers to (Python's LEGB without builtins). */
export function lookupByParents(root: SyntaxNode, id: SyntaxNode, bindingsOf: (scope: SyntaxNode) => Map<string, Binding[]>): Lookup | undefined {
  const name = id.text;
  let crossedFunction = false;
  for (let child = id, n = id.parent; n; child = n, n = n.parent) {
    if (COMPREHENSION_TYPES.has(n.type)) {
      const hit = comprehensionBinding(n, child, id, name);
      if (hit) return { scope: n, bindings: [hit] };
      continue;
    }
    if (!opensScope(n, child)) continue;
    // Class bodies are not visible from the functions nested in them.
    if (n.type === "class_definition" && crossedFunction) continue;
    const bindings = bindingsOf(n).get(name);
    if (bindings && !bindings.every((b) => b.kind === "global")) return { scope: n, bindings };
    if (n.type !== "class_definition") crossedFunction = true;
  }
  const bindings = bindingsOf(root).get(name);
  return bindings ? { scope: root, bindings } : undefined;
}

/** `child` (a direct child of `n`) is code that runs in the scope `n` opens. */
function opensScope(n: SyntaxNode, child: SyntaxNode): boolean {
  switch (n.type) {
    case "function_definition":
    case "lambda":
      return sameNode(n.childForFieldName("body"), child) || sameNode(n.childForFieldName("parameters"), child);
    case "class_definition":
      return sameNode(n.childForFieldName("body"), child);
    default:
      return false;
  }
}

/**
 * A comprehension's targets are local to it, except that its first iterable is evaluated outside
 * (`[x for x in x]` reads the outer `x` in the iterable).
 */
function comprehensionBinding(comp: SyntaxNode, child: SyntaxNode, id: SyntaxNode, name: string): Binding | undefined {
  const clauses = comp.namedChildren.filter((c) => c.type === "for_in_clause");
  const first = clauses[0];
  const firstIterable = first?.childForFieldName("right");
  if (first && sameNode(first, child) && firstIterable && isWithin(id, firstIterable)) return undefined;
  // The element runs inside every clause; a condition or a later iterable only inside the clauses before it.
  const inElement = sameNode(comp.childForFieldName("body"), child);
  let found: Binding | undefined;
  let anyClause: Binding | undefined;
  for (const clause of clauses) {
    const left = clause.childForFieldName("left");
    for (const t of left ? targetIdentifiers(left) : []) {
      if (t.text !== name) continue;
      const binding: Binding = { kind: "loop", name, node: t, statement: clause };
      anyClause ??= binding;
      if (inElement || clause.startIndex <= id.startIndex) found = binding;
    }
  }
  // A name bound only by a later clause is still local to the comprehension (reading it is a NameError).
  return found ?? anyClause;
}
