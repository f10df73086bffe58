/**
 * Queries a model member runs whenever it is read (issue 7, missed class 5, interprocedural): a property
 * (`slot.remaining_capacity` counting the bookings of the slot) or a method (`invoice.open_balance()`)
 * whose body, on its one normal path, asks the database something about the row. Reading such a member
 * once per row of a loop is one query per row, though neither the loop nor the member shows both halves.
 *
 * The summary is syntactic and per class (the index merges it along the MRO, nearest definition first):
 *
 * - `query`: the first call on the member's normal path that runs a query: a chain of QuerySet methods
 *   ending in a terminal that answers with a value (`count()`, `exists()`, `get()`, `first()`, `last()`,
 *   `aggregate()`, `earliest()`, `latest()`, `in_bulk()`), rooted at a named class's manager
 *   (`Case.objects…`, also `self.__class__.objects` / `type(self).objects`) or at a relation of `self`
 *   (`self.bookings.filter(…).count()`, where a prefetch cannot answer because the chain filters). It must
 *   read `self` (the row decides the answer) or, for helpers called by other members, a parameter.
 * - `calls`: the calls `self.m(…)` / `cls.m(…)` / `Name.m(…)` on the normal path, with whether their
 *   arguments read `self`: a property that hands row values to a static helper which queries with them
 *   (`self.count_in_range(self.start, self.end)`) queries per row too.
 *
 * Normal path: nothing conditional between the call and the member's body (no `if`/`else`, `except`,
 * conditional expression, short-circuit operand, loop or comprehension, nested function), and no
 * `return`/`raise` in a branch before it (a memo such as `if self._cached is not None: return
 * self._cached`, or a guard, makes the query conditional). A member with a decorator other than
 * property-like ones, `staticmethod` and `classmethod` (`lru_cache`, a permission wrapper) is left out,
 * and so is one that writes anywhere in its body (an action per row, not a value to annotate).
 */
import type { SyntaxNode } from "../parser.js";

/** What a member's query is, for the message. */
export interface MemberQuery {
  /** `Case.objects.filter().count()` shortened to its shape: root and method names. */
  label: string;
  /** 1-based line of the query in the member's module. */
  line: number;
  /** The query reads `self` (the row): its answer changes per row. */
  readsSelf: boolean;
  /** The query reads a parameter other than `self`/`cls`. */
  readsParams: boolean;
  /** Rooted at a relation of `self` (`self.<attr>…`): the index checks that `attr` is a related manager. */
  selfRoot?: string;
}

export interface MemberCall {
  name: string;
  /** Some argument reads `self`. */
  argsReadSelf: boolean;
  /** `self.name` read without a call: it matters only when `name` is a property. */
  read?: boolean;
}

/** Calls kept per member: the first few are enough to find a querying helper, and the facts stay small. */
const MAX_CALLS = 8;

export interface MemberQueryFacts {
  query?: MemberQuery;
  calls?: MemberCall[];
}

/** Terminals that send the query and answer with a value (a row, a number, yes/no). */
const TERMINALS = new Set(["count", "exists", "get", "first", "last", "aggregate", "earliest", "latest", "in_bulk"]);

/** QuerySet methods a chain may pass through before its terminal. */
const CHAIN = new Set(["all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "annotate", "alias", "distinct", "only", "defer", "values", "values_list", "using", "complex_filter"]);

/** On a relation of `self`, chains with one of these run a fresh query even when the caller prefetched the relation. */
const FRESH = new Set(["filter", "exclude", "order_by", "annotate", "alias", "values", "values_list", "distinct", "complex_filter", "aggregate", "get", "earliest", "latest", "in_bulk"]);

const CONDITIONAL = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "except_clause",
  "conditional_expression",
  "boolean_operator",
  "while_statement",
  "for_statement",
  "match_statement",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
  "lambda",
  "function_definition",
]);

const ALLOWED_DECORATORS = new Set(["property", "cached_property", "cached_attribute", "staticmethod", "classmethod"]);

