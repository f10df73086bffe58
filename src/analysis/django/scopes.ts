/**
 * Python name resolution, as far as the helpers need it: which binding an identifier refers to, and
 * whether that binding is the only one. This is what makes "assigned exactly once" (QS-variables,
 * `Order = apps.get_model(...)`) provable.
 *
 * The enclosing scopes of a node are found from positions (one list of the file's scope openers and
 * comprehensions, read once) rather than by walking `parent`, which crosses into native code per level.
 */
import type { SyntaxNode } from "../parser.js";
import { collectBindings, targetIdentifiers, type Binding } from "./bindings.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES, sameNode, isWithin } from "./syntax.js";
import { NodesByType, covers, spanOf, type NodeSpan } from "./state.js";

export interface Lookup {
  /** The scope node holding the bindings (module, function_definition, lambda, class_definition, comprehension). */
  scope: SyntaxNode;
  bindings: Binding[];
}

type Range = { start: number; end: number };

/** A function, lambda or class, with the children whose code runs in its scope (body, parameters). */
interface ScopeOpener extends NodeSpan {
  parts: Range[];
}

/** A comprehension's clauses, read once: its targets are local to it. */
interface ComprehensionShape {
  clauses: { node: SyntaxNode; start: number; targets: SyntaxNode[]; names: string[] }[];
  first?: Range;
  firstIterable?: Range;
  element?: Range;
}

export class Scopes {
  private readonly cache = new Map<number, Map<string, Binding[]>>();
  private nonLocal: Set<string> | undefined;
  private openers: ScopeOpener[] | undefined;
  private comprehensions: NodeSpan[] | undefined;
  private readonly shapes = new Map<NodeSpan, ComprehensionShape>();

  /** @param nodes the file's node lists, when the caller shares them (per-file facts do). */
  constructor(
    private readonly root: SyntaxNode,
    private readonly nodes: NodesByType = new NodesByType(root),
  ) {}

  private structure(): readonly NodeSpan[] {
    return this.nodes.spans();
  }

