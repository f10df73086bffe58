/**
 * Expressions that yield one row of a named model, by syntax alone: `Model.manager[.filter(…)…].get(…)`
 * (or `.first()`, `.last()`, `.earliest()`, `.latest()`, `.create(…)`) and `get_object_or_404(Model, …)`.
 * The model is the name as written; the index resolves it in the module's imports. Shared by the
 * callers index (what a caller passes) and property summaries (what a property returns).
 */
import type { SyntaxNode } from "../parser.js";
import { positionalArgs, unwrapParens } from "../django/syntax.js";
import { QUERYSET_METHODS } from "./returned-chains.js";

export interface RowExpr {
  /** The model's name node (an identifier, or a dotted attribute for `get_object_or_404(models.Order)`). */
  model: SyntaxNode;
  /** The manager read (`objects`), absent for get_object_or_404. */
  manager?: string;
}

const ROW_METHODS = new Set(["get", "first", "last", "earliest", "latest", "create"]);
const ROW_CHAIN_METHODS = new Set([...QUERYSET_METHODS].filter((m) => !["values", "values_list", "iterator", "none"].includes(m)));

export function rowExprOf(node: SyntaxNode): RowExpr | undefined {
  const value = unwrapParens(node);
  if (value.type !== "call") return undefined;
  const fn = value.childForFieldName("function");
  if ((fn?.type === "identifier" || fn?.type === "attribute") && (fn.type === "identifier" ? fn.text : fn.childForFieldName("attribute")?.text) === "get_object_or_404") {
    const model = positionalArgs(value.childForFieldName("arguments"))[0];
    return model && isName(model) ? { model } : undefined;
  }
  if (fn?.type !== "attribute" || !ROW_METHODS.has(fn.childForFieldName("attribute")?.text ?? "")) return undefined;
  let object = fn.childForFieldName("object");
  while (object?.type === "call") {
    const inner = object.childForFieldName("function");
    if (inner?.type !== "attribute" || !ROW_CHAIN_METHODS.has(inner.childForFieldName("attribute")?.text ?? "")) return undefined;
    object = inner.childForFieldName("object");
  }
  const model = object?.type === "attribute" ? object.childForFieldName("object") : undefined;
  const manager = object?.childForFieldName("attribute")?.text;
  return model && manager && isName(model) ? { model, manager } : undefined;
}

function isName(node: SyntaxNode): boolean {
  if (node.type === "identifier") return true;
  return node.type === "attribute" && isName(node.childForFieldName("object") ?? node) && node.childForFieldName("object") !== null;
}
