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
import { localBindings, readReturnedValue, returnsOf, type LocalBinding, type ReturnPath } from "../returned-chains.js";
import { boundOfBody, type BodyBound } from "./bound.js";
import { unwrapParens } from "../../django/syntax.js";
import { pinnedKeysOfBody } from "./pinned-keys.js";

/**
 * One returned chain: where it starts and the non-QuerySet methods called on it. Roots:
 * `super` (super().get_queryset()), `self.queryset`, `self` (a manager or QuerySet method's own rows),
 * `call:self.<m>` (a helper method of the class), `call:<dotted>` (a function), a dotted manager
 * (`Order.objects`), `@serializer_model.<manager>` (`self.get_serializer_class().Meta.model.objects`),
 * or `other:<text>` when the start is something else.
 */
export interface ReturnedChain {
  /**
   * Also `param:<name>` (a parameter of the function: the caller's argument) and
   * `registry:<getter>:<key>` (a function looked up in a registry: `impl = get_filter("key")`, `impl(...)`).
   */
  root: string;
  /** For `call:` and `registry:` roots: the call's arguments as chains (read where the call is), for the callee's `param:` roots. */
  args?: CallArgs;
  /** Methods on the chain that are not QuerySet methods, innermost first (a custom manager method may eager-load). */
  custom: string[];
}

/** A call's arguments, each as the chains it may be; `splat`: `*args` / `**kwargs` hide which is which. */
export interface CallArgs {
  positional: ReturnedChain[][];
  keyword: Record<string, ReturnedChain[]>;
  splat: boolean;
}

export interface QuerysetBodyFacts extends LoadFacts {
  chains: ReturnedChain[];
  /** The parameters, in order, when a chain starts at one (`param:` roots): `none` when it defaults to None. */
  params?: { name: string; none: boolean }[];
  /** Every return lists one user's or one parent's rows (src/analysis/index/drf/bound.ts). */
  bound?: BodyBound;
  /** The equality lookups of each way a return is built (src/analysis/index/drf/pinned-keys.ts). */
  pins?: string[][];
  /** Every `return` is a list or tuple literal of at most one item (`[ns.namespace]`, `[]`): one row at most. */
  oneLiteralRow?: true;
  /** A `return` whose method chain combines querysets (`a.union(b).order_by("name")`): no prefetch_related / annotate after it. */
  combined?: true;
}

/** QuerySet methods that return a QuerySet of the same model with the same eager loads (plus their own). */
export const CHAIN_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "distinct", "annotate", "alias", "only", "defer", "using",
  "select_related", "prefetch_related", "select_for_update", "reverse", "extra", "none", "complex_filter",
]);

export function querysetBodyFacts(fn: SyntaxNode): QuerysetBodyFacts {
  return withBounds(fn, chainFacts(fn));
}

/** What bounds the rows every return lists: read only for facts that are kept (most methods return something else). */
function withBounds(fn: SyntaxNode, facts: QuerysetBodyFacts): QuerysetBodyFacts {
  if (!fn.childForFieldName("body")) return facts;
  const bound = boundOfBody(fn);
  if (bound) facts.bound = bound;
  const pins = pinnedKeysOfBody(fn);
  if (pins) facts.pins = pins;
  if (returnsOneLiteralRow(fn)) facts.oneLiteralRow = true;
  if (returnsOf(fn.childForFieldName("body")!).some((ret) => ret.namedChildren[0] !== undefined && chainCombines(ret.namedChildren[0]))) facts.combined = true;
  return facts;
}

/** Set operations of QuerySet: Django refuses prefetch_related(), annotate() and filter() on their result. */
export const COMBINATORS = new Set(["union", "intersection", "difference"]);

/** The method chain of `node` (`a.union(b).order_by("x")`, read from the outside in) calls a combinator. */
export function chainCombines(node: SyntaxNode): boolean {
  let cur: SyntaxNode | null = unwrapParens(node);
  while (cur?.type === "call") {
    const fn = cur.childForFieldName("function");
    if (fn?.type !== "attribute") return false;
    if (COMBINATORS.has(fn.childForFieldName("attribute")?.text ?? "")) return true;
    cur = fn.childForFieldName("object");
  }
  return false;
}

/** ROW_LITERALS: a list or tuple written out; its items are the rows. */
const ROW_LITERALS = new Set(["list", "tuple"]);

