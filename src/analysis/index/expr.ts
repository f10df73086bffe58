/**
 * Plain-data snapshots of Python expressions. The index keeps these instead of syntax trees so that
 * trees can be dropped right after a file is read (native trees cost memory until GC, DESIGN §7) and
 * so resolution across modules works on ordinary objects.
 */
import type { SyntaxNode } from "../parser.js";

export type Expr =
  | { t: "str"; value: string; text: string }
  /** An identifier or a dotted attribute chain of identifiers: `Order`, `models.ForeignKey`. */
  | { t: "name"; dotted: string; text: string }
  /** An attribute on something that is not a plain name: `get_user_model().objects`. */
  | { t: "attr"; obj: Expr; attr: string; text: string }
  | { t: "call"; fn: Expr; args: Expr[]; kwargs: Map<string, Expr>; hasSplat: boolean; text: string }
  /** A list or tuple display. */
  | { t: "seq"; items: Expr[]; text: string }
  | { t: "none"; text: string }
  /** Anything else; a dict display with string keys keeps its entries (`CreateModel(options={...})`). */
  | { t: "other"; text: string; entries?: Map<string, Expr> };

/**
 * Deep enough for `Manager.from_queryset(QS)()` and nested index lists; deeper is kept as text. A link
 * of a method chain (a call's function, an attribute's object) is not a level: `M.objects.all()
 * .select_related("a").with_dates().order_by("-pk")` is read whole however many calls it has.
 */
const MAX_DEPTH = 8;

export function exprOf(node: SyntaxNode, depth = 0): Expr {
  const text = node.text;
  if (depth > MAX_DEPTH) return { t: "other", text };
  switch (node.type) {
    case "identifier":
      return { t: "name", dotted: text, text };
    case "attribute": {
      const objNode = node.childForFieldName("object");
      const attr = node.childForFieldName("attribute")?.text;
      if (!objNode || !attr) return { t: "other", text };
      const obj = exprOf(objNode, depth);
      if (obj.t === "name") return { t: "name", dotted: `${obj.dotted}.${attr}`, text };
      return { t: "attr", obj, attr, text };
    }
    case "call":
      return callOf(node, depth, text);
    case "string":
    case "concatenated_string": {
      const value = stringValue(node);
      return value === undefined ? { t: "other", text } : { t: "str", value, text };
    }
    // A set display (`unique_together={("a", "b")}`, as makemigrations writes it) reads like a tuple.
    case "list":
    case "tuple":
    case "set":
      return { t: "seq", items: node.namedChildren.filter(isValue).map((c) => exprOf(c, depth + 1)), text };
    case "parenthesized_expression": {
      const inner = node.namedChildren.find(isValue);
      return inner ? exprOf(inner, depth + 1) : { t: "other", text };
    }
    // `Generic[T]`, `models.Manager["Order"]` (django-stubs style): the class is the subscripted value.
    case "subscript": {
      const value = node.childForFieldName("value");
      return value ? exprOf(value, depth + 1) : { t: "other", text };
    }
    case "none":
      return { t: "none", text };
    case "dictionary":
      return { t: "other", text, entries: dictEntries(node, depth) };
    default:
      return { t: "other", text };
  }
}

function callOf(node: SyntaxNode, depth: number, text: string): Expr {
  const fnNode = node.childForFieldName("function");
  const argsNode = node.childForFieldName("arguments");
  if (!fnNode) return { t: "other", text };
  const args: Expr[] = [];
  const kwargs = new Map<string, Expr>();
  let hasSplat = false;
  // `argument_list`; a generator argument (`f(x for x in y)`) has no keyword structure to read.
  for (const arg of argsNode?.type === "argument_list" ? argsNode.namedChildren : []) {
    if (arg.type === "comment") continue;
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (name && value) kwargs.set(name, exprOf(value, depth + 1));
    } else if (arg.type === "list_splat" || arg.type === "dictionary_splat") {
      hasSplat = true;
    } else {
      args.push(exprOf(arg, depth + 1));
    }
  }
  return { t: "call", fn: exprOf(fnNode, depth), args, kwargs, hasSplat, text };
}

/** `{"a": x, "b": y}`: entries whose key is a plain string literal (others are left out). */
function dictEntries(node: SyntaxNode, depth: number): Map<string, Expr> {
  const entries = new Map<string, Expr>();
  for (const pair of node.namedChildren) {
    if (pair.type !== "pair") continue;
    const keyNode = pair.childForFieldName("key");
    const value = pair.childForFieldName("value");
    const key = keyNode ? stringValue(keyNode) : undefined;
    if (key !== undefined && value) entries.set(key, exprOf(value, depth + 1));
  }
  return entries;
}

function isValue(node: SyntaxNode): boolean {
  return node.type !== "comment";
}

/**
 * The value of a plain string literal (also implicit concatenation), or undefined for f-strings and
 * bytes, whose value is not a fixed text.
 */
export function stringValue(node: SyntaxNode): string | undefined {
  if (node.type === "concatenated_string") {
    let out = "";
    for (const part of node.namedChildren) {
      if (part.type === "comment") continue;
      const v = stringValue(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type !== "string") return undefined;
  const start = node.namedChildren.find((c) => c.type === "string_start")?.text ?? "";
  const prefix = start.replace(/['"]+$/, "").toLowerCase();
  if (prefix.includes("f") || prefix.includes("b") || prefix.includes("t")) return undefined;
  const raw = prefix.includes("r");
  let out = "";
  for (const part of node.namedChildren) {
    if (part.type === "string_content") out += raw ? part.text : decodeEscapes(part.text);
    else if (part.type === "interpolation") return undefined;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };

/** Enough escape handling for names and labels; exotic escapes are kept as written. */
function decodeEscapes(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\n|.)/g, (whole, esc: string) => {
    if (esc === "\n") return "";
    if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return SIMPLE_ESCAPES[esc] ?? whole;
  });
}

/** String literal values of a literal list/tuple (or a single string); non-literal items are skipped. */
export function stringItems(expr: Expr | undefined): string[] {
  if (!expr) return [];
  if (expr.t === "str") return [expr.value];
  if (expr.t !== "seq") return [];
  return expr.items.flatMap((item) => (item.t === "str" ? [item.value] : []));
}

/** The last dotted part of a name (`models.ForeignKey` → `ForeignKey`), or undefined for non-names. */
export function lastName(expr: Expr): string | undefined {
  if (expr.t === "name") return expr.dotted.slice(expr.dotted.lastIndexOf(".") + 1);
  if (expr.t === "attr") return expr.attr;
  return undefined;
}
