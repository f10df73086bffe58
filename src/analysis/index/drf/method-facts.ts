/**
 * What a DRF view's `get_queryset()` and `get_serializer_class()` return, read from their bodies while
 * the tree is alive (the index keeps plain data only). Deliberately coarse and quiet: every
 * select_related / prefetch_related path anywhere in the body counts as loaded (a union over branches),
 * and a chain that starts somewhere the index cannot follow is recorded as such so the view stays
 * unresolved rather than guessed.
 */
import type { SyntaxNode } from "../../parser.js";
import { exprOf, type Expr } from "../expr.js";
import { NARROWING_METHODS, addLoadArgs, emptyLoads, type LoadFacts } from "./loads.js";
import { returnsOf } from "../eager.js";
import { boundOfBody, type Bound } from "./bound.js";

/**
 * One returned chain: where it starts and the non-QuerySet methods called on it. Roots:
 * `super` (super().get_queryset()), `self.queryset`, `self` (a manager or QuerySet method's own rows),
 * `call:self.<m>` (a helper method of the class), `call:<dotted>` (a function), a dotted manager
 * (`Order.objects`), `@serializer_model.<manager>` (`self.get_serializer_class().Meta.model.objects`),
 * or `other:<text>` when the start is something else.
 */
export interface ReturnedChain {
  root: string;
  /** Methods on the chain that are not QuerySet methods, innermost first (a custom manager method may eager-load). */
  custom: string[];
}

export interface QuerysetBodyFacts extends LoadFacts {
  chains: ReturnedChain[];
  /** Every return lists one user's or one parent's rows (src/analysis/index/drf/bound.ts). */
  bound?: Bound;
}

/** QuerySet methods that return a QuerySet of the same model with the same eager loads (plus their own). */
export const CHAIN_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "distinct", "annotate", "alias", "only", "defer", "using",
  "select_related", "prefetch_related", "select_for_update", "reverse", "extra", "none", "complex_filter",
]);

const MAX_FOLLOW = 6;

export function querysetBodyFacts(fn: SyntaxNode, chains?: ReturnedChain[]): QuerysetBodyFacts {
  const facts: QuerysetBodyFacts = { ...emptyLoads(), chains: [] };
  const body = fn.childForFieldName("body");
  if (!body) return facts;
  readLoads(body, facts);
  facts.chains = chains ?? returnedChains(body);
  facts.loads = [...new Set(facts.loads)];
  const bound = boundOfBody(fn);
  if (bound) facts.bound = bound;
  return facts;
}