  /** Names declared `global`/`nonlocal` anywhere: they may be rebound from another scope. */
  get declaredNonLocal(): ReadonlySet<string> {
    if (!this.nonLocal) {
      this.nonLocal = new Set();
      for (const stmt of this.nodes.get(["global_statement", "nonlocal_statement"])) {
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
    const start = node.startIndex;
    const end = node.endIndex;
    if (start === end) return this.scopeByParents(node);
    let inner: ScopeOpener | undefined;
    for (const s of this.scopeOpeners()) {
      if (s.parts.some((p) => covers(p, start, end)) && (!inner || s.start > inner.start)) inner = s;
    }
    return inner?.node ?? this.root;
  }

  /** Which bindings an identifier refers to (Python's LEGB without builtins). */
  lookup(id: SyntaxNode): Lookup | undefined {
    const start = id.startIndex;
    const end = id.endIndex;
    if (start === end) return this.lookupByParents(id);
    const name = id.text;
    let crossedFunction = false;
    for (const n of this.enclosing(start, end)) {
      if (COMPREHENSION_TYPES.has(n.type)) {
        const hit = this.comprehensionBinding(n, start, end, name);
        if (hit) return { scope: n.node, bindings: [hit] };
        continue;
      }
      // Class bodies are not visible from the functions nested in them.
      if (n.type === "class_definition" && crossedFunction) continue;
      const bindings = this.bindingsOf(n.node).get(name);
      if (bindings && !bindings.every((b) => b.kind === "global")) return { scope: n.node, bindings };
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

  /**
   * Comprehensions around a (non-empty) range and scope openers whose body or parameters hold it,
   * innermost first. Sibling ranges never overlap, so covering means enclosing; a comprehension with
   * exactly the node's range is the node itself (or inside it), not around it. Nested ones start at
   * different positions (each at its own keyword or bracket).
   */
  private enclosing(start: number, end: number): (NodeSpan | ScopeOpener)[] {
    const found: (NodeSpan | ScopeOpener)[] = [];
    for (const c of this.comprehensionSpans()) {
      if (covers(c, start, end) && (c.start !== start || c.end !== end)) found.push(c);
    }
    for (const s of this.scopeOpeners()) if (s.parts.some((p) => covers(p, start, end))) found.push(s);
    return found.sort((a, b) => b.start - a.start);
  }

  private scopeOpeners(): ScopeOpener[] {
    this.openers ??= this.structure()
      .filter((s) => SCOPE_TYPES.has(s.type))
      .map((s) => {
        const kids = s.type === "class_definition" ? ["body"] : ["body", "parameters"];
        const parts = kids.flatMap((k) => {
          const child = s.node.childForFieldName(k);
          return child ? [spanOf(child, "")] : [];
        });
        return { ...s, parts };
      });
    return this.openers;
  }

  private comprehensionSpans(): NodeSpan[] {
    this.comprehensions ??= this.structure().filter((s) => COMPREHENSION_TYPES.has(s.type));
    return this.comprehensions;
  }

  private shapeOf(comp: NodeSpan): ComprehensionShape {
    let shape = this.shapes.get(comp);
    if (!shape) {
      const clauses = comp.node.namedChildren
        .filter((c) => c.type === "for_in_clause")
        .map((clause) => {
          const left = clause.childForFieldName("left");
          const targets = left ? targetIdentifiers(left) : [];
          return { node: clause, start: clause.startIndex, targets, names: targets.map((t) => t.text) };
        });
      const first = clauses[0]?.node;
      const firstIterable = first?.childForFieldName("right");
      const element = comp.node.childForFieldName("body");
      shape = {
        clauses,
        ...(first ? { first: spanOf(first, "") } : {}),
        ...(firstIterable ? { firstIterable: spanOf(firstIterable, "") } : {}),
        ...(element ? { element: spanOf(element, "") } : {}),
      };
      this.shapes.set(comp, shape);
    }
    return shape;
  }

  /**
   * A comprehension's targets are local to it, except that its first iterable is evaluated outside
   * (`[x for x in x]` reads the outer `x` in the iterable).
   */
  private comprehensionBinding(comp: NodeSpan, start: number, end: number, name: string): Binding | undefined {
    const shape = this.shapeOf(comp);
    if (shape.first && covers(shape.first, start, end) && shape.firstIterable && covers(shape.firstIterable, start, end)) return undefined;
    // The element runs inside every clause; a condition or a later iterable only inside the clauses before it.
    const inElement = !!shape.element && covers(shape.element, start, end);
    let found: Binding | undefined;
    let anyClause: Binding | undefined;
    for (const clause of shape.clauses) {
      clause.names.forEach((targetName, i) => {
        if (targetName !== name) return;
        const binding: Binding = { kind: "loop", name, node: clause.targets[i] as SyntaxNode, statement: clause.node };
        anyClause ??= binding;
        if (inElement || clause.start <= start) found = binding;
      });
    }
    // A name bound only by a later clause is still local to the comprehension (reading it is a NameError).
    return found ?? anyClause;
  }

  // The parent walks below define what the position tests above reproduce (tests hold the two equal);
  // zero-width nodes (error recovery) may sit on a sibling's edge, so they keep using them.

  /** `scopeOf` by walking parents. */
  scopeByParents(node: SyntaxNode): SyntaxNode {
    for (let child = node, n = node.parent; n; child = n, n = n.parent) {
      if (opensScope(n, child)) return n;
    }
    return this.root;
  }

  /** `lookup` by walking parents. */
  lookupByParents(id: SyntaxNode): Lookup | undefined {
    const name = id.text;
    let crossedFunction = false;
    for (let child = id, n = id.parent; n; child = n, n = n.parent) {
      if (COMPREHENSION_TYPES.has(n.type)) {
        const hit = comprehensionBindingByParents(n, child, id, name);
        if (hit) return { scope: n, bindings: [hit] };
        continue;
      }
      if (!opensScope(n, child)) continue;
      if (n.type === "class_definition" && crossedFunction) continue;
      const bindings = this.bindingsOf(n).get(name);
      if (bindings && !bindings.every((b) => b.kind === "global")) return { scope: n, bindings };
      if (n.type !== "class_definition") crossedFunction = true;
    }
    const bindings = this.bindingsOf(this.root).get(name);
    return bindings ? { scope: this.root, bindings } : undefined;
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

function comprehensionBindingByParents(comp: SyntaxNode, child: SyntaxNode, id: SyntaxNode, name: string): Binding | undefined {
  const clauses = comp.namedChildren.filter((c) => c.type === "for_in_clause");
  const first = clauses[0];
  const firstIterable = first?.childForFieldName("right");
  if (first && sameNode(first, child) && firstIterable && isWithin(id, firstIterable)) return undefined;
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
  return found ?? anyClause;
}
