/** What every Django helper of one file shares: the file, the index, its scopes and imports, and the facts object. */
import type { SyntaxNode, Tree } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { ImportTable } from "../imports.js";
import type { DjangoFacts, LoopInfo } from "./types.js";
import type { Scopes } from "./scopes.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES } from "./syntax.js";
import { BINDING_TYPES } from "./bindings.js";
import type { SpanTree } from "./span-tree.js";

/**
 * A node with its type and position read once. Crossing into native tree-sitter (`parent`,
 * `startIndex`, child lookups, which also make a node object each) is what costs: helpers that ask
 * "what encloses this node?" compare these numbers instead of walking parents.
 */
export interface NodeSpan {
  node: SyntaxNode;
  type: string;
  start: number;
  end: number;
}

/** Nodes that decide scoping and looping: scope openers, comprehensions, for/while statements. */
export const STRUCTURE_TYPES: readonly string[] = [...SCOPE_TYPES, ...COMPREHENSION_TYPES, "for_statement", "while_statement"];

export function spanOf(node: SyntaxNode, type = node.type): NodeSpan {
  return { node, type, start: node.startIndex, end: node.endIndex };
}

/** Spans of STRUCTURE_TYPES nodes, without the `lambda` keyword (descendantsOfType matches anonymous tokens too). */
export function structureSpans(nodes: readonly SyntaxNode[]): NodeSpan[] {
  const spans: NodeSpan[] = [];
  for (const node of nodes) {
    const span = spanOf(node);
    if (span.type !== "lambda" || node.isNamed) spans.push(span);
  }
  return spans;
}

/** `outer` covers `node`'s range (equal ranges included). */
export function covers(outer: { start: number; end: number }, start: number, end: number): boolean {
  return outer.start <= start && end <= outer.end;
}

/**
 * Node types that helpers and rules ask for on every file. One native traversal for all of them costs
 * about what one for a single type does (the walk dominates, not the matches), so they are read together
 * and split by type.
 */
const COMMON_TYPES: ReadonlySet<string> = new Set([
  ...STRUCTURE_TYPES,
  "for_in_clause",
  "attribute",
  "call",
  "subscript",
  "comparison_operator",
  "assignment",
  "if_statement",
  "elif_clause",
  "conditional_expression",
  "not_operator",
  "assert_statement",
  "if_clause",
  "global_statement",
  "nonlocal_statement",
  // Asked once per analysed file (f-string formatting, string concatenation, `with` blocks).
  "interpolation",
  "binary_operator",
  "with_statement",
  // Suppression comments, read by the engine for every file.
  "comment",
  ...BINDING_TYPES,
]);

/**
 * Per-file cache of `descendantsOfType` answers: every rule and helper asking for the file's calls or
 * attributes shares one native traversal. Lists are in source order (pre-order) and frozen.
 */
export class NodesByType {
  private readonly cache = new Map<string, readonly SyntaxNode[]>();
  private common: SyntaxNode[] | undefined;
  private structure: readonly NodeSpan[] | undefined;

  constructor(private readonly root: SyntaxNode) {}

  /** The lists under `root`, shared by every helper that asks about the same tree. */
  static of(root: SyntaxNode): NodesByType {
    return perRoot(nodeLists, root, () => new NodesByType(root));
  }

  get(types: string | readonly string[]): readonly SyntaxNode[] {
    const list = typeof types === "string" ? [types] : [...types];
    const key = [...list].sort().join(" ");
    let nodes = this.cache.get(key);
    if (!nodes) {
      nodes = Object.freeze(list.every((t) => COMMON_TYPES.has(t)) ? this.ofCommonTypes(list) : this.root.descendantsOfType(list));
      this.cache.set(key, nodes);
    }
    return nodes;
  }

  /** STRUCTURE_TYPES nodes with their spans, in source order. */
  spans(): readonly NodeSpan[] {
    this.structure ??= structureSpans(this.get(STRUCTURE_TYPES));
    return this.structure;
  }