/** The chains a body's returns start from, each once, in the order of the returns. */
function returnedChains(body: SyntaxNode): ReturnedChain[] {
  const chains: ReturnedChain[] = [];
  const assigns = assignmentsIn(body);
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (value) chainRoots(value, assigns, chains, [], 0, new Set());
    else chains.push({ root: "other:None", custom: [] });
  }
  const seen = new Set<string>();
  return chains.filter((c) => {
    const key = `${c.root}\0${c.custom.join(",")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The returned chains of any method or function, kept only when one of them starts somewhere the DRF
 * graph can follow (a manager, super(), self, a helper call): most methods return something else, and
 * for those the loads and the bound (two more walks of the body) are not read.
 */
export function returnedChainFacts(fn: SyntaxNode): QuerysetBodyFacts | undefined {
  const body = fn.childForFieldName("body");
  if (!body || !/\breturn\b/.test(body.text)) return undefined;
  const chains = returnedChains(body);
  return chains.some((c) => !c.root.startsWith("other:")) ? querysetBodyFacts(fn, chains) : undefined;
}

/**
 * One return of `get_serializer_class()`: a class name, or `default` (`super().get_serializer_class()`,
 * `self.serializer_class`), and whether the branch it sits in is taken for the `list` action
 * (`if self.action == "list":`), never for it (`if self.action == "retrieve":`), or either.
 */
export interface SerializerReturn {
  expr: Expr | "default";
  when: "list" | "other" | "any";
}

/** What `get_serializer_class()` returns per branch; undefined when a return is neither a class name nor the default. */
export function serializerClassReturns(fn: SyntaxNode): SerializerReturn[] | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const out: SerializerReturn[] = [];
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (!value) return undefined;
    const when = actionBranch(ret, body);
    const text = value.text.replace(/\s+/g, "");
    if (text === "super().get_serializer_class()" || text === "self.serializer_class") {
      out.push({ expr: "default", when });
      continue;
    }
    const expr = exprOf(value);
    if (expr.t !== "name" || expr.dotted.startsWith("self.") || expr.dotted === "self") return undefined;
    out.push({ expr, when });
  }
  return out.length > 0 ? out : undefined;
}

/** Does an `if` test of `self.action` include the list action? undefined: not an action test we read. */
function listActionTest(cond: SyntaxNode): boolean | undefined {
  // `self.request and self.request.method == "POST"`: the guard is true in every action that has a request.
  const text = cond.text.replace(/\s+/g, " ").replace(/^self\.request and /, "");
  const method = requestMethodTest(text);
  if (method !== undefined) return method;
  const eq = /^self\.action == ["'](\w+)["']$/.exec(text);
  if (eq) return eq[1] === "list";
  // Items separated by a required comma: the old `(?:\s*"\w+"\s*,?)+` could split each space two ways,
  // backtracking exponentially on `self.action in ("a" "a" … "a").lower()` (issue 12, ReDoS).
  const within = /^self\.action in [[(]( ?["']\w+["'](?: ?, ?["']\w+["'])* ?,? ?)[\])]$/.exec(text);
  if (within) return /["']list["']/.test(within[1] ?? "");
  return undefined;
}

/** HTTP methods the list action is never called with. */
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `self.request.method == "POST"` / `in ("PUT", "PATCH")`: taken by the list action (a GET) or not; undefined: not such a test. */
function requestMethodTest(text: string): boolean | undefined {
  const eq = /^self\.request\.method == ["'](\w+)["']$/.exec(text);
  const within = /^self\.request\.method in [[({]( ?["']\w+["'](?: ?, ?["']\w+["'])* ?,? ?)[\])}]$/.exec(text);
  const names = eq ? [eq[1] ?? ""] : within ? [...(within[1] ?? "").matchAll(/["'](\w+)["']/g)].map((m) => m[1] ?? "") : undefined;
  if (!names) return undefined;
  if (names.some((n) => n.toUpperCase() === "GET")) return true;
  return names.every((n) => WRITE_METHODS.has(n.toUpperCase())) ? false : undefined;
}

function actionBranch(ret: SyntaxNode, body: SyntaxNode): SerializerReturn["when"] {
  let when: SerializerReturn["when"] = "any";
  for (let child: SyntaxNode = ret, node = ret.parent; node && node.id !== body.id; child = node, node = node.parent) {
    const clause = node.type === "if_statement" || node.type === "elif_clause" ? node : undefined;
    if (!clause) continue;
    const cond = clause.childForFieldName("condition");
    const isList = cond ? listActionTest(cond) : undefined;
    if (isList === undefined) continue;
    const inConsequence = clause.childForFieldName("consequence")?.id === child.id;
    if (inConsequence) when = isList ? "list" : "other";
    else if (isList && child.type === "else_clause") when = "other";
  }
  return when;
}

function readLoads(body: SyntaxNode, facts: QuerysetBodyFacts): void {
  const visit = (node: SyntaxNode): void => {
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
      const args = node.childForFieldName("arguments");
      if (method === "select_related" || method === "prefetch_related") addLoads(method, args, facts);
      if (method && NARROWING_METHODS.has(method)) facts.narrowed = true;
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

function chainRoots(start: SyntaxNode, assigns: Map<string, SyntaxNode[]>, chains: ReturnedChain[], outer: string[], follows: number, seen: Set<SyntaxNode>): void {
  // Custom methods met walking inwards (outermost first); a chain reports them innermost first.
  const custom: string[] = [...outer];
  const push = (root: string): void => {
    chains.push({ root, custom: [...custom].reverse() });
  };
  let node: SyntaxNode | null = start;
  while (node) {
    if (node.type === "parenthesized_expression") {
      node = node.namedChildren[0] ?? null;
      continue;
    }
    if (node.type === "identifier") {
      if (node.text === "self") return push("self");
      const defs = assigns.get(node.text) ?? [];
      if (defs.length === 0 || follows >= MAX_FOLLOW) return push(`other:${node.text}`);
      for (const def of defs) {
        if (seen.has(def)) continue;
        seen.add(def);
        chainRoots(def, assigns, chains, custom, follows + 1, seen);
      }
      return;
    }
    if (node.type === "attribute") return push(rootName(node));
    if (node.type !== "call") return push(`other:${node.type}`);
    const fn = node.childForFieldName("function");
    if (fn?.type === "identifier") return push(`call:${fn.text}`);
    if (fn?.type !== "attribute") return push(`other:${fn?.text ?? "call"}`);
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = fn.childForFieldName("object");
    if (method === "get_queryset" && receiver?.type === "call" && receiver.childForFieldName("function")?.text === "super") return push("super");
    if (!CHAIN_METHODS.has(method)) {
      // `self.get_base_queryset()`, `queries.visible_to(user)`: a helper; `Order.objects.for_list()`: a custom method.
      if (receiver?.type === "identifier" && (receiver.text === "self" || !assigns.has(receiver.text))) return push(`call:${fn.text}`);
      if (receiver?.type === "attribute" && /^[A-Za-z_][\w.]*$/.test(receiver.text) && !receiver.text.startsWith("self.") && !/\.objects$/.test(receiver.text) && !/^[A-Z]/.test(receiver.text)) return push(`call:${fn.text}`);
      custom.push(method);
    }
    node = receiver;
  }
}

/** `self.get_serializer_class().Meta.model.objects`: the manager of the model the view's serializer renders. */
const SERIALIZER_MODEL_ROOT = /^self\.(?:get_serializer_class\(\)|serializer_class)\.Meta\.model\.(\w+)$/;

/** A method (a view's `model` property) whose body is only `return self.get_serializer_class().Meta.model`. */
export function returnsSerializerModel(fn: SyntaxNode): boolean {
  const stmts = (fn.childForFieldName("body")?.namedChildren ?? []).filter((n) => n.type !== "comment" && !(n.type === "expression_statement" && n.namedChildren[0]?.type === "string"));
  const value = stmts.length === 1 && stmts[0]?.type === "return_statement" ? stmts[0].namedChildren[0] : undefined;
  return value !== undefined && SERIALIZER_MODEL_ROOT.test(`${value.text.replace(/\s+/g, "")}.objects`);
}

/** Root prefix for a manager of the view's serializer model (resolved per concrete view in queryset-source.ts). */
export const SERIALIZER_MODEL = "@serializer_model";

function rootName(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, "");
  if (text === "self.queryset" || /^self\.__class__\.queryset$/.test(text)) return "self.queryset";
  const serializerModel = SERIALIZER_MODEL_ROOT.exec(text);
  if (serializerModel) return `${SERIALIZER_MODEL}.${serializerModel[1] ?? ""}`;
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

