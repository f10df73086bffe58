/**
 * A QuerySet written where Django compiles it into another query's SQL instead of running it:
 * `Subquery(qs)`, `Exists(qs)`, or the value of a lookup (`filter(tags__in=qs)`, `Q(pk__in=qs)`).
 * Such a QuerySet never runs a query of its own, so "a query per row" does not apply to it.
 */
import type { SyntaxNode } from "../parser.js";
import { calleeName, sameNode } from "./syntax.js";

/** Expressions that wrap a QuerySet as SQL. */
const SQL_WRAPPERS = new Set(["Subquery", "Exists"]);

/** Calls whose keyword arguments are field lookups (a QuerySet value becomes a subquery). */
const LOOKUP_CALLS = new Set(["filter", "exclude", "get", "get_or_create", "update_or_create", "Q", "When", "FilteredRelation"]);

/** `node` (a QuerySet expression) is compiled into an enclosing query rather than evaluated. */
export function isEmbeddedInQuery(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent?.type === "parenthesized_expression") {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === "argument_list") return SQL_WRAPPERS.has(callNameOf(parent) ?? "");
  if (parent.type !== "keyword_argument" || !sameNode(parent.childForFieldName("value"), child)) return false;
  const call = callNameOf(parent.parent);
  if (call === undefined) return false;
  if (SQL_WRAPPERS.has(call)) return parent.childForFieldName("name")?.text === "queryset";
  // `defaults=` / `create_defaults=` hold values to write, not lookups.
  const name = parent.childForFieldName("name")?.text ?? "";
  return LOOKUP_CALLS.has(call) && name !== "defaults" && name !== "create_defaults";
}

/** The called name of the call an `argument_list` belongs to. */
function callNameOf(args: SyntaxNode | null): string | undefined {
  const call = args?.type === "argument_list" ? args.parent : null;
  return call?.type === "call" ? calleeName(call) : undefined;
}