/** Every `return` of the body (one at least) is `[x]`, `[]`, `(x,)` or `()`: no splat, no comprehension. */
function returnsOneLiteralRow(fn: SyntaxNode): boolean {
  const returns = returnsOf(fn.childForFieldName("body")!);
  return returns.length > 0 && returns.every((ret) => {
    const value = ret.namedChildren[0];
    const literal = value ? unwrapParens(value) : undefined;
    return literal !== undefined && ROW_LITERALS.has(literal.type) && literal.namedChildCount <= 1 && !literal.namedChildren.some((c) => c.type === "list_splat");
  });
}

/** The returned chains and the eager loads of a function's body. */
function chainFacts(fn: SyntaxNode): QuerysetBodyFacts {
  const facts: QuerysetBodyFacts = { ...emptyLoads(), chains: [] };
  const body = fn.childForFieldName("body");
  if (!body) return facts;
  readLoads(body, facts);
  const bindings = localBindings(body);
  const params = paramsOf(fn);
  const names = new Set(params.map((p) => p.name));
  const memo = memoisedAttrs(body);
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    const values = value ? (memo.get(unwrapParens(value).text) ?? [value]) : [];
    for (const v of values) for (const path of readReturnedValue(v, bindings, SELF).paths) facts.chains.push(viewChainOf(path, bindings, names));
    if (!value) facts.chains.push({ root: "other:None", custom: [] });
  }
  // A `param:` root, here or in the arguments of a call (`return restrict(queryset, user)`), reads the caller's argument.
  if (facts.chains.some((c) => c.root.startsWith("param:") || c.args)) facts.params = params;
  const seen = new Set<string>();
  facts.chains = facts.chains.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  facts.loads = [...new Set(facts.loads)];
  return facts;
}

/**
 * Rows a method caches on the instance for the request (`if self._qs is None: self._qs =
 * super().get_queryset()` then `return self._qs`): `self._qs` returned is what the body assigns to it,
 * when the body tests it against None first. Keyed by the attribute's text (`self._qs`).
 */
function memoisedAttrs(body: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  for (const assign of body.descendantsOfType("assignment")) {
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "attribute" || left.childForFieldName("object")?.text !== "self" || !right) continue;
    const guard = new RegExp(`\\b${left.text.replace(".", "\\.")}\\s+is\\s+None\\b`);
    if (!guard.test(body.text)) continue;
    out.set(left.text, [...(out.get(left.text) ?? []), right]);
  }
  return out;
}

/**
 * The returned chains of any method or function, kept only when one of them starts somewhere the DRF
 * graph can follow (a manager, super(), self, a helper call): most methods return something else.
 */
