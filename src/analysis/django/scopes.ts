/**
 * Python name resolution, as far as the helpers need it: which binding an identifier refers to, and
 * whether that binding is the only one. This is what makes "assigned exactly once" (QS-variables,
 * `Order = apps.get_model(...)`) provable.
 *
 * The enclosing scopes of a node are found from positions (one list of the file's scope openers and
 * comprehensions, read once) rather than by walking `parent`, which crosses into native code per level.
 */
import type { SyntaxNode, Tree } from "../parser.js";
import { BINDING_TYPES, collectBindings, targetIdentifiers, type Binding } from "./bindings.js";
import { collectFileBindings } from "./file-bindings.js";
import { lookupByParents, scopeByParents } from "./scopes-by-parents.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES } from "./syntax.js";
import { NodesByType, covers, perRoot, spanOf, type NodeSpan } from "./state.js";
import { SpanTree } from "./span-tree.js";

export interface Lookup {
  /** The scope node holding the bindings (module, function_definition, lambda, class_definition, comprehension). */
  scope: SyntaxNode;
  bindings: Binding[];
}

type Range = { start: number; end: number };

/** A function, lambda or class, with the children whose code runs in its scope (body, parameters). */
interface ScopeOpener extends NodeSpan {
  parts: Range[];
  bindings?: Map<string, Binding[]>;
}

/** A comprehension's clauses, read once: its targets are local to it. */
interface ComprehensionShape {
  clauses: { node: SyntaxNode; start: number; targets: SyntaxNode[]; names: string[] }[];
  first?: Range;
  firstIterable?: Range;
  element?: Range;
}

/** What Scopes caches. All of it follows from the tree alone, so every Scopes of one tree shares it. */
interface Tables {
  nodes: NodesByType;
  byScope: Map<number, Map<string, Binding[]>>;
  nonLocal?: Set<string>;
  openers?: SpanTree<ScopeOpener>;
  comprehensions?: SpanTree<NodeSpan>;
  shapes: Map<NodeSpan, ComprehensionShape>;
  /** Every scope's bindings, read for the whole file at the first question (undefined: read per scope). */
  fileBindings?: Map<number, Map<string, Binding[]>>;
  fileBindingsRead: boolean;
  moduleBindings?: Map<string, Binding[]>;
}

const tablesByTree = new WeakMap<Tree, Map<number, Tables>>();

export class Scopes {
  private readonly t: Tables;

  constructor(private readonly root: SyntaxNode) {
    this.t = perRoot(tablesByTree, root, () => ({
      nodes: NodesByType.of(root),
      byScope: new Map(),
      shapes: new Map(),
      fileBindingsRead: false,
    }));
  }

  private structure(): readonly NodeSpan[] {
    return this.t.nodes.spans();
  }

  /** Names declared `global`/`nonlocal` anywhere: they may be rebound from another scope. */
  get declaredNonLocal(): ReadonlySet<string> {
    if (!this.t.nonLocal) {
      const names = new Set<string>();
      for (const stmt of this.t.nodes.get(["global_statement", "nonlocal_statement"])) {
        for (const id of stmt.namedChildren) if (id.type === "identifier") names.add(id.text);
      }
      this.t.nonLocal = names;
    }
    return this.t.nonLocal;
  }

  bindingsOf(scope: SyntaxNode): Map<string, Binding[]> {
    const key = scope.id;
    let map = this.t.byScope.get(key);
    if (!map) {
      map = this.everyScope()?.get(key) ?? collectBindings(scope);
      this.t.byScope.set(key, map);
    }
    return map;
  }

  /** Every scope's bindings by scope node id, read for the whole file at once (undefined when that cannot be done). */
  everyScope(): ReadonlyMap<number, Map<string, Binding[]>> | undefined {
    if (!this.t.fileBindingsRead) {
      this.t.fileBindingsRead = true;
      this.t.fileBindings = collectFileBindings(this.root, this.t.nodes.get(BINDING_TYPES));
    }
    return this.t.fileBindings;
  }

  /** The scope (module, function, lambda or class body) whose code contains `node`. */
  scopeOf(node: SyntaxNode): SyntaxNode {
    const start = node.startIndex;
    const end = node.endIndex;
    if (start === end) return this.scopeByParents(node);
    // The opener with the latest start whose body or parameters hold the node (the first such in source order).
    const openers = this.scopeOpeners();
    let inner = -1;
    for (const i of openers.covering(start, end)) {
      const s = openers.spans[i]!;
      if (s.parts.some((p) => covers(p, start, end)) && (inner < 0 || s.start > openers.spans[inner]!.start || (s.start === openers.spans[inner]!.start && i < inner))) inner = i;
    }
    return inner >= 0 ? openers.spans[inner]!.node : this.root;
  }