  /**
   * What `descendantsOfType(types)` answers (same nodes, same order), read from the one common
   * traversal. (`type` of a named node is a plain property of its class; only tokens ask native code.)
   */
  private ofCommonTypes(types: readonly string[]): SyntaxNode[] {
    this.common ??= this.root.descendantsOfType([...COMMON_TYPES]);
    if (types.length === 1) {
      const [wanted] = types;
      return this.common.filter((n) => n.type === wanted);
    }
    const wanted = new Set(types);
    return this.common.filter((n) => wanted.has(n.type));
  }
}

const nodeLists = new WeakMap<Tree, Map<number, NodesByType>>();

/**
 * One `make()` per root node of a tree, kept as long as the tree lives: answers that depend on the tree
 * alone (node lists, scopes) are then shared by all who ask, whoever created the helper.
 */
export function perRoot<T>(store: WeakMap<Tree, Map<number, T>>, root: SyntaxNode, make: () => T): T {
  let byRoot = store.get(root.tree);
  if (!byRoot) store.set(root.tree, (byRoot = new Map()));
  const key = root.id;
  let value = byRoot.get(key);
  if (value === undefined) byRoot.set(key, (value = make()));
  return value;
}

export interface LoopSpan {
  loop: LoopInfo;
  holder: NodeSpan;
  /** Position of the loop among its holder's loops (a comprehension's clauses, in order). */
  order: number;
  /** The per-iteration parts of `loop.body`, as positions. */
  parts: { start: number; end: number }[];
  /** A `for`'s target (`left`): only identifiers inside it can be the loop's own target. */
  left?: { start: number; end: number };
}

export interface LoopIndex {
  all: LoopInfo[];
  /** Loops keyed by the node that holds them: the for/while statement, or the comprehension (one per clause). */
  byHolder: Map<number, LoopInfo[]>;
  /** Every loop with its positions, for enclosing-loop questions answered without walking parents. */
  spans: LoopSpan[];
  /** Names the loops bind (`targets[].name` of every loop). */
  targetNames: ReadonlySet<string>;
  /** `spans` by the range of their holder: the loops around a range without scanning every loop. */
  holders: SpanTree<{ start: number; end: number; loops: LoopSpan[] }>;
  /** Function, lambda and class nodes: code in them does not run per iteration of a loop around them. */
  boundaries: SpanTree<NodeSpan>;
}

export interface FileState {
  file: ParsedFile;
  index: ProjectIndex;
  imports: ImportTable;
  scopes: Scopes;
  nodes: NodesByType;
  /** Imports inside a function or class body (module-level ones are `imports`). */
  importsIn(scope: SyntaxNode): ImportTable;
  loopIndex(): LoopIndex;
  /** Names that may hold a model instance; `instanceOf` answers undefined for every other name. */
  instanceNames(): ReadonlySet<string>;
  /** The public facts (memoised): helpers call each other through it so every answer is cached once. */
  readonly facts: DjangoFacts;
}

const PENDING = Symbol("pending");

/**
 * Per-node cache. A node asked about again while its answer is being computed (`qs = qs.filter()`,
 * two variables defined from each other) gets `undefined`: cycles prove nothing, and this ends them.
 */
export class NodeMemo<T> {
  private readonly map = new Map<number, T | undefined | typeof PENDING>();

  get(node: SyntaxNode, compute: () => T | undefined): T | undefined {
    const id = node.id; // a native call: read once
    const cached = this.map.get(id);
    if (cached === PENDING) return undefined;
    if (cached !== undefined || this.map.has(id)) return cached;
    this.map.set(id, PENDING);
    let result: T | undefined;
    try {
      result = compute();
    } finally {
      // On a throw, forget the pending marker so a later call can retry (and throw visibly again).
      this.map.delete(id);
    }
    this.map.set(id, result);
    return result;
  }
}
