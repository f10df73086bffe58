/**
 * What a DRF view's `get_queryset()` and `get_serializer_class()` return, read from their bodies while
 * the tree is alive (the index keeps plain data only). Deliberately coarse and quiet: every
 * select_related / prefetch_related path anywhere in the body counts as loaded (a union over branches),
 * and a chain that starts somewhere the index cannot follow is recorded as such so the view stays
 * unresolved rather than guessed.
 */
import type { SyntaxNode } from "../../parser.js";
import { exprOf, type Expr } from "../expr.js";
import { addLoadArgs, emptyLoads, type LoadFacts } from "./loads.js";
import { returnsOf } from "../eager.js";

export interface QuerysetBodyFacts extends LoadFacts {
  /**
   * Where each returned chain starts: `super` (super().get_queryset()), `self.queryset`, a dotted
   * manager (`Order.objects`), or `other:<text>` when the start is something else (a helper call).
   */
  roots: string[];
  /** Methods on the returned chains that are not QuerySet methods (a custom manager method may eager-load). */
  customCalls: string[];
}

/** QuerySet methods that return a QuerySet of the same model with the same eager loads (plus their own). */
export const CHAIN_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "distinct", "annotate", "alias", "only", "defer", "using",
  "select_related", "prefetch_related", "select_for_update", "reverse", "extra", "none", "complex_filter",
]);

const MAX_FOLLOW = 6;

export function querysetBodyFacts(fn: SyntaxNode): QuerysetBodyFacts {
  const facts: QuerysetBodyFacts = { ...emptyLoads(), roots: [], customCalls: [] };
  const body = fn.childForFieldName("body");
  if (!body) return facts;
  readLoads(body, facts);
  const assigns = assignmentsIn(body);
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (value) chainRoots(value, assigns, facts, 0, new Set());
    else facts.roots.push("other:None");
  }
  facts.roots = [...new Set(facts.roots)];
  facts.loads = [...new Set(facts.loads)];
  facts.customCalls = [...new Set(facts.customCalls)];
  return facts;
}

/** Class names `get_serializer_class()` returns; undefined when a return is not a plain name. */
export function serializerClassReturns(fn: SyntaxNode): Expr[] | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const out: Expr[] = [];
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (!value) return undefined;
    const expr = exprOf(value);
    if (expr.t !== "name" || expr.dotted.startsWith("self.") || expr.dotted === "self") return undefined;
    out.push(expr);
  }
  return out.length > 0 ? out : undefined;
}

function readLoads(body: SyntaxNode, facts: QuerysetBodyFacts): void {
  const visit = (node: SyntaxNode): void => {
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
      const args = node.childForFieldName("arguments");
      if (method === "select_related" || method === "prefetch_related") addLoads(method, args, facts);
      if (/(^|\.)Prefetch$/.test(fn?.text ?? "")) return;
    }
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      visit(child);
    }
  };
  visit(body);
}

function addLoads(method: string, args: SyntaxNode | null, facts: QuerysetBodyFacts): void {
  const call = args?.parent ? exprOf(args.parent) : undefined;
  if (call?.t !== "call") return;
  addLoadArgs(method, call.args, call.hasSplat, facts);
}

function chainRoots(start: SyntaxNode, assigns: Map<string, SyntaxNode[]>, facts: QuerysetBodyFacts, follows: number, seen: Set<SyntaxNode>): void {
  let node: SyntaxNode | null = start;
  while (node) {
    if (node.type === "parenthesized_expression") {
      node = node.namedChildren[0] ?? null;
      continue;
    }
    if (node.type === "identifier") {
      const defs = assigns.get(node.text) ?? [];
      if (defs.length === 0 || follows >= MAX_FOLLOW) {
        facts.roots.push(`other:${node.text}`);
        return;
      }
      for (const def of defs) {
        if (seen.has(def)) continue;
        seen.add(def);
        chainRoots(def, assigns, facts, follows + 1, seen);
      }
      return;
    }
    if (node.type === "attribute") {
      facts.roots.push(rootName(node));
      return;
    }
    if (node.type !== "call") {
      facts.roots.push(`other:${node.type}`);
      return;
    }
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") {
      facts.roots.push(`other:${fn?.text ?? "call"}`);
      return;
    }
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = fn.childForFieldName("object");
    if (method === "get_queryset" && receiver?.type === "call" && receiver.childForFieldName("function")?.text === "super") {
      facts.roots.push("super");
      return;
    }
    if (!CHAIN_METHODS.has(method)) {
      // `Order.objects.for_list()` may eager-load inside; `self.get_base_queryset()` is unknown.
      facts.customCalls.push(method);
      if (receiver?.type === "identifier" || receiver?.text === "self") {
        facts.roots.push(`other:${fn.text}`);
        return;
      }
    }
    node = receiver;
  }
}

function rootName(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, "");
  if (text === "self.queryset" || /^self\.__class__\.queryset$/.test(text)) return "self.queryset";
  return /^[A-Za-z_][\w.]*$/.test(text) ? text : `other:${text}`;
}

/** Every `name = <expr>` in the body, at any depth (branches included): all of them may reach a return. */
function assignmentsIn(body: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "assignment" || child.type === "augmented_assignment") {
        const left = child.childForFieldName("left");
        const right = child.childForFieldName("right");
        if (left?.type === "identifier" && right) {
          const list = out.get(left.text) ?? [];
          list.push(right);
          out.set(left.text, list);
        }
      }
      visit(child);
    }
  };
  visit(body);
  return out;
}