/** The member's query and its calls of other members, or undefined when it has neither on its normal path. */
export function memberQueryFactsOf(def: SyntaxNode, decoratorNames: readonly string[], className: string): MemberQueryFacts | undefined {
  if (decoratorNames.some((d) => !ALLOWED_DECORATORS.has(d))) return undefined;
  const body = def.childForFieldName("body");
  if (!body || writes(body)) return undefined;
  const isStatic = decoratorNames.includes("staticmethod");
  const isClass = decoratorNames.includes("classmethod");
  const params = (def.childForFieldName("parameters")?.namedChildren ?? []).map(parameterName).filter((p): p is string => p !== undefined);
  // A classmethod's first parameter is the class: its queries read no row.
  const self = isStatic || isClass ? undefined : params[0];
  const cls = isClass ? params[0] : undefined;
  const others = new Set(isStatic ? params : params.slice(1));
  const facts: MemberQueryFacts = {};
  const guardEnd = firstGuardEnd(body);
  for (const call of callsOnNormalPath(body)) {
    // A return or raise in a branch before the call (a memo or a guard) makes the call conditional.
    if (guardEnd !== undefined && call.startIndex >= guardEnd) break;
    if (!facts.query) {
      const query = queryOf(call, self, cls, others, className);
      if (query) facts.query = query;
    }
    const member = memberCall(call, self, cls, className);
    if (member && (facts.calls?.length ?? 0) < MAX_CALLS) (facts.calls ??= []).push(member);
  }
  // `self.other_property` read on the normal path (before any guard): the other property runs per read too.
  if (self !== undefined) {
    for (const name of selfReadsOnNormalPath(body, self, guardEnd)) {
      if ((facts.calls?.length ?? 0) >= MAX_CALLS) break;
      if (!facts.calls?.some((c) => c.name === name)) (facts.calls ??= []).push({ name, argsReadSelf: true, read: true });
    }
  }
  return facts.query || facts.calls ? facts : undefined;
}

/** `self.x` attribute reads (not calls, not assignment targets) outside conditional constructs. */
function selfReadsOnNormalPath(body: SyntaxNode, self: string, guardEnd: number | undefined): string[] {
  const out: string[] = [];
  const visit = (node: SyntaxNode): void => {
    if (CONDITIONAL.has(node.type) || node.type === "class_definition") return;
    if (guardEnd !== undefined && node.startIndex >= guardEnd) return;
    if (node.type === "attribute" && node.childForFieldName("object")?.text === self) {
      const parent = node.parent;
      const called = parent?.type === "call" && parent.childForFieldName("function")?.id === node.id;
      const assigned = parent?.type === "assignment" && parent.childForFieldName("left")?.id === node.id;
      const name = node.childForFieldName("attribute")?.text;
      if (!called && !assigned && name && !out.includes(name)) out.push(name);
    }
    for (const child of node.namedChildren) visit(child);
  };
  for (const stmt of body.namedChildren) visit(stmt);
  return out;
}

/** Calls that change rows (or a tree, through a library's `move()`), or a call of `super()`'s method. */
const WRITES = new Set(["save", "delete", "update", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "add", "remove", "set", "clear", "move"]);

/**
 * The member writes (anywhere in its body): it is an action done per row (`food.move(parent)`, which
 * reloads the row to save it), not a value a loop could read for all rows at once; DJP502/DJP501 judge
 * per-row writes. A call of `super().x(…)` counts too: the base may write.
 */
function writes(body: SyntaxNode): boolean {
  return body.descendantsOfType("call").some((call) => {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute") return false;
    const object = fn.childForFieldName("object");
    if (object?.type === "call" && object.childForFieldName("function")?.text === "super") return true;
    return WRITES.has(fn.childForFieldName("attribute")?.text ?? "");
  });
}

function parameterName(p: SyntaxNode): string | undefined {
  if (p.type === "identifier") return p.text;
  if (p.type === "typed_parameter") return p.namedChildren.find((c) => c.type === "identifier")?.text;
  if (p.type === "default_parameter" || p.type === "typed_default_parameter") return p.childForFieldName("name")?.text;
  return undefined;
}

/** Where the first statement holding a `return`/`raise` under a branch ends (calls after it are conditional). */
function firstGuardEnd(body: SyntaxNode): number | undefined {
  let end: number | undefined;
  const visit = (node: SyntaxNode, branched: boolean): void => {
    if (end !== undefined && node.startIndex >= end) return;
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") return;
    if (branched && (node.type === "return_statement" || node.type === "raise_statement")) {
      end = end === undefined ? node.endIndex : Math.min(end, node.endIndex);
      return;
    }
    const inBranch = branched || CONDITIONAL.has(node.type) || node.type === "try_statement";
    for (const child of node.namedChildren) visit(child, inBranch);
  };
  for (const stmt of body.namedChildren) visit(stmt, false);
  return end;
}

