/**
 * Loops and what runs once per iteration. A comprehension yields one loop per `for_in_clause`; its
 * first iterable runs once, outside every loop of the comprehension. Loops never reach across a
 * function, lambda or class boundary: a `def` inside a loop body is not "code in the loop".
 */
import type { SyntaxNode } from "../parser.js";
import type { LoopInfo, LoopTarget } from "./types.js";
import type { LoopIndex } from "./state.js";
import { targetIdentifiers } from "./bindings.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES, builtinCallArg, hasSplat, positionalArgs, sameNode, unwrapParens } from "./syntax.js";

/** Wrappers that yield the same elements as their argument. */
const SAME_ELEMENTS = new Set(["reversed", "sorted", "list", "tuple", "iter"]);
const ENUMERATE = new Set(["enumerate"]);

export function collectLoops(root: SyntaxNode): LoopIndex {
  const all: LoopInfo[] = [];
  const byHolder = new Map<number, LoopInfo[]>();
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    const found = loopsHeldBy(node);
    if (found.length > 0) {
      all.push(...found);
      byHolder.set(node.id, found);
    }
    // Reverse push: children come off the stack in source order (pre-order, outermost first).
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
  return { all, byHolder };
}

function loopsHeldBy(node: SyntaxNode): LoopInfo[] {
  switch (node.type) {
    case "for_statement": {
      const left = node.childForFieldName("left");
      const iterable = node.childForFieldName("right");
      const body = node.childForFieldName("body");
      return [{ node, kind: "for", targets: left ? bindTargets(left, iterable) : [], iterable, body: body ? [body] : [] }];
    }
    case "while_statement": {
      const body = node.childForFieldName("body");
      return [{ node, kind: "while", targets: [], iterable: null, body: body ? [body] : [] }];
    }
    default:
      return COMPREHENSION_TYPES.has(node.type) ? comprehensionLoops(node) : [];
  }
}

function comprehensionLoops(comp: SyntaxNode): LoopInfo[] {
  const element = comp.childForFieldName("body");
  const parts = comp.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause");
  const loops: LoopInfo[] = [];
  parts.forEach((clause, i) => {
    if (clause.type !== "for_in_clause") return;
    const left = clause.childForFieldName("left");
    const iterable = clause.childForFieldName("right");
    // Per iteration of this clause: the element, and every condition and clause written after it.
    const body = [...(element ? [element] : []), ...parts.slice(i + 1)];
    loops.push({
      node: clause,
      kind: "comprehension",
      targets: left ? bindTargets(left, iterable) : [],
      iterable,
      body,
      comprehension: comp,
    });
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
  for (let inner = builtinCallArg(current, SAME_ELEMENTS); inner; inner = builtinCallArg(current, SAME_ELEMENTS)) {
    current = unwrapParens(inner);
  }
  return current;
}

function zipArgs(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "identifier" || fn.text !== "zip") return undefined;
  const args = node.childForFieldName("arguments");
  return hasSplat(args) ? undefined : positionalArgs(args);
}

/** Loops that run `node` once per iteration, innermost first, up to the enclosing function/lambda/class. */
export function enclosingLoopsOf(index: LoopIndex, node: SyntaxNode): LoopInfo[] {
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
