/**
 * Whether the response needs a call's result: its value flows (through assignments in the same
 * function) into a `return`, a `raise`, a branch condition (what the view does next depends on the
 * answer), the session, or a call that also takes the request (`login(request, user)`,
 * `render(request, ..., context)`).
 * Such a call (an OAuth token exchange, a payment capture, a lookup whose answer is shown) cannot
 * move to a background task: it needs a timeout and retries instead. Read from the syntax tree only.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { enclosingFunction } from "../../src/analysis/django/syntax.js";

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

export function resultUsedInResponse(call: SyntaxNode): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  const tainted = new Set<string>();
  if (flowsOut(call, tainted)) return true;
  if (tainted.size === 0) return false;
  // Propagate through later assignments (a few passes reach a fixpoint in real view code).
  const assignments = fn.descendantsOfType(["assignment", "augmented_assignment"]).filter((a) => a.startIndex > call.endIndex);
  for (let pass = 0; pass < 4; pass++) {
    const before = tainted.size;
    for (const a of assignments) {
      const right = a.childForFieldName("right");
      const left = a.childForFieldName("left");
      if (!right || !left || !mentions(right, tainted)) continue;
      if (bindTargets(left, tainted)) return true;
    }
    if (tainted.size === before) break;
  }
  for (const node of fn.descendantsOfType([...EXITS, ...BRANCHES, "call"])) {
    if (node.startIndex < call.endIndex || enclosingFunction(node)?.id !== fn.id) continue;
    if (EXITS.has(node.type) && mentions(node, tainted)) return true;
    if (BRANCHES.has(node.type) && mentions(node.childForFieldName("condition"), tainted)) return true;
    if (node.type === "call" && takesRequest(node) && mentions(node.childForFieldName("arguments"), tainted)) return true;
  }
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

function mentions(node: SyntaxNode | null, names: ReadonlySet<string>): boolean {
  if (!node || names.size === 0) return false;
  if (node.type === "identifier") return names.has(node.text);
  return node.descendantsOfType("identifier").some((id) => names.has(id.text) && !isAttributeName(id));
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
