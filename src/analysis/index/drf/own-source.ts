/**
 * A project field or serializer class whose `__init__` picks the field's `source` itself
 * (`kwargs["source"] = "*"`, `kwargs.setdefault("source", ...)`, `super().__init__(source=..., **kwargs)`):
 * the attribute it reads is then not the one its declaration names, so the walk must not follow the
 * field's name as a relation (DJP306). Read on the tree.
 */
import type { SyntaxNode } from "../../parser.js";
import { stringValue } from "../expr.js";

export function initSetsSource(def: SyntaxNode): boolean {
  const body = def.childForFieldName("body");
  if (!body) return false;
  const hit = (node: SyntaxNode): boolean => {
    if (node.type === "function_definition" || node.type === "class_definition" || node.type === "lambda") return false;
    if (node.type === "assignment" && isSourceKey(node.childForFieldName("left"))) return true;
    if (node.type === "call" && callSetsSource(node)) return true;
    return node.namedChildren.some(hit);
  };
  return body.namedChildren.some(hit);
}

/** `kwargs["source"]` as an assignment target. */
function isSourceKey(node: SyntaxNode | null): boolean {
  if (node?.type !== "subscript") return false;
  const key = node.childForFieldName("subscript");
  return key ? stringValue(key) === "source" : false;
}

/** `kwargs.setdefault("source", ...)`, `kwargs.update(source=...)`, or any call passing `source=`. */
function callSetsSource(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (args.some((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "source")) return true;
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  return method === "setdefault" && args[0] !== undefined && stringValue(args[0]) === "source";
}
