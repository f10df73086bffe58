/**
 * Loop scoping shared by the loop rules (DJP101–DJP104, DJP501–DJP503): which loops run a node once per
 * iteration, and which names (or values) change from one iteration to the next. Pure syntax on top of
 * `DjangoFacts.loops()`.
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts, LoopInfo } from "./types.js";
import { isBatchLoop, isSmallLiteralLoop, shortIterableReason } from "./bounded-loops.js";
import { loopWalksAtMostOneRow } from "./rows.js";
import { runsPerIterationByPositions, statementLoopOf } from "./loops.js";
import { SCOPE_TYPES, dottedParts, isWithin, rootName, sameNode } from "./syntax.js";

/**
 * True when `node` is evaluated once per iteration of `loop` (in its body, not inside a nested
 * def/lambda/class), and the iteration does not leave the loop right after it (`get(); break`).
 */
export function runsPerIteration(loop: LoopInfo, node: SyntaxNode, start = node.startIndex, end = node.endIndex): boolean {
  return (runsPerIterationByPositions(loop, node, start, end) ?? runsPerIterationByParents(loop, node)) && !leavesLoopAfter(loop, start, end);
}

/**
 * Statements followed, in their own block, by an unconditional way out of the loop: a `break` of this
 * loop, a `return` or a `raise`. What runs there runs in one iteration at most (`if match: row =
 * M.objects.get(pk=k); break`, `sp.hit(); return False`): once per loop, not once per row. Spans of
 * source offsets, from the block's first statement to the end of the exit.
 */
interface ExitSpans {
  /** `return` / `raise`: they leave every loop around them. */
  leaving: [number, number][];
  /** `break`: it leaves the loop whose body holds it, not the one around that. */
  breaks: [number, number][];
}

const EXIT_SPANS: PerIterationFold<ExitSpans> = {
  start: () => ({ leaving: [], breaks: [] }),
  visit(acc, node) {
    if (node.type !== "break_statement" && node.type !== "return_statement" && node.type !== "raise_statement") return;
    const block = node.parent;
    if (block?.type !== "block") return;
    // The exit's own expression (`return M.objects.get(...)`) runs once too.
    (node.type === "break_statement" ? acc.breaks : acc.leaving).push([block.startIndex, node.endIndex]);
  },
  merge(acc, inner) {
    acc.leaving.push(...inner.leaving);
  },
};

/** Whether the source range `start..end` of the loop's body is followed in its block by a way out of the loop. */
export function leavesLoopAfter(loop: LoopInfo, start: number, end: number): boolean {
  const { leaving, breaks } = foldPerIteration(loop, EXIT_SPANS);
  const inside = ([from, to]: [number, number]) => start >= from && end <= to;
  return leaving.some(inside) || breaks.some(inside);
}

/** The same question answered by walking parents (the definition the position answer reproduces). */
export function runsPerIterationByParents(loop: LoopInfo, node: SyntaxNode): boolean {
  const part = loop.body.find((b) => isWithin(node, b));
  if (!part) return false;
  if (sameNode(part, node)) return true;
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (SCOPE_TYPES.has(n.type)) return false;
    if (sameNode(n, part)) return true;
  }
  return false;
}

/** The loops that run `node` once per iteration, innermost first. */
export function loopsRunning(django: DjangoFacts, node: SyntaxNode): LoopInfo[] {
  // The node's positions read once, not once per loop around it (d nested loops: d² reads).
  const start = node.startIndex;
  const end = node.endIndex;
  return django.enclosingLoops(node).filter((loop) => runsPerIteration(loop, node, start, end));
}

/** Every node of the loop's per-iteration part, not descending into nested defs, lambdas or classes. */
export function* perIterationNodes(loop: LoopInfo): Generator<SyntaxNode> {
  const stack = [...loop.body].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    yield node;
    if (SCOPE_TYPES.has(node.type)) continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
}

/**
 * A summary of a loop's per-iteration nodes (the names it binds, whether it writes rows, its first I/O
 * call) folded in the order `perIterationNodes` yields them. Asked about every loop of a nest, a walk
 * per loop costs the nest once per enclosing loop: d nested loops, d² (issue 12's work bound, `npm run
 * fuzz` seed 1270972516). So a for/while loop nested in the body is folded once, cached, and merged
 * where its body would have been walked: the result is the walk's, in the walk's order.
 */
export interface PerIterationFold<T> {
  start(): T;
  visit(acc: T, node: SyntaxNode): void;
  /** Adds a nested loop's summary of its body, met at that point of the walk. */
  merge(acc: T, inner: T): void;
  /** The summary can no longer change (a first hit found): the rest of the walk is skipped. */
  done?(acc: T): boolean;
}

const folds = new WeakMap<PerIterationFold<unknown>, WeakMap<LoopInfo, unknown>>();

/** The body of a nested loop, to merge where the walk reaches it. */
interface NestedBody {
  inner: LoopInfo;
}

interface FoldFrame<T> {
  loop: LoopInfo;
  acc: T;
  stack: (SyntaxNode | NestedBody)[];
}