export function returnedChainFacts(fn: SyntaxNode): QuerysetBodyFacts | undefined {
  const body = fn.childForFieldName("body");
  if (!body || !/\breturn\b/.test(body.text)) return undefined;
  const facts = chainFacts(fn);
  return facts.chains.some((c) => !c.root.startsWith("other:")) ? withBounds(fn, facts) : undefined;
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
  // `self.action == "retrieve" and <anything>`: one side that excludes the list action excludes it
  // (rotation set 13: a children serializer for `retrieve` with a query parameter).
  const node = unwrapParens(cond);
  if (node.type === "boolean_operator" && node.childForFieldName("operator")?.text === "and") {
    const sides = [node.childForFieldName("left"), node.childForFieldName("right")].map((side) => (side ? listActionTest(side) : undefined));
    if (sides.includes(false)) return false;
  }
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

const SELF: ReadonlySet<string> = new Set(["self"]);

/**
 * A returned path as the DRF graph reads it: from the outermost call inwards, the first call of a
 * helper (`self.base_queryset()`, `queries.visible_to(user)`) or `super().get_queryset()` is where the
 * rows come from; other non-QuerySet methods met before it are custom methods applied to them.
 */
function viewChainOf(path: ReturnPath, bindings: ReadonlyMap<string, readonly LocalBinding[]>, params: ReadonlySet<string>, argDepth = 0): ReturnedChain {
  const isLocal = (name: string): boolean => (bindings.get(name) ?? []).some((b) => b.kind !== "other");
  // Custom methods met walking inwards (outermost first); a chain reports them innermost first.
  const custom: string[] = [];
  // Arguments of a call in an argument are read one level down, no further (`f(g(h(x)))`, `x = f(x)`).
  const at = (root: string, call?: SyntaxNode): ReturnedChain => ({ root, custom: custom.reverse(), ...(call && argDepth < MAX_ARG_DEPTH ? { args: argsOf(call, bindings, params, argDepth + 1) } : {}) });
  for (let i = path.calls.length - 1; i >= 0; i--) {
    const { method, call, receiver } = path.calls[i]!;
    if (method === "get_queryset" && receiver.type === "call" && receiver.childForFieldName("function")?.text === "super") return at("super");
    if (CHAIN_METHODS.has(method)) continue;
    const fnText = call.childForFieldName("function")?.text ?? "";
    // `self.get_base_queryset()`, `queries.visible_to(user)`: a helper; `Order.objects.for_list()`: a custom method.
    if (receiver.type === "identifier" && (receiver.text === "self" || !isLocal(receiver.text))) return at(`call:${fnText}`, call);
    if (receiver.type === "attribute" && /^[A-Za-z_][\w.]*$/.test(receiver.text) && !receiver.text.startsWith("self.") && !/\.objects$/.test(receiver.text) && !/^[A-Z]/.test(receiver.text)) return at(`call:${fnText}`, call);
    custom.push(method);
  }
  const { base } = path;
  if (base.type === "none") return at("none");
  if (base.type === "identifier") return at(base.text === "self" ? "self" : params.has(base.text) && !isLocal(base.text) ? `param:${base.text}` : `other:${base.text}`);
  if (base.type === "attribute") return at(chainRootLabel(base));
  if (base.type !== "call") return at(`other:${base.type}`);
  const fn = base.childForFieldName("function");
  if (fn?.type !== "identifier") return at(`other:${fn?.text ?? "call"}`);
  const lookup = registryLookup(fn.text, bindings);
  return at(lookup ?? `call:${fn.text}`, base);
}

/** The arguments of a call, each read back to the chains it may be (as a returned value is). */
const MAX_ARG_DEPTH = 2;

function argsOf(call: SyntaxNode, bindings: ReadonlyMap<string, readonly LocalBinding[]>, params: ReadonlySet<string>, argDepth: number): CallArgs {
  const out: CallArgs = { positional: [], keyword: {}, splat: false };
  const chains = (value: SyntaxNode): ReturnedChain[] => readReturnedValue(value, bindings, SELF).paths.map((p) => viewChainOf(p, bindings, params, argDepth));
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (arg.type === "comment") continue;
    if (arg.type === "list_splat" || arg.type === "dictionary_splat") out.splat = true;
    else if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (name && value) out.keyword[name] = chains(value);
    } else out.positional.push(chains(arg));
  }
  return out;
}

/**
 * `impl = get_filter("orders.visible")` bound once, then `impl(...)`: the function a registry holds under
 * a literal key, as `registry:<getter>:<key>` (resolved in queryset-source.ts from the project's
 * registrations).
 */
function registryLookup(name: string, bindings: ReadonlyMap<string, readonly LocalBinding[]>): string | undefined {
  const list = bindings.get(name) ?? [];
  const value = list.length === 1 && list[0]?.kind === "assign" ? exprOf(list[0].value) : undefined;
  if (value?.t !== "call" || value.fn.t !== "name" || value.args.length !== 1 || value.kwargs.size > 0) return undefined;
  const key = value.args[0];
  return key?.t === "str" ? `registry:${value.fn.dotted}:${key.value}` : undefined;
}

/** A function's parameters in order (`self`/`cls` included: positions count), and whether each defaults to None. */
function paramsOf(fn: SyntaxNode): { name: string; none: boolean }[] {
  const out: { name: string; none: boolean }[] = [];
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type === "comment") continue;
    const name = p.type === "identifier" ? p : p.type === "typed_parameter" ? p.namedChildren[0] : p.childForFieldName("name");
    // `*args`, `**kwargs`, `*`: a place no positional argument of ours maps past.
    out.push(name?.type === "identifier" ? { name: name.text, none: p.childForFieldName("value")?.type === "none" } : { name: "*", none: false });
  }
  return out;
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

/** The `root` label of a chain that starts at an attribute: `self.queryset`, the serializer's model's manager, a dotted name, or `other:`. */
function chainRootLabel(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, "");
  if (text === "self.queryset" || /^self\.__class__\.queryset$/.test(text)) return "self.queryset";
  const serializerModel = SERIALIZER_MODEL_ROOT.exec(text);
  if (serializerModel) return `${SERIALIZER_MODEL}.${serializerModel[1] ?? ""}`;
  return /^[A-Za-z_][\w.]*$/.test(text) ? text : `other:${text}`;
}
