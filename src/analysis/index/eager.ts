/**
 * What a manager's `get_queryset()` eager-loads: the select_related / prefetch_related calls on the
 * chain it returns (`return super().get_queryset().select_related("customer")`), following a local
 * variable (`qs = super().get_queryset(); return qs.prefetch_related("items")`).
 *
 * Several returns are merged (a union): a manager that eager-loads on some paths makes rules quieter,
 * which is the safe direction for a linter that prefers false negatives.
 */
import type { SyntaxNode } from "../parser.js";
import { stringValue } from "./expr.js";
import type { EagerFacts } from "./facts.js";

const MAX_FOLLOW = 4;

export function eagerFactsOf(fn: SyntaxNode): EagerFacts {
  const facts: EagerFacts = { loads: [], selectsAll: false, callsSuper: false };
  const body = fn.childForFieldName("body");
  if (!body) return facts;
  const assigns = localAssignments(body);
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (value) walkChain(value, assigns, facts, 0);
  }
  facts.loads = [...new Set(facts.loads)];
  return facts;
}

function walkChain(start: SyntaxNode, assigns: Map<string, SyntaxNode>, facts: EagerFacts, follows: number): void {
  // Calls are met outermost first; they are applied innermost first, which is also source order.
  const calls: Array<{ method: string; args: SyntaxNode | null }> = [];
  let node: SyntaxNode | null = start;
  while (node) {
    if (node.type === "parenthesized_expression") {
      node = node.namedChildren[0] ?? null;
      continue;
    }
    if (node.type === "identifier") {
      const def = assigns.get(node.text);
      if (def && follows < MAX_FOLLOW) walkChain(def, assigns, facts, follows + 1);
      break;
    }
    if (node.type !== "call") break;
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") break;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = fn.childForFieldName("object");
    if (method === "get_queryset" && receiver && isSuperCall(receiver)) {
      facts.callsSuper = true;
      break;
    }
    calls.push({ method, args: node.childForFieldName("arguments") });
    node = receiver;
  }
  for (const { method, args } of calls.reverse()) {
    if (method === "select_related" || method === "prefetch_related") addLoads(method, args, facts);
  }
}

function addLoads(method: string, args: SyntaxNode | null, facts: EagerFacts): void {
  const list = args?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  if (method === "select_related" && list.length === 0) facts.selectsAll = true;
  for (const arg of list) {
    const literal = stringValue(arg);
    if (literal !== undefined) {
      facts.loads.push(literal);
      continue;
    }
    // Prefetch("items", queryset=...): the lookup is the first argument.
    if (method === "prefetch_related" && arg.type === "call") {
      const callee = arg.childForFieldName("function")?.text ?? "";
      const first = arg.childForFieldName("arguments")?.namedChildren[0];
      if (/(^|\.)Prefetch$/.test(callee) && first) {
        const lookup = stringValue(first);
        if (lookup !== undefined) facts.loads.push(lookup);
      }
    }
  }
}

function isSuperCall(node: SyntaxNode): boolean {
  return node.type === "call" && node.childForFieldName("function")?.text === "super";
}

/** `name = <expr>` statements directly in the function body (last one wins). */
function localAssignments(body: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of body.namedChildren) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment") continue;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type === "identifier" && right) out.set(left.text, right);
  }
  return out;
}

/** Return statements of this function, not of functions or classes nested in it. */
export function returnsOf(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "return_statement") out.push(child);
      else visit(child);
    }
  };
  visit(body);
  return out;
}
