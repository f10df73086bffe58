/**
 * Field lookups written in QuerySet filters: every `name=value` keyword of `filter()`, `exclude()`,
 * `get()` and friends, also inside `Q(...)` objects passed to them (`Q(a=1) | ~Q(b=2)`), with the
 * QuerySet (and so the model) they apply to. Shared by the index rules (DJP211, DJP212).
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts, QuerySetInfo } from "./types.js";

const FILTER_METHODS: ReadonlySet<string> = new Set(["filter", "exclude", "get", "get_or_create", "update_or_create"]);

export interface LookupSite {
  /** `tags__contains`. */
  name: string;
  /** The keyword_argument node. */
  node: SyntaxNode;
  qs: QuerySetInfo;
  /** The filter call the lookup belongs to. */
  call: SyntaxNode;
}

export function lookupSites(django: DjangoFacts): LookupSite[] {
  const out: LookupSite[] = [];
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute") continue;
    const method = fn.childForFieldName("attribute")?.text;
    if (!method || !FILTER_METHODS.has(method)) continue;
    const object = fn.childForFieldName("object");
    const qs = django.querySetOf(call) ?? (object ? django.querySetOf(object) : undefined);
    if (!qs) continue;
    for (const kw of keywordsOf(call.childForFieldName("arguments"))) {
      const name = kw.childForFieldName("name")?.text;
      if (name) out.push({ name, node: kw, qs, call });
    }
  }
  return out;
}

/** Keyword arguments of a call, and of `Q(...)` expressions among its positional arguments. */
function keywordsOf(args: SyntaxNode | null): SyntaxNode[] {
  if (!args) return [];
  const out: SyntaxNode[] = [];
  for (const arg of args.namedChildren) {
    if (arg.type === "keyword_argument") out.push(arg);
    else out.push(...qKeywords(arg));
  }
  return out;
}

function qKeywords(node: SyntaxNode): SyntaxNode[] {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    return name === "Q" ? keywordsOf(node.childForFieldName("arguments")) : [];
  }
  if (node.type === "binary_operator" || node.type === "unary_operator" || node.type === "parenthesized_expression" || node.type === "boolean_operator") {
    return node.namedChildren.flatMap(qKeywords);
  }
  return [];
}