/** Calls of the body outside any conditional construct, in source order. */
function callsOnNormalPath(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    if (CONDITIONAL.has(node.type) || node.type === "class_definition") return;
    if (node.type === "call") out.push(node);
    for (const child of node.namedChildren) visit(child);
  };
  for (const stmt of body.namedChildren) visit(stmt);
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

function queryOf(call: SyntaxNode, self: string | undefined, cls: string | undefined, others: ReadonlySet<string>, className: string): MemberQuery | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute") return undefined;
  const terminal = fn.childForFieldName("attribute")?.text ?? "";
  if (!TERMINALS.has(terminal)) return undefined;
  const methods: string[] = [terminal];
  const argLists: SyntaxNode[] = [call.childForFieldName("arguments")].filter((a): a is SyntaxNode => !!a);
  let node = fn.childForFieldName("object");
  while (node?.type === "call") {
    const inner = node.childForFieldName("function");
    const name = inner?.type === "attribute" ? inner.childForFieldName("attribute")?.text : undefined;
    if (!name || !CHAIN.has(name)) return undefined;
    methods.unshift(name);
    const args = node.childForFieldName("arguments");
    if (args) argLists.push(args);
    node = inner!.childForFieldName("object");
  }
  if (node?.type !== "attribute") return undefined;
  const manager = node.childForFieldName("attribute")?.text ?? "";
  const owner = node.childForFieldName("object");
  if (!owner) return undefined;
  let rootLabel: string;
  let selfRoot: string | undefined;
  if (self !== undefined && owner.type === "identifier" && owner.text === self) {
    // `self.<relation>…`: only chains a prefetch of the relation cannot answer.
    if (!methods.some((m) => FRESH.has(m))) return undefined;
    selfRoot = manager;
    rootLabel = `self.${manager}`;
  } else if (isManagerName(manager) && (isClassName(owner) || isOwnClass(owner, self, cls, className))) {
    rootLabel = `${isOwnClass(owner, self, cls, className) ? className : owner.text}.${manager}`;
  } else return undefined;
  const names = new Set<string>();
  for (const args of argLists) for (const id of args.descendantsOfType("identifier")) names.add(id.text);
  const readsSelf = selfRoot !== undefined || (self !== undefined && names.has(self));
  const readsParams = [...others].some((p) => names.has(p));
  if (!readsSelf && !readsParams) return undefined;
  return { label: `${rootLabel}.${methods.join("().")}()`, line: call.startPosition.row + 1, readsSelf, readsParams, ...(selfRoot ? { selfRoot } : {}) };
}

function isManagerName(name: string): boolean {
  return name === "objects" || name === "_default_manager" || name === "_base_manager" || /^[a-z_]*objects$/.test(name);
}

/** `Case`, `models.Case`: a class named by a capitalised identifier. */
function isClassName(node: SyntaxNode): boolean {
  const last = node.type === "attribute" ? node.childForFieldName("attribute") : node;
  return (last?.type === "identifier" && /^[A-Z]/.test(last.text)) ?? false;
}

/** `self.__class__`, `type(self)`: the row's own class. */
function isOwnClass(node: SyntaxNode, self: string | undefined, cls: string | undefined, className: string): boolean {
  if (node.type === "identifier") return node.text === className || node.text === cls;
  if (self === undefined) return false;
  if (node.type === "attribute") return node.childForFieldName("object")?.text === self && node.childForFieldName("attribute")?.text === "__class__";
  if (node.type === "call") return node.childForFieldName("function")?.text === "type" && node.childForFieldName("arguments")?.namedChildren[0]?.text === self;
  return false;
}

/** `self.m(…)`, `cls.m(…)`, `ClassName.m(…)`: a call of another member of the class. */
function memberCall(call: SyntaxNode, self: string | undefined, cls: string | undefined, className: string): MemberCall | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute") return undefined;
  const owner = fn.childForFieldName("object");
  const name = fn.childForFieldName("attribute")?.text;
  if (!owner || !name || owner.type !== "identifier") return undefined;
  if (owner.text !== self && owner.text !== cls && owner.text !== className) return undefined;
  const args = call.childForFieldName("arguments");
  const argsReadSelf = self !== undefined && (args?.descendantsOfType("identifier").some((id) => id.text === self) ?? false);
  return { name, argsReadSelf };
}