/** `fold` over the loop's per-iteration nodes, cached per loop (a module-level fold, so the cache is shared). */
export function foldPerIteration<T>(loop: LoopInfo, fold: PerIterationFold<T>): T {
  let cache = folds.get(fold as PerIterationFold<unknown>) as WeakMap<LoopInfo, T> | undefined;
  if (!cache) {
    cache = new WeakMap();
    folds.set(fold as PerIterationFold<unknown>, cache);
  }
  if (cache.has(loop)) return cache.get(loop) as T;
  // An explicit stack of loops being folded (no recursion: tree-sitter nests blocks without limit).
  const frame = (l: LoopInfo): FoldFrame<T> => ({ loop: l, acc: fold.start(), stack: [...l.body].reverse() });
  const frames = [frame(loop)];
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    const item = fold.done?.(top.acc) ? undefined : top.stack.pop();
    if (!item) {
      cache.set(top.loop, top.acc);
      frames.pop();
      continue;
    }
    if ("inner" in item) {
      if (cache.has(item.inner)) fold.merge(top.acc, cache.get(item.inner) as T);
      else {
        top.stack.push(item);
        frames.push(frame(item.inner));
      }
      continue;
    }
    fold.visit(top.acc, item);
    if (SCOPE_TYPES.has(item.type)) continue;
    const children = item.namedChildren;
    const inner = statementLoopOf(top.loop, item);
    const body = inner?.body[0]?.id;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as SyntaxNode;
      // A for/while loop's body is one block.
      top.stack.push(inner && child.id === body ? { inner } : child);
    }
  }
  return cache.get(loop) as T;
}

/** An identifier that reads a variable (not a keyword-argument name, not the `.attr` part of an attribute). */
export function isVariableRead(id: SyntaxNode): boolean {
  const parent = id.parent;
  if (!parent) return true;
  if (parent.type === "keyword_argument" && sameNode(parent.childForFieldName("name"), id)) return false;
  if (parent.type === "attribute" && sameNode(parent.childForFieldName("attribute"), id)) return false;
  return true;
}

/** Variable names read anywhere inside `node`. */
export function referencedNames(node: SyntaxNode): Set<string> {
  const names = new Set<string>();
  if (node.type === "identifier") {
    if (isVariableRead(node)) names.add(node.text);
    return names;
  }
  for (const id of node.descendantsOfType("identifier")) if (isVariableRead(id)) names.add(id.text);
  return names;
}

/** Names read inside `node`, plus every plain attribute path read (`obj.note`, `self.a.b` and `self.a`). */
export function referencedValues(node: SyntaxNode): Set<string> {
  const values = referencedNames(node);
  const attributes = node.type === "attribute" ? [node, ...node.descendantsOfType("attribute")] : node.descendantsOfType("attribute");
  for (const attr of attributes) {
    const path = dottedPath(attr);
    if (path) values.add(path);
  }
  return values;
}

const TARGET_PATTERNS = new Set([
  "pattern_list",
  "tuple_pattern",
  "list_pattern",
  "tuple",
  "list",
  "parenthesized_expression",
  "list_splat_pattern",
  "as_pattern_target",
]);

/** Names bound by an assignment-like target (`a`, `a, b`, `(a, *b)`, `a[k]` → a, `a.f` → a). */
export function targetNames(target: SyntaxNode): string[] {
  if (target.type === "identifier") return [target.text];
  if (target.type === "subscript" || target.type === "attribute") {
    const root = rootName(target);
    return root ? [root] : [];
  }
  return TARGET_PATTERNS.has(target.type) ? target.namedChildren.flatMap(targetNames) : [];
}

/**
 * What an assignment-like target changes, as a value: `a` for `a`; the container `d` (or `self.d`) for
 * `d[k]`; the attribute path `obj.note` for `obj.note` (obj itself is the same object afterwards).
 */
function targetValues(target: SyntaxNode): string[] {
  if (target.type === "identifier") return [target.text];
  if (target.type === "attribute") {
    const path = dottedPath(target);
    return path ? [path] : targetNames(target);
  }
  if (target.type === "subscript") {
    let container: SyntaxNode | null = target;
    while (container?.type === "subscript") container = container.childForFieldName("value");
    const path = container ? dottedPath(container) : undefined;
    return path ? [path] : targetNames(target);
  }
  return TARGET_PATTERNS.has(target.type) ? target.namedChildren.flatMap(targetValues) : [];
}

/** `a` / `a.b.c` as text when every part is a plain name, else undefined. */
function dottedPath(node: SyntaxNode): string | undefined {
  return dottedParts(node)?.join(".");
}

/** The target side of a node that binds names, if it is one. */
export function bindingTargetOf(node: SyntaxNode): SyntaxNode | null {
  switch (node.type) {
    case "assignment":
    case "augmented_assignment":
    case "for_statement":
    case "for_in_clause":
      return node.childForFieldName("left");
    case "named_expression":
      return node.childForFieldName("name");
    case "as_pattern":
      return node.childForFieldName("alias");
    default:
      return null;
  }
}

