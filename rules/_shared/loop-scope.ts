/**
 * Loop scoping shared by the loop rules (DJP103, DJP501–DJP503): which loops run a node once per
 * iteration, and which names change from one iteration to the next.
 * Pure syntax on top of `DjangoFacts.loops()`; candidates to move to src/analysis/django later.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo } from "../../src/analysis/django/types.js";
import { isSmallLiteralLoop } from "./bounded-loops.js";

/** A def, lambda or class body inside a loop is not run by the loop itself. */
const SCOPE_BOUNDARIES = new Set(["function_definition", "lambda", "class_definition"]);

export function containsNode(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** True when `node` is evaluated once per iteration of `loop` (in its body, not inside a nested def/lambda/class). */
export function runsPerIteration(loop: LoopInfo, node: SyntaxNode): boolean {
  const part = loop.body.find((b) => containsNode(b, node));
  if (!part) return false;
  if (sameNode(part, node)) return true;
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (SCOPE_BOUNDARIES.has(n.type)) return false;
    if (sameNode(n, part)) return true;
  }
  return false;
}

/** The loops that run `node` once per iteration, innermost first. */
export function loopsRunning(django: DjangoFacts, node: SyntaxNode): LoopInfo[] {
  return django.enclosingLoops(node).filter((loop) => runsPerIteration(loop, node));
}

/** Every node of the loop's per-iteration part, not descending into nested defs, lambdas or classes. */
export function* perIterationNodes(loop: LoopInfo): Generator<SyntaxNode> {
  const stack = [...loop.body].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    yield node;
    if (SCOPE_BOUNDARIES.has(node.type)) continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
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

/** The variable an assignment target writes to: `x` for `x`, `x[k]`, `x.a.b`. */
export function rootName(target: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = target;
  while (n && (n.type === "subscript" || n.type === "attribute")) {
    n = n.type === "subscript" ? n.childForFieldName("value") : n.childForFieldName("object");
  }
  return n?.type === "identifier" ? n.text : undefined;
}

/** Names bound by an assignment-like target (`a`, `a, b`, `(a, *b)`, `a[k]` → a, `a.f` → a). */
export function targetNames(target: SyntaxNode): string[] {
  switch (target.type) {
    case "identifier":
      return [target.text];
    case "subscript":
    case "attribute": {
      const root = rootName(target);
      return root ? [root] : [];
    }
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "parenthesized_expression":
    case "list_splat_pattern":
    case "as_pattern_target":
      return target.namedChildren.flatMap(targetNames);
    default:
      return [];
  }
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

/** Names that change from one iteration of `loop` to the next: its targets and everything its body binds. */
export function loopVaryingNames(loop: LoopInfo): ReadonlySet<string> {
  let names = varyingCache.get(loop);
  if (!names) {
    names = new Set(loop.targets.map((t) => t.name));
    for (const node of perIterationNodes(loop)) {
      const target = bindingTargetOf(node);
      if (target) for (const name of targetNames(target)) names.add(name);
    }
    varyingCache.set(loop, names);
  }
  return names;
}

// LoopInfo objects live as long as the file's facts; rules ask about the same loop once per query site.
const varyingCache = new WeakMap<LoopInfo, Set<string>>();

/** The statement directly inside a block that holds `node` (the statement a rule reasons about). */
export function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.parent?.type === "block" || n.parent?.type === "module") return n;
    if (SCOPE_BOUNDARIES.has(n.type)) return undefined;
  }
  return undefined;
}

/** The loop a per-iteration finding is blamed on: the innermost enclosing loop that is not provably short. */
export function reportingLoop(django: DjangoFacts, node: SyntaxNode): LoopInfo | undefined {
  return loopsRunning(django, node).find((loop) => !isSmallLiteralLoop(loop));
}

/** What a loop finding is scoped to (the range a PR must touch to be blamed): a comprehension as a whole. */
export function loopScope(loop: LoopInfo): SyntaxNode {
  return loop.comprehension ?? loop.node;
}
