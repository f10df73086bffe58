/**
 * Small tree-sitter helpers shared by DJP101, DJP102 and DJP104. They know Python syntax only, no
 * Django; candidates to move to src/analysis/django once the shared helpers settle.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";

/** Same node of the same tree (node objects are not identity-stable). */
export function sameNode(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The value of a plain string literal (no f-string, no bytes, no implicit concatenation), else undefined. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== "string") return undefined;
  const start = node.namedChildren[0];
  if (!start || start.type !== "string_start" || /[fFbB]/.test(start.text)) return undefined;
  let value = "";
  for (const child of node.namedChildren.slice(1)) {
    if (child.type === "string_content") value += child.text;
    else if (child.type !== "string_end") return undefined;
  }
  return value;
}

/** `obj.name` → name, for an `attribute` node. */
export function attributeName(node: SyntaxNode): string | undefined {
  return node.type === "attribute" ? node.childForFieldName("attribute")?.text : undefined;
}

/** The innermost function (or the module) around a node: the scope where names are bound. */
export function enclosingScope(node: SyntaxNode): SyntaxNode {
  let current: SyntaxNode | null = node.parent;
  while (current) {
    if (current.type === "function_definition" || current.type === "lambda") return current;
    if (!current.parent) return current;
    current = current.parent;
  }
  return node;
}

/** True when the node is written to (`x.f = …`, `x.f += …`, `del x.f`, a `for x.f in …` target). */
export function isWriteTarget(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  // Walk out of tuple/list patterns: `a.f, b = …`.
  while (parent && (parent.type === "pattern_list" || parent.type === "tuple_pattern" || parent.type === "list_pattern")) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === "assignment" || parent.type === "augmented_assignment" || parent.type === "for_statement") {
    const left = parent.childForFieldName("left");
    return left !== null && sameNode(left, child);
  }
  return parent.type === "delete_statement";
}

/** Keyword argument value by name in an `argument_list`. */
export function keywordArgument(args: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const arg of args.namedChildren) {
    if (arg.type === "keyword_argument" && arg.childForFieldName("name")?.text === name) {
      return arg.childForFieldName("value") ?? undefined;
    }
  }
  return undefined;
}

export function keywordNames(args: SyntaxNode): string[] {
  return args.namedChildren
    .filter((a) => a.type === "keyword_argument")
    .map((a) => a.childForFieldName("name")?.text ?? "");
}

export function positionalArguments(args: SyntaxNode): SyntaxNode[] {
  return args.namedChildren.filter((a) => a.type !== "keyword_argument" && a.type !== "comment");
}

/** The called name of a call: `Prefetch(…)` and `models.Prefetch(…)` both give `Prefetch`. */
export function calleeName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier") return fn.text;
  if (fn.type === "attribute") return attributeName(fn);
  return undefined;
}

/**
 * Method calls applied to `node`, in order: for `v.items` inside `v.items.filter(x).count()` that is
 * `[filter, count]`. Stops at the first link that is not `.<name>(…)`.
 */
export function methodCallsOn(node: SyntaxNode): { name: string; call: SyntaxNode }[] {
  const out: { name: string; call: SyntaxNode }[] = [];
  let current = node;
  for (;;) {
    const attr = current.parent;
    if (!attr || attr.type !== "attribute" || !sameNode(attr.childForFieldName("object") ?? attr, current)) break;
    const call = attr.parent;
    if (!call || call.type !== "call" || !sameNode(call.childForFieldName("function") ?? call, attr)) break;
    out.push({ name: attributeName(attr) ?? "", call });
    current = call;
  }
  return out;
}

/** `x[:n]` / `x[0:n]` with a literal stop: n; other subscripts: Infinity; not a slice: undefined. */
export function sliceStop(node: SyntaxNode): number | undefined {
  if (node.type !== "subscript") return undefined;
  const slice = node.childForFieldName("subscript");
  if (!slice || slice.type !== "slice") return Number.POSITIVE_INFINITY;
  const parts = slice.children.map((c) => c.text);
  // `[:1]` → [":", "1"], `[0:1]` → ["0", ":", "1"].
  const colon = parts.indexOf(":");
  const start = parts.slice(0, colon).join("");
  const stop = parts[colon + 1];
  if ((start === "" || start === "0") && stop !== undefined && /^\d+$/.test(stop) && parts.length <= colon + 2) return Number(stop);
  return Number.POSITIVE_INFINITY;
}