  /** Which bindings an identifier refers to (Python's LEGB without builtins); `name` is its text, when known. */
  lookup(id: SyntaxNode, name = id.text): Lookup | undefined {
    const start = id.startIndex;
    const end = id.endIndex;
    if (start === end) return this.lookupByParents(id);
    let crossedFunction = false;
    for (const n of this.enclosing(start, end)) {
      if (COMPREHENSION_TYPES.has(n.type)) {
        const hit = this.comprehensionBinding(n, start, end, name);
        if (hit) return { scope: n.node, bindings: [hit] };
        continue;
      }
      // Class bodies are not visible from the functions nested in them.
      if (n.type === "class_definition" && crossedFunction) continue;
      const bindings = this.bindingsOfOpener(n as ScopeOpener).get(name);
      if (bindings && !bindings.every((b) => b.kind === "global")) return { scope: n.node, bindings };
      if (n.type !== "class_definition") crossedFunction = true;
    }
    this.t.moduleBindings ??= this.bindingsOf(this.root);
    const bindings = this.t.moduleBindings.get(name);
    return bindings ? { scope: this.root, bindings } : undefined;
  }

  /** bindingsOf for a scope opener, kept on its span (no native `id` read per lookup). */
  private bindingsOfOpener(opener: ScopeOpener): Map<string, Binding[]> {
    opener.bindings ??= this.bindingsOf(opener.node);
    return opener.bindings;
  }

  /** The `name = value` an identifier refers to, when that is the name's only binding anywhere. */
  singleAssignment(id: SyntaxNode, name?: string): Binding | undefined {
    const only = this.onlyBinding(id, name);
    return only?.kind === "assign" ? only : undefined;
  }

  /** The name's binding when it has exactly one (and no `global`/`nonlocal` could rebind it). */
  onlyBinding(id: SyntaxNode, name = id.text): Binding | undefined {
    if (this.declaredNonLocal.has(name)) return undefined;
    const found = this.lookup(id, name);
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
    // Source order (comprehensions, then openers) before the stable sort, as a scan of every span would give.
    const comprehensions = this.comprehensionSpans();
    for (const i of comprehensions.covering(start, end).reverse()) {
      const c = comprehensions.spans[i]!;
      if (c.start !== start || c.end !== end) found.push(c);
    }
    const openers = this.scopeOpeners();
    for (const i of openers.covering(start, end).reverse()) {
      const s = openers.spans[i]!;
      if (s.parts.some((p) => covers(p, start, end))) found.push(s);
    }
    return found.sort((a, b) => b.start - a.start);
  }

  private scopeOpeners(): SpanTree<ScopeOpener> {
    this.t.openers ??= new SpanTree(
      this.structure()
        .filter((s) => SCOPE_TYPES.has(s.type))
        .map((s) => {
          const kids = s.type === "class_definition" ? ["body"] : ["body", "parameters"];
          const parts = kids.flatMap((k) => {
            const child = s.node.childForFieldName(k);
            return child ? [spanOf(child, "")] : [];
          });
          return { ...s, parts };
        }),
    );
    return this.t.openers;
  }

  private comprehensionSpans(): SpanTree<NodeSpan> {
    this.t.comprehensions ??= new SpanTree(this.structure().filter((s) => COMPREHENSION_TYPES.has(s.type)));
    return this.t.comprehensions;
  }

  private shapeOf(comp: NodeSpan): ComprehensionShape {
    let shape = this.t.shapes.get(comp);
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
      this.t.shapes.set(comp, shape);
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

  // The parent walks (scopes-by-parents.ts) define what the position answers above reproduce (tests
  // hold the two equal); zero-width nodes (error recovery) may sit on a sibling's edge, so they use them.

  /** `scopeOf` by walking parents. */
  scopeByParents(node: SyntaxNode): SyntaxNode {
    return scopeByParents(this.root, node);
  }

  /** `lookup` by walking parents. */
  lookupByParents(id: SyntaxNode): Lookup | undefined {
    return lookupByParents(this.root, id, (scope) => this.bindingsOf(scope));
  }
}