/** Container methods that store a value into the object they are called on. */
export const MUTATORS: ReadonlySet<string> = new Set(["append", "appendleft", "extend", "insert", "add", "update", "setdefault"]);

/** A fold to the first node (in walk order) that `find` answers for: `{ first: undefined }` when none does. */
export function firstFold<T>(find: (node: SyntaxNode) => T | undefined): PerIterationFold<{ first: T | undefined }> {
  return {
    start: () => ({ first: undefined }),
    visit: (acc, node) => {
      acc.first = find(node);
    },
    merge: (acc, inner) => {
      acc.first = inner.first;
    },
    // Visited and merged only while nothing is found.
    done: (acc) => acc.first !== undefined,
  };
}

/** A fold into a set of strings, each node adding what `add` gives it. */
function setFold(add: (node: SyntaxNode, into: Set<string>) => void): PerIterationFold<Set<string>> {
  return {
    start: () => new Set<string>(),
    visit: (acc, node) => add(node, acc),
    merge: (acc, inner) => inner.forEach((v) => acc.add(v)),
  };
}

const BOUND_NAMES = setFold((node, into) => {
  const target = bindingTargetOf(node);
  if (target) for (const name of targetNames(target)) into.add(name);
});

const CHANGED_VALUES = setFold((node, into) => {
  const target = bindingTargetOf(node);
  if (target) for (const value of targetValues(target)) into.add(value);
  if (node.type !== "call") return;
  const fn = node.childForFieldName("function");
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
  const path = object && MUTATORS.has(fn?.childForFieldName("attribute")?.text ?? "") ? dottedPath(object) : undefined;
  if (path) into.add(path);
});

/** Names that change from one iteration of `loop` to the next: its targets and everything its body binds. */
export function loopVaryingNames(loop: LoopInfo): ReadonlySet<string> {
  let names = varyingCache.get(loop);
  if (!names) {
    names = new Set([...loop.targets.map((t) => t.name), ...foldPerIteration(loop, BOUND_NAMES)]);
    varyingCache.set(loop, names);
  }
  return names;
}

/**
 * Values that change from one iteration to the next, for the question "does this query's argument
 * change?" (compare with `referencedValues`): loop targets and rebound names, containers written by
 * subscript or filled by a mutator call (`ids[k] = …`, `ids.append(…)`), and written attribute paths.
 * `obj.note = v` changes `obj.note`, not `obj`: a filter on `obj` uses its primary key, which that
 * write leaves alone.
 */
export function loopVaryingValues(loop: LoopInfo): ReadonlySet<string> {
  let values = valuesCache.get(loop);
  if (!values) {
    values = new Set([...loop.targets.map((t) => t.name), ...foldPerIteration(loop, CHANGED_VALUES)]);
    valuesCache.set(loop, values);
  }
  return values;
}

// LoopInfo objects live as long as the file's facts; rules ask about the same loop once per query site.
const varyingCache = new WeakMap<LoopInfo, Set<string>>();
const valuesCache = new WeakMap<LoopInfo, Set<string>>();

/** The statement directly inside a block that holds `node` (the statement a rule reasons about). */
export function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.parent?.type === "block" || n.parent?.type === "module") return n;
    if (SCOPE_TYPES.has(n.type)) return undefined;
  }
  return undefined;
}

/**
 * The loop a per-iteration finding is blamed on: the innermost enclosing loop that is not provably
 * short (a few literal items, the rows of a queryset filtered down to one, command-line arguments,
 * configuration, the parts of one string) and does not walk batches (one statement per batch).
 */
export function reportingLoop(django: DjangoFacts, node: SyntaxNode): LoopInfo | undefined {
  const loops = loopsRunning(django, node);
  // Inside a batch loop the work is per batch; inner loops over a batch's rows are still per row.
  const batch = loops.findIndex((loop) => once(batchLoops, loop, () => isBatchLoop(loop)));
  const candidates = batch === -1 ? loops : loops.slice(0, batch);
  return candidates.find((loop) => !once(shortLoops, loop, () => isSmallLiteralLoop(loop) || loopWalksAtMostOneRow(django, loop) || shortIterableReason(loop) !== undefined));
}

/**
 * Whether a loop walks batches, and whether it is provably short, are asked once per loop, not once per
 * write in it: they read the loop's statements and the iterable's definition (one loop with n writes
 * asked them n times, issue 12). A loop belongs to one file's facts: the answers hold as long as it lives.
 */
const batchLoops = new WeakMap<LoopInfo, boolean>();
const shortLoops = new WeakMap<LoopInfo, boolean>();

function once(cache: WeakMap<LoopInfo, boolean>, loop: LoopInfo, answer: () => boolean): boolean {
  let known = cache.get(loop);
  if (known === undefined) {
    known = answer();
    cache.set(loop, known);
  }
  return known;
}

/** What a loop finding is scoped to (the range a PR must touch to be blamed): a comprehension as a whole. */
export function loopScope(loop: LoopInfo): SyntaxNode {
  return loop.comprehension ?? loop.node;
}
