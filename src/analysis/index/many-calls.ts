/**
 * `S(rows, many=True)` calls of a class the module names (imported by name, or defined at its own module
 * level): a serializer rendered row by row outside a list view, in a view function, an APIView method or
 * another serializer's method. Per call, what syntax tells of the rows' number: they are a page (the
 * rows flow from a `paginate...` call), or the requesting user's (the names they flow from, followed
 * back through the function's plain assignments, read `request.user`). Plain data, a function of path
 * and text only: part of the module's call facts.
 */
import type { SyntaxNode } from "../parser.js";
import type { ImportTable } from "../imports.js";
import { keywordArg, positionalArgs, unwrapParens } from "../django/syntax.js";
import type { ParsedModule } from "./extract.js";

export interface ManyCall {
  /** The called class as an absolute dotted name (`shop.serializers.OrderSerializer`). */
  target: string;
  path: string;
  line: number;
  /** The enclosing function (`Class.method` for a method), `<module>` at module level. */
  fn: string;
  /** The rows flow from a `paginate...` call: a page of a paginator. */
  page: boolean;
  /** The rows flow from something that reads `request.user`: the requesting user's rows. */
  user: boolean;
  /** The rows are a parameter of the enclosing function, passed on unchanged: its callers decide. */
  param: boolean;
}

const CLASS_NAME = /^[A-Z]\w*$/;
const PAGINATE = /\bpaginate\w*\s*\(|\bpaginated\w*\s*\(/;
const REQUEST_USER = /\brequest\.user\b/;
/** Followed back through at most this many assignments. */
const MAX_STEPS = 12;

export function extractManyCalls(mod: ParsedModule, imports: ImportTable): ManyCall[] {
  if (!mod.text.includes("many")) return [];
  const classes = new Set<string>();
  for (const stmt of mod.tree.rootNode.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = def?.type === "class_definition" ? def.childForFieldName("name")?.text : undefined;
    if (name) classes.add(name);
  }
  const out: ManyCall[] = [];
  for (const kw of mod.tree.rootNode.descendantsOfType("keyword_argument")) {
    if (kw.childForFieldName("name")?.text !== "many" || kw.childForFieldName("value")?.text !== "True") continue;
    const args = kw.parent;
    const call = args?.parent;
    if (args?.type !== "argument_list" || call?.type !== "call") continue;
    const target = targetOf(call.childForFieldName("function"), imports, classes, mod.module);
    const data = positionalArgs(args)[0] ?? keywordArg(args, "instance");
    if (!target || !data) continue;
    const fn = enclosingFunction(call);
    const flow = fn ? flowOf(unwrapParens(data), fn) : { texts: [data.text], param: false };
    out.push({
      target,
      path: mod.path,
      line: call.startPosition.row + 1,
      fn: fn ? functionName(fn) : "<module>",
      page: flow.texts.some((t) => PAGINATE.test(t)),
      user: flow.texts.some((t) => REQUEST_USER.test(t)),
      param: flow.param,
    });
  }
  return out;
}

/** `OrderSerializer` / `serializers.OrderSerializer`: a class name the module imports or defines. */
function targetOf(fn: SyntaxNode | null, imports: ImportTable, classes: ReadonlySet<string>, module: string): string | undefined {
  if (!fn) return undefined;
  const dotted = fn.text.replace(/\s+/g, "");
  const parts = dotted.split(".");
  const last = parts.at(-1) ?? "";
  if (!CLASS_NAME.test(last) || !parts.every((p) => /^\w+$/.test(p))) return undefined;
  const head = parts[0] ?? "";
  const imported = imports.names.get(head);
  if (imported) return [imported, ...parts.slice(1)].join(".");
  return parts.length === 1 && classes.has(head) ? `${module}.${head}` : undefined;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === "function_definition") return p;
  return undefined;
}

function functionName(fn: SyntaxNode): string {
  const name = fn.childForFieldName("name")?.text ?? "?";
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === "function_definition") return name;
    if (p.type === "class_definition") return `${p.childForFieldName("name")?.text ?? "?"}.${name}`;
  }
  return name;
}

/**
 * The texts the rows flow from: the expression, and the right sides of the function's assignments to the
 * names it reads, followed back (`page = paginator.paginate_queryset(qs, request)`, `qs = X.objects.filter(...)`).
 */
function flowOf(data: SyntaxNode, fn: SyntaxNode): { texts: string[]; param: boolean } {
  const assignments = new Map<string, SyntaxNode[]>();
  for (const a of fn.descendantsOfType("assignment")) {
    const right = a.childForFieldName("right");
    const left = a.childForFieldName("left");
    if (!right || !left) continue;
    const names = left.type === "identifier" ? [left] : left.descendantsOfType("identifier");
    for (const n of names) assignments.set(n.text, [...(assignments.get(n.text) ?? []), right]);
  }
  const params = new Set((fn.childForFieldName("parameters")?.descendantsOfType("identifier") ?? []).map((p) => p.text));
  const texts = [data.text];
  const seen = new Set<string>();
  const queue = data.type === "identifier" ? [data.text] : data.descendantsOfType("identifier").map((i) => i.text);
  let steps = 0;
  while (queue.length > 0 && steps++ < MAX_STEPS) {
    const name = queue.shift() ?? "";
    if (seen.has(name)) continue;
    seen.add(name);
    for (const right of assignments.get(name) ?? []) {
      texts.push(right.text);
      queue.push(...(right.type === "identifier" ? [right.text] : right.descendantsOfType("identifier").map((i) => i.text)));
    }
  }
  const param = data.type === "identifier" && params.has(data.text) && !assignments.has(data.text);
  return { texts, param };
}
