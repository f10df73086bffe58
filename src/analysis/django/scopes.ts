/**
 * Python name resolution, as far as the helpers need it: which binding an identifier refers to, and
 * whether that binding is the only one. This is what makes "assigned exactly once" (QS-variables,
 * `Order = apps.get_model(...)`) provable.
 */
import type { SyntaxNode } from "../parser.js";
import { collectBindings, targetIdentifiers, type Binding } from "./bindings.js";
import { COMPREHENSION_TYPES, sameNode, isWithin } from "./syntax.js";

export interface Lookup {
  /** The scope node holding the bindings (module, function_definition, lambda, class_definition, comprehension). */
  scope: SyntaxNode;
  bindings: Binding[];
}

export class Scopes {
  private readonly cache = new Map<number, Map<string, Binding[]>>();
  private nonLocal: Set<string> | undefined;

  constructor(private readonly root: SyntaxNode) {}

  /** Names declared `global`/`nonlocal` anywhere: they may be rebound from another scope. */
  get declaredNonLocal(): ReadonlySet<string> {
    if (!this.nonLocal) {
      this.nonLocal = new Set();
      for (const stmt of this.root.descendantsOfType(["global_statement", "nonlocal_statement"])) {
        for (const id of stmt.namedChildren) if (id.type === "identifier") this.nonLocal.add(id.text);
      }
    }
    return this.nonLocal;
  }

  bindingsOf(scope: SyntaxNode): Map<string, Binding[]> {
    let map = this.cache.get(scope.id);
    if (!map) {
      map = collectBindings(scope);
      this.cache.set(scope.id, map);
    }
    return map;
  }

  /** The scope (module, function, lambda or class body) whose code contains `node`. */
  scopeOf(node: SyntaxNode): SyntaxNode {
    for (let child = node, n = node.parent; n; child = n, n = n.parent) {
      if (opensScope(n, child)) return n;
    }
    return this.root;
  }

  /** Which bindings an identifier refers to (Python's LEGB without builtins). */
  lookup(id: SyntaxNode): Lookup | undefined {
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
      const bindings = this.bindingsOf(n).get(name);
      if (bindings && !bindings.every((b) => b.kind === "global")) return { scope: n, bindings };
      if (n.type !== "class_definition") crossedFunction = true;
    }
    const bindings = this.bindingsOf(this.root).get(name);
    return bindings ? { scope: this.root, bindings } : undefined;
  }

  /** The `name = value` an identifier refers to, when that is the name's only binding anywhere. */
  singleAssignment(id: SyntaxNode): Binding | undefined {
    const only = this.onlyBinding(id);
    return only?.kind === "assign" ? only : undefined;
  }

  /** The name's binding when it has exactly one (and no `global`/`nonlocal` could rebind it). */
  onlyBinding(id: SyntaxNode): Binding | undefined {
    if (this.declaredNonLocal.has(id.text)) return undefined;
    const found = this.lookup(id);
    if (!found || found.bindings.length !== 1) return undefined;
    return found.bindings[0];
  }
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
