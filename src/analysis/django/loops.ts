/**
 * Loops and what runs once per iteration. A comprehension yields one loop per `for_in_clause`; its
 * first iterable runs once, outside every loop of the comprehension. Loops never reach across a
 * function, lambda or class boundary: a `def` inside a loop body is not "code in the loop".
 */
import type { SyntaxNode } from "../parser.js";
import type { LoopInfo, LoopTarget } from "./types.js";
import { covers, spanOf, type LoopIndex, type LoopSpan, type NodeSpan } from "./state.js";
import { SpanTree } from "./span-tree.js";
import { targetIdentifiers } from "./bindings.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES, builtinCallArg, hasSplat, keywordArg, positionalArgs, sameNode, unwrapParens } from "./syntax.js";

/** Wrappers that yield the same elements as their argument. */
const SAME_ELEMENTS = new Set(["reversed", "sorted", "list", "tuple", "iter"]);
const ENUMERATE = new Set(["enumerate"]);

/**
 * The file's loops from its structure nodes (STRUCTURE_TYPES, in source order, so `all` is outermost
 * first), with the positions `enclosingLoopsOf` compares.
 */
export function collectLoops(structure: readonly NodeSpan[]): LoopIndex {
  const all: LoopInfo[] = [];
  const byHolder = new Map<number, LoopInfo[]>();
  const spans: LoopSpan[] = [];
  const holders: { start: number; end: number; loops: LoopSpan[] }[] = [];
  for (const holder of structure) {
    const found = loopsHeldBy(holder.node, holder.type);
    if (found.length === 0) continue;
    const loops = found.map((f) => f.loop);
    all.push(...loops);
    byHolder.set(holder.node.id, loops);
    const held: LoopSpan[] = [];
    found.forEach(({ loop, left }, order) => {
      const parts = loop.body.map((b) => spanOf(b, ""));
      held.push({ loop, holder, order, parts, ...(left ? { left: spanOf(left, "") } : {}) });
    });
    spans.push(...held);
    holders.push({ start: holder.start, end: holder.end, loops: held });
  }
  const targetNames = new Set(all.flatMap((loop) => loop.targets.map((t) => t.name)));
  const boundaries = new SpanTree(structure.filter((s) => SCOPE_TYPES.has(s.type)));
  const index: LoopIndex = { all, byHolder, spans, targetNames, holders: new SpanTree(holders), boundaries };
  for (const span of spans) loopSpans.set(span.loop, { index, span });
  return index;
}

/** Each loop's index and positions, for questions asked with only the loop at hand (`runsPerIteration`). */
const loopSpans = new WeakMap<LoopInfo, { index: LoopIndex; span: LoopSpan }>();

/**
 * `node` is in one of the loop's per-iteration parts with no def/lambda/class between (false when
 * positions cannot tell: a zero-width node, or a loop not from `collectLoops`; callers then walk
 * parents). The parent walk costs the nesting depth per question: quadratic in a long `a and b and …`.
 */
export function runsPerIterationByPositions(loop: LoopInfo, node: SyntaxNode, start = node.startIndex, end = node.endIndex): boolean | undefined {
  const known = loopSpans.get(loop);
  if (!known || start === end) return undefined;
  const part = known.span.parts.find((p) => covers(p, start, end));
  if (!part) return false;
  const { boundaries } = known.index;
  // As in `enclosingLoopsOf`: a boundary with the node's own range is the node (or inside it).
  return !boundaries.covering(start, end).some((i) => {
    const b = boundaries.spans[i]!;
    return covers(part, b.start, b.end) && (b.start !== start || b.end !== end);
  });
}

/**
 * The for/while loop that `node` (a for/while statement) holds, from the same file's loops as `near`;
 * undefined for any other node, a comprehension, or a loop not from `collectLoops`.
 */
export function statementLoopOf(near: LoopInfo, node: SyntaxNode): LoopInfo | undefined {
  if (node.type !== "for_statement" && node.type !== "while_statement") return undefined;
  return loopSpans.get(near)?.index.byHolder.get(node.id)?.[0];
}

/** Loop spans whose holder covers `start..end`, in the order of `index.spans` (source order). */
export function loopSpansAround(index: LoopIndex, start: number, end: number): LoopSpan[] {
  const holders = index.holders.covering(start, end).reverse();
  return holders.flatMap((i) => index.holders.spans[i]!.loops);
}

interface HeldLoop {
  loop: LoopInfo;
  /** The target a `for` / `for_in_clause` binds (its `left`). */
  left: SyntaxNode | null;
}

function loopsHeldBy(node: SyntaxNode, type: string): HeldLoop[] {
  switch (type) {
    case "for_statement": {
      const left = node.childForFieldName("left");
      const iterable = node.childForFieldName("right");
      const body = node.childForFieldName("body");
      return [{ loop: { node, kind: "for", targets: left ? bindTargets(left, iterable) : [], iterable, body: body ? [body] : [] }, left }];
    }
    case "while_statement": {
      const body = node.childForFieldName("body");
      return [{ loop: { node, kind: "while", targets: [], iterable: null, body: body ? [body] : [] }, left: null }];
    }
    default:
      return COMPREHENSION_TYPES.has(type) ? comprehensionLoops(node) : [];
  }
}

