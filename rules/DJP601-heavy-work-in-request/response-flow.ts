/**
 * Whether the response needs a call's result: its value flows (through assignments in the same
 * function) into a `return`, a `raise`, a branch condition (what the view does next depends on the
 * answer), the session, or a call that also takes the request (`login(request, user)`,
 * `render(request, ..., context)`).
 * Such a call (an OAuth token exchange, a payment capture, a lookup whose answer is shown) cannot
 * move to a background task: it needs a timeout and retries instead. Read from the syntax tree only.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { nodesWithin } from "../../src/analysis/django/within.js";

/** Expressions a value passes through unchanged in kind: `requests.get(u).json()["x"]`. */
const CARRIERS = new Set([
  "attribute", "call", "subscript", "argument_list", "keyword_argument", "parenthesized_expression", "binary_operator",
  "boolean_operator", "comparison_operator", "not_operator", "conditional_expression", "await", "pair", "dictionary",
  "list", "tuple", "set", "expression_list", "unary_operator", "list_splat", "dictionary_splat",
]);
/** Statements that leave the function. */
export const EXITS: ReadonlySet<string> = new Set(["return_statement", "raise_statement"]);
/** Statements that pass a condition to a branch. */
const BRANCHES = new Set(["if_statement", "elif_clause", "while_statement"]);

/** What a function's later code does with names, read once per function (see `responseFlow`). */
interface FunctionFlow {
  /** `x = …` / `x += …` anywhere in the function (nested code included), in source order. */
  assignments: { start: number; reads: ReadonlySet<string>; binds: ReadonlySet<string>; writesRequest: boolean }[];
  /** Its own returns, raises, branch conditions and calls taking `request`, with the names they read. */
  uses: { start: number; reads: ReadonlySet<string> }[];
}

/**
 * `usedInResponse(call, fn)`: does the call's result reach the response of `fn`, its enclosing `def`?
 * The names every later statement reads and binds are read once per function, not once per call: a
 * view of many timed remote calls whose answers it uses scanned itself per call (d² in the calls).
 */
export function responseFlow(django: DjangoFacts): (call: SyntaxNode, fn: SyntaxNode | undefined) => boolean {
  const flows = new Map<number, FunctionFlow>();
  return (call, fn) => {
    if (!fn) return false;
    const tainted = new Set<string>();
    if (flowsOut(call, tainted)) return true;
    if (tainted.size === 0) return false;
    let flow = flows.get(fn.id);
    if (!flow) flows.set(fn.id, (flow = functionFlow(django, fn)));
    const after = call.endIndex;
    // Propagate through later assignments (a few passes reach a fixpoint in real view code).
    const assignments = flow.assignments.filter((a) => a.start > after);
    for (let pass = 0; pass < 4; pass++) {
      const before = tainted.size;
      for (const a of assignments) {
        if (!readsAny(a.reads, tainted)) continue;
        if (a.writesRequest) return true;
        for (const name of a.binds) tainted.add(name);
      }
      if (tainted.size === before) break;
    }
    return flow.uses.some((u) => u.start >= after && readsAny(u.reads, tainted));
  };
}

function functionFlow(django: DjangoFacts, fn: SyntaxNode): FunctionFlow {
  const assignments: FunctionFlow["assignments"] = [];
  for (const a of nodesWithin(django, fn, ["assignment", "augmented_assignment"])) {
    const right = a.childForFieldName("right");
    const left = a.childForFieldName("left");
    if (!right || !left) continue;
    const binds = new Set<string>();
    const writesRequest = bindTargets(left, binds);
    assignments.push({ start: a.startIndex, reads: namesRead(right), binds, writesRequest });
  }
  const uses: FunctionFlow["uses"] = [];
  for (const node of nodesWithin(django, fn, [...EXITS, ...BRANCHES, "call"])) {
    if (django.contextOf(node).function?.id !== fn.id) continue;
    const read = EXITS.has(node.type) ? node : BRANCHES.has(node.type) ? node.childForFieldName("condition") : takesRequest(node) ? node.childForFieldName("arguments") : null;
    if (read) uses.push({ start: node.startIndex, reads: namesRead(read) });
  }
  return { assignments, uses };
}

function readsAny(reads: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  for (const name of reads) if (names.has(name)) return true;
  return false;
}

/**
 * Follow the call up to its statement: true when it ends in a return, a raise, a deciding condition or
 * the session; an assignment adds its target names to `tainted`.
 */
function flowsOut(call: SyntaxNode, tainted: Set<string>): boolean {
  let child = call;
  for (let n = call.parent; n; child = n, n = n.parent) {
    if (CARRIERS.has(n.type)) continue;
    if (EXITS.has(n.type)) return true;
    if (BRANCHES.has(n.type)) return n.childForFieldName("condition")?.id === child.id;
    if (n.type === "assignment" || n.type === "augmented_assignment") {
      const left = n.childForFieldName("left");
      return n.childForFieldName("right")?.id === child.id && left ? bindTargets(left, tainted) : false;
    }
    return false;
  }
  return false;
}

/** Add the names an assignment target binds; true when it writes into the request (`request.session[k] = v`). */
function bindTargets(left: SyntaxNode, tainted: Set<string>): boolean {
  if (left.type === "identifier") {
    tainted.add(left.text);
    return false;
  }
  if (left.type === "subscript" || left.type === "attribute") {
    const base = baseName(left);
    if (base === "request") return true;
    if (base) tainted.add(base);
    return false;
  }
  let written = false;
  for (const part of left.namedChildren) written = bindTargets(part, tainted) || written;
  return written;
}

function baseName(node: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = node;
  while (n && (n.type === "subscript" || n.type === "attribute")) n = n.childForFieldName(n.type === "subscript" ? "value" : "object");
  return n?.type === "identifier" ? n.text : undefined;
}

/** The variables an expression reads (not the `x` of `obj.x`). */
function namesRead(node: SyntaxNode): ReadonlySet<string> {
  if (node.type === "identifier") return new Set([node.text]);
  return new Set(node.descendantsOfType("identifier").filter((id) => !isAttributeName(id)).map((id) => id.text));
}

/** The `x` of `obj.x` is an attribute, not a variable. */
function isAttributeName(id: SyntaxNode): boolean {
  return id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id;
}

/** `login(request, user)`, `render(request, "t.html", context)`, `messages.info(request, text)`. */
function takesRequest(call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  return !!args && args.namedChildren.some((a) => a.type === "identifier" && a.text === "request");
}

/** The call passes `timeout=` (or a `**options` splat that may carry one). */
export function hasTimeout(call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  return !!args && args.namedChildren.some((a) => (a.type === "keyword_argument" && a.childForFieldName("name")?.text === "timeout") || a.type === "dictionary_splat");
}
