/**
 * Querysets handed to `Prefetch(lookup, queryset=…)`: Django runs them with the relation's key added
 * (`parent_id IN (<the parent rows' keys>)`, or `content_type = … AND object_id IN (…)` for a generic
 * relation), so they read the related rows of the fetched parents only, like a related manager
 * (`order.items.order_by(...)`), never the whole table (rotation set 10: an `order_by` in a Prefetch
 * queryset read as a sort of the whole table).
 */
import type { SyntaxNode } from "../parser.js";
import { calleeName, enclosingScope, keywordArg, positionalArgs, sameNode } from "./syntax.js";

/**
 * Is `node` (a call of a queryset chain, `….order_by("x")`) part of an expression that is a
 * `Prefetch`'s queryset: written in the call (`Prefetch("runs", queryset=Run.objects.order_by(...))`,
 * or the second positional argument), or bound to a local name whose every other use is one?
 */
export function inPrefetchQueryset(node: SyntaxNode): boolean {
  const top = chainTop(node);
  if (isPrefetchQuerysetArg(top)) return true;
  const assign = top.parent;
  const name = assign?.type === "assignment" && sameNode(assign.childForFieldName("right"), top) ? assign.childForFieldName("left") : undefined;
  if (name?.type !== "identifier") return false;
  const scope = enclosingScope(assign!);
  // A module-level name may be used anywhere: only a function's own local is followed.
  if (scope.type !== "function_definition") return false;
  const uses = scope.descendantsOfType("identifier").filter((id) => id.text === name.text && !sameNode(id, name));
  return uses.length > 0 && uses.every(isPrefetchQuerysetArg);
}

/** The outermost expression of the method chain `node` belongs to (`A.objects.filter().order_by().defer()`). */
function chainTop(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    const parent = n.parent;
    if (!parent) return n;
    if (parent.type === "attribute" && sameNode(parent.childForFieldName("object"), n)) n = parent;
    else if (parent.type === "call" && sameNode(parent.childForFieldName("function"), n)) n = parent;
    else if (parent.type === "parenthesized_expression") n = parent;
    else return n;
  }
}

/** `expr` is the `queryset=` keyword or the second positional argument of a `Prefetch(...)` call. */
function isPrefetchQuerysetArg(expr: SyntaxNode): boolean {
  const parent = expr.parent;
  const args = parent?.type === "keyword_argument" ? parent.parent : parent;
  const call = args?.type === "argument_list" ? args.parent : undefined;
  if (!call || call.type !== "call" || calleeName(call) !== "Prefetch") return false;
  if (parent?.type === "keyword_argument") return sameNode(keywordArg(args!, "queryset"), expr);
  return sameNode(positionalArgs(args!)[1], expr);
}