function comprehensionLoops(comp: SyntaxNode): HeldLoop[] {
  const element = comp.childForFieldName("body");
  const parts = comp.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause");
  const loops: HeldLoop[] = [];
  parts.forEach((clause, i) => {
    if (clause.type !== "for_in_clause") return;
    const left = clause.childForFieldName("left");
    const iterable = clause.childForFieldName("right");
    // Per iteration of this clause: the element, and every condition and clause written after it.
    const body = [...(element ? [element] : []), ...parts.slice(i + 1)];
    const loop: LoopInfo = {
      node: clause,
      kind: "comprehension",
      targets: left ? bindTargets(left, iterable) : [],
      iterable,
      body,
      comprehension: comp,
    };
    loops.push({ loop, left });
  });
  return loops;
}

/**
 * Pairs each target name with the iterable it walks: `for i, o in enumerate(qs)` → o walks qs;
 * `for a, b in zip(xs, ys)` → a walks xs, b walks ys. Unknown pairings get `iterable: null`.
 */
export function bindTargets(target: SyntaxNode, iterable: SyntaxNode | null): LoopTarget[] {
  const walked = iterable ? sameElements(iterable) : null;
  if (target.type === "identifier") return [{ name: target.text, node: target, iterable: walked }];
  const elements = target.namedChildren.filter((c) => c.type !== "comment");
  if (target.type === "list_splat_pattern" || elements.length === 0) return unpaired(target);
  if (walked) {
    const enumerated = builtinCallArg(walked, ENUMERATE);
    if (enumerated && elements.length === 2) {
      return [...unpaired(elements[0] as SyntaxNode), ...bindTargets(elements[1] as SyntaxNode, enumerated)];
    }
    const zipped = zipArgs(walked);
    if (zipped && zipped.length === elements.length) return elements.flatMap((el, i) => bindTargets(el, zipped[i] ?? null));
  }
  return unpaired(target);
}

function unpaired(target: SyntaxNode): LoopTarget[] {
  return targetIdentifiers(target).map((id) => ({ name: id.text, node: id, iterable: null }));
}

function sameElements(iterable: SyntaxNode): SyntaxNode {
  let current = unwrapParens(iterable);
  for (let inner = builtinCallArg(current, SAME_ELEMENTS) ?? progressBarArg(current); inner; inner = builtinCallArg(current, SAME_ELEMENTS) ?? progressBarArg(current)) {
    current = unwrapParens(inner);
  }
  return current;
}

/**
 * A progress bar around an iterable yields its elements: `tqdm(qs.iterator(), total=n)`, `tqdm.tqdm(rows)`,
 * `tqdm.auto.tqdm(rows)`. The walked iterable is the first positional argument (or `iterable=`).
 */
function progressBarArg(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  const parts = fn?.type === "identifier" || fn?.type === "attribute" ? fn.text.split(".") : [];
  const isBar = parts[parts.length - 1] === "tqdm" && parts.every((p) => p === "tqdm" || p === "auto" || p === "notebook");
  const args = node.childForFieldName("arguments");
  if (!isBar || hasSplat(args)) return undefined;
  return positionalArgs(args)[0] ?? keywordArg(args, "iterable");
}

function zipArgs(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "identifier" || fn.text !== "zip") return undefined;
  const args = node.childForFieldName("arguments");
  return hasSplat(args) ? undefined : positionalArgs(args);
}

/**
 * Loops that run `node` once per iteration, innermost first, up to the enclosing function/lambda/class.
 * Answered from positions: a node lies in a loop part exactly when the part's range covers it (sibling
 * ranges never overlap), and a def/lambda/class strictly covering it inside that part is a boundary.
 * Zero-width nodes (error recovery) can sit on a sibling's edge, so they take the parent walk.
 */
export function enclosingLoopsOf(index: LoopIndex, node: SyntaxNode, start = node.startIndex, end = node.endIndex): LoopInfo[] {
  if (start === end) return enclosingLoopsByParents(index, node);
  const hits: LoopSpan[] = [];
  let around: NodeSpan[] | undefined;
  for (const span of loopSpansAround(index, start, end)) {
    const part = span.parts.find((p) => covers(p, start, end));
    if (!part) continue;
    // A def/lambda/class inside the part and around the node fences it off. One with the node's own
    // range is the node itself (or inside it), never around it.
    around ??= index.boundaries.covering(start, end).map((i) => index.boundaries.spans[i]!);
    const fenced = around.some((b) => covers(part, b.start, b.end) && (b.start !== start || b.end !== end));
    if (!fenced) hits.push(span);
  }
  // Nested holders start at different positions (each starts with its own keyword or bracket).
  hits.sort((a, b) => b.holder.start - a.holder.start || b.order - a.order);
  return hits.map((h) => h.loop);
}

/** The same question answered by walking parents (the definition the position test reproduces). */
export function enclosingLoopsByParents(index: LoopIndex, node: SyntaxNode): LoopInfo[] {
  const result: LoopInfo[] = [];
  for (let child = node, n = node.parent; n; child = n, n = n.parent) {
    if (SCOPE_TYPES.has(n.type)) break;
    const held = index.byHolder.get(n.id);
    if (!held) continue;
    const inside = held.filter((loop) => loop.body.some((part) => sameNode(part, child)));
    result.push(...inside.reverse());
  }
  return result;
}
