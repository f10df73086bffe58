/**
 * The key lookups every list `return` of a `get_queryset` or of a filter backend's `filter_queryset`
 * filters by (`filter(username=name)` → `["username"]`, `filter(user__username__in=names)` →
 * `["user__username__in"]`), read from the body while the tree is alive. The view checks them against
 * its model's unique keys (one-row.ts): a list that always pins one holds at most one row, one that
 * always takes `__in` a unique key holds the rows the request names (rotation set 8: a user search by
 * exact username, a profile filter by the requester or `?users=`). One list per way the returned value
 * is built; a `.none()` holds no rows and adds none. Returns for other actions do not count: those under
 * `if self.action != "list":`, and, after a top-level `if view.action == "list":` block that always
 * returns, the rest of the body. Undefined when a list return is not a chain of QuerySet calls the walk
 * reads, or ORs in other rows: then nothing is claimed.
 */
import type { SyntaxNode } from "../../parser.js";
import { localAssignments, returnsOf } from "../returned-chains.js";
import { unwrapParens } from "../../django/syntax.js";

/** QuerySet methods that keep (or narrow) the rows of the QuerySet they are called on. */
const SAME_ROWS = new Set(["all", "filter", "exclude", "order_by", "distinct", "annotate", "alias", "only", "defer", "using", "select_related", "prefetch_related", "select_for_update"]);
/** Calls that return the view's base rows: `super().get_queryset()`, `self.get_queryset()`. */
const BASE_ROWS = /^(super\(\)|self)\.get_queryset$/;
const MAX_FOLLOW = 4;
/** `self.action == "list"` / `view.action == "list"` (and `!=`). */
const LIST_ACTION = /^(?:self|view)\.action\s*(==|!=)\s*["']list["']$/;

/** `rowsParam`: a parameter that holds the base rows (`queryset` of `filter_queryset(self, request, queryset, view)`). */
export function pinnedKeysOfBody(fn: SyntaxNode, rowsParam?: string): string[][] | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const assigns = localAssignments(body);
  const out: string[][] = [];
  const returns = listReturns(body);
  if (returns.length === 0) return undefined;
  for (const ret of returns) {
    const value = ret.namedChildren[0];
    const keys = value ? keysOf(value, { assigns, rowsParam }, new Set(), 0) : undefined;
    if (!keys) return undefined;
    out.push(...keys);
  }
  return out;
}

/** The returns the list action can reach (see the file comment). */
function listReturns(body: SyntaxNode): SyntaxNode[] {
  for (const stmt of body.namedChildren) {
    if (stmt.type !== "if_statement" || stmt.childForFieldName("alternative")) continue;
    const test = LIST_ACTION.exec(stmt.childForFieldName("condition")?.text.replace(/\s+/g, " ") ?? "");
    const consequence = stmt.childForFieldName("consequence");
    if (test?.[1] === "==" && consequence && consequence.lastNamedChild?.type === "return_statement") return returnsOf(consequence);
  }
  const skipped = new Set<number>();
  for (const stmt of body.descendantsOfType("if_statement")) {
    const test = LIST_ACTION.exec(stmt.childForFieldName("condition")?.text.replace(/\s+/g, " ") ?? "");
    const consequence = stmt.childForFieldName("consequence");
    if (test?.[1] === "!=" && consequence) for (const r of returnsOf(consequence)) skipped.add(r.id);
  }
  return returnsOf(body).filter((r) => !skipped.has(r.id));
}

interface Scope {
  assigns: Map<string, SyntaxNode[]>;
  rowsParam: string | undefined;
}

function keysOf(raw: SyntaxNode, scope: Scope, seen: Set<string>, depth: number): string[][] | undefined {
  if (depth > MAX_FOLLOW) return undefined;
  const node = unwrapParens(raw);
  if (node.type === "attribute") return [[]];
  if (node.type === "conditional_expression") {
    const [then, , otherwise] = node.namedChildren;
    const a = then ? keysOf(then, scope, seen, depth + 1) : undefined;
    const b = otherwise ? keysOf(otherwise, scope, seen, depth + 1) : undefined;
    return a && b ? [...a, ...b] : undefined;
  }
  if (node.type === "identifier") {
    // Every assignment of the name may be the one returned; a name assigned from itself is not followed.
    const values = scope.assigns.get(node.text);
    if (node.text === scope.rowsParam && !values) return [[]];
    if (!values || values.length === 0 || seen.has(node.text)) return undefined;
    const out: string[][] = [];
    for (const v of values) {
      const keys = keysOf(v, scope, new Set([...seen, node.text]), depth + 1);
      if (!keys) return undefined;
      out.push(...keys);
    }
    return out;
  }
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute") return undefined;
  if (BASE_ROWS.test(fn.text.replace(/\s/g, ""))) return [[]];
  const method = fn.childForFieldName("attribute")?.text ?? "";
  const object = fn.childForFieldName("object");
  if (method === "none") return [];
  if (!object || !SAME_ROWS.has(method)) return undefined;
  const inner = keysOf(object, scope, seen, depth);
  if (!inner) return undefined;
  const own = method === "filter" ? keyKeywords(node) : [];
  return inner.map((keys) => [...keys, ...own]);
}

/** `filter(username=name, user__id__in=ids)` → `["username", "user__id__in"]`: every keyword lookup (the view reads which pin keys). */
function keyKeywords(call: SyntaxNode): string[] {
  const out: string[] = [];
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    const name = arg.type === "keyword_argument" ? arg.childForFieldName("name")?.text : undefined;
    if (name) out.push(name);
  }
  return out;
}
