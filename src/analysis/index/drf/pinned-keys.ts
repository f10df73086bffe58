/**
 * The equality lookups every `return` of a `get_queryset` filters by (`filter(username=name)` →
 * `["username"]`), read from the body while the tree is alive. The view checks them against its model's
 * unique keys: a list that always pins one is at most one row (ViewInfo.bound "row"; rotation set 8, a
 * user search by exact username). One list per way the returned value is built; a `.none()` holds no
 * rows and adds none. Undefined when a return is not a chain of QuerySet calls the walk reads, or ORs
 * in other rows: then nothing is claimed.
 */
import type { SyntaxNode } from "../../parser.js";
import { localAssignments, returnsOf } from "../returned-chains.js";
import { unwrapParens } from "../../django/syntax.js";

/** QuerySet methods that keep (or narrow) the rows of the QuerySet they are called on. */
const SAME_ROWS = new Set(["all", "filter", "exclude", "order_by", "distinct", "annotate", "alias", "only", "defer", "using", "select_related", "prefetch_related", "select_for_update"]);
/** Calls that return the view's base rows: `super().get_queryset()`, `self.get_queryset()`. */
const BASE_ROWS = /^(super\(\)|self)\.get_queryset$/;
/** Lookup suffixes that still compare one value for equality. */
const EQUALITY = new Set(["exact", "iexact"]);
const MAX_FOLLOW = 4;

export function pinnedKeysOfBody(fn: SyntaxNode): string[][] | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const assigns = localAssignments(body);
  const out: string[][] = [];
  const returns = returnsOf(body);
  if (returns.length === 0) return undefined;
  for (const ret of returns) {
    const value = ret.namedChildren[0];
    const keys = value ? keysOf(value, assigns, new Set(), 0) : undefined;
    if (!keys) return undefined;
    out.push(...keys);
  }
  return out;
}

function keysOf(raw: SyntaxNode, assigns: Map<string, SyntaxNode[]>, seen: Set<string>, depth: number): string[][] | undefined {
  if (depth > MAX_FOLLOW) return undefined;
  const node = unwrapParens(raw);
  if (node.type === "attribute") return [[]];
  if (node.type === "conditional_expression") {
    const [then, , otherwise] = node.namedChildren;
    const a = then ? keysOf(then, assigns, seen, depth + 1) : undefined;
    const b = otherwise ? keysOf(otherwise, assigns, seen, depth + 1) : undefined;
    return a && b ? [...a, ...b] : undefined;
  }
  if (node.type === "identifier") {
    // Every assignment of the name may be the one returned; a name assigned from itself is not followed.
    const values = assigns.get(node.text);
    if (!values || values.length === 0 || seen.has(node.text)) return undefined;
    const out: string[][] = [];
    for (const v of values) {
      const keys = keysOf(v, assigns, new Set([...seen, node.text]), depth + 1);
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
  const inner = keysOf(object, assigns, seen, depth);
  if (!inner) return undefined;
  const own = method === "filter" ? equalityKeywords(node) : [];
  return inner.map((keys) => [...keys, ...own]);
}

/** `filter(username=name, active=True)` → `["username", "active"]`: keywords that compare one value. */
function equalityKeywords(call: SyntaxNode): string[] {
  const out: string[] = [];
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    const name = arg.type === "keyword_argument" ? arg.childForFieldName("name")?.text : undefined;
    const [, suffix, ...more] = name?.split("__") ?? [];
    if (name && more.length === 0 && (suffix === undefined || EQUALITY.has(suffix))) out.push(name);
  }
  return out;
}
