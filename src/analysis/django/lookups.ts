/**
 * Field lookups written in QuerySet filters: every `name=value` keyword of `filter()`, `exclude()`,
 * `get()` and friends, also inside `Q(...)` objects passed to them (`Q(a=1) | ~Q(b=2)`), with the
 * QuerySet (and so the model) they apply to. Shared by the index rules (DJP211, DJP212).
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts, QuerySetInfo } from "./types.js";

const FILTER_METHODS: ReadonlySet<string> = new Set(["filter", "exclude", "get", "get_or_create", "update_or_create"]);

/** The last part of `field__lookup` when it compares one value for equality. */
export const EQUALITY_LOOKUPS: ReadonlySet<string> = new Set(["exact", "iexact"]);

/** Django's built-in lookups and date transforms that compare rather than pin one value. */
export const COMPARISON_LOOKUPS: ReadonlySet<string> = new Set([
  "in", "isnull", "gt", "gte", "lt", "lte", "range", "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith",
  "regex", "iregex", "year", "month", "day", "week_day", "date",
]);

/** Every lookup above: the last part of `field__lookup` that names no relation hop. */
export const FIELD_LOOKUPS: ReadonlySet<string> = new Set([...EQUALITY_LOOKUPS, ...COMPARISON_LOOKUPS]);

export interface LookupSite {
  /** `tags__contains`. */
  name: string;
  /** The keyword_argument node. */
  node: SyntaxNode;
  qs: QuerySetInfo;
  /** The filter call the lookup belongs to. */
  call: SyntaxNode;
  /** The lookup is negated: in `exclude()`, or under `~` (`~Q(...)`), an odd number of times in all. */
  negated: boolean;
}

export function lookupSites(django: DjangoFacts): LookupSite[] {
  const out: LookupSite[] = [];
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute") continue;
    const method = fn.childForFieldName("attribute")?.text;
    if (!method || !FILTER_METHODS.has(method)) continue;
    const object = fn.childForFieldName("object");
    const qs = django.querySetOf(call) ?? withCall(object ? django.querySetOf(object) : undefined, method, call);
    if (!qs) continue;
    for (const { kw, negated } of keywordsOf(call.childForFieldName("arguments"), method === "exclude")) {
      const name = kw.childForFieldName("name")?.text;
      if (name) out.push({ name, node: kw, qs, call, negated });
    }
  }
  return out;
}

/**
 * `get()` and the upserts return a row, not a QuerySet: the site's QuerySet is the one they are called
 * on, with the call itself appended, so that its other keywords (`get(pk=…, data__contains=…)`) count as
 * filters of the same query.
 */
function withCall(qs: QuerySetInfo | undefined, name: string, node: SyntaxNode): QuerySetInfo | undefined {
  const args = node.childForFieldName("arguments");
  return qs && args ? { ...qs, calls: [...qs.calls, { name, node, args }] } : qs;
}

interface Keyword {
  kw: SyntaxNode;
  negated: boolean;
}

/** Keyword arguments of a call, and of `Q(...)` expressions among its positional arguments. */
function keywordsOf(args: SyntaxNode | null, negated: boolean): Keyword[] {
  if (!args) return [];
  const out: Keyword[] = [];
  for (const arg of args.namedChildren) {
    if (arg.type === "keyword_argument") out.push({ kw: arg, negated });
    else out.push(...qKeywords(arg, negated));
  }
  return out;
}

function qKeywords(node: SyntaxNode, negated: boolean): Keyword[] {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    return name === "Q" ? keywordsOf(node.childForFieldName("arguments"), negated) : [];
  }
  // `~Q(...)` inverts what it wraps; `-x`, `+x` do not.
  if (node.type === "unary_operator") {
    const inverted = node.childForFieldName("operator")?.type === "~";
    return node.namedChildren.flatMap((c) => qKeywords(c, inverted ? !negated : negated));
  }
  if (node.type === "binary_operator" || node.type === "parenthesized_expression" || node.type === "boolean_operator") {
    return node.namedChildren.flatMap((c) => qKeywords(c, negated));
  }
  return [];
}
