/** Small, Django-agnostic questions about tree-sitter-python nodes, shared by the Django helpers. */
import type { SyntaxNode } from "../parser.js";

/** Nodes whose body is a new Python scope for names (and a boundary for "per iteration"). */
export const SCOPE_TYPES: ReadonlySet<string> = new Set(["function_definition", "lambda", "class_definition"]);

export const COMPREHENSION_TYPES: ReadonlySet<string> = new Set([
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/** `node` lies inside `ancestor` (or is it). Positions are enough: both come from the same tree. */
export function isWithin(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/** `(x)` → `x`, repeatedly. */
export function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === "parenthesized_expression") {
    const inner = current.namedChildren.find((c) => c.type !== "comment");
    if (!inner) break;
    current = inner;
  }
  return current;
}

/**
 * The value of a plain string literal (`"a"`, `'a' "b"`); undefined for f-strings with interpolations
 * and anything that is not a string, because its value is not known statically.
 */
export function stringValue(node: SyntaxNode): string | undefined {
  const n = unwrapParens(node);
  if (n.type === "concatenated_string") {
    let joined = "";
    for (const part of n.namedChildren) {
      const value = stringValue(part);
      if (value === undefined) return undefined;
      joined += value;
    }
    return joined;
  }
  if (n.type !== "string") return undefined;
  let text = "";
  for (const child of n.namedChildren) {
    if (child.type === "interpolation") return undefined;
    if (child.type === "string_content" || child.type === "escape_sequence") text += child.text;
  }
  return text;
}

/** Positional arguments of an `argument_list` (keywords, splats and comments excluded). */
export function positionalArgs(args: SyntaxNode | null): SyntaxNode[] {
  if (!args) return [];
  return args.namedChildren.filter(
    (c) => c.type !== "keyword_argument" && c.type !== "comment" && c.type !== "list_splat" && c.type !== "dictionary_splat",
  );
}

export function keywordArg(args: SyntaxNode | null, name: string): SyntaxNode | undefined {
  if (!args) return undefined;
  for (const c of args.namedChildren) {
    if (c.type === "keyword_argument" && c.childForFieldName("name")?.text === name) {
      return c.childForFieldName("value") ?? undefined;
    }
  }
  return undefined;
}

/** `*args` / `**kwargs` in a call: the arguments cannot be listed statically. */
export function hasSplat(args: SyntaxNode | null): boolean {
  return !!args && args.namedChildren.some((c) => c.type === "list_splat" || c.type === "dictionary_splat");
}

/** `a.b.c` → ["a", "b", "c"]; undefined when any part is not a plain name. */
export function dottedParts(node: SyntaxNode): string[] | undefined {
  const n = unwrapParens(node);
  if (n.type === "identifier") return [n.text];
  if (n.type !== "attribute") return undefined;
  const object = n.childForFieldName("object");
  const attr = n.childForFieldName("attribute");
  if (!object || !attr) return undefined;
  const head = dottedParts(object);
  return head ? [...head, attr.text] : undefined;
}

/**
 * The conditions of the `if` statements whose consequence holds `node`, innermost first, up to `stop`
 * (compared by id: node-tree-sitter may hand out two wrapper objects for one node).
 */
export function consequenceConditions(node: SyntaxNode, stop: SyntaxNode | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node, n = node.parent; n && n.id !== stop?.id; child = n, n = n.parent) {
    if (n.type !== "if_statement" || child.id !== n.childForFieldName("consequence")?.id) continue;
    const condition = n.childForFieldName("condition");
    if (condition) out.push(condition);
  }
  return out;
}

/** The leftmost identifier of `a.b.c`. */
export function dottedHead(node: SyntaxNode): SyntaxNode | undefined {
  let n = unwrapParens(node);
  while (n.type === "attribute") {
    const object = n.childForFieldName("object");
    if (!object) return undefined;
    n = unwrapParens(object);
  }
  return n.type === "identifier" ? n : undefined;
}

/** The variable an expression starts from, through attributes and subscripts: `x` for `x`, `x[k]`, `x.a.b`, `x["k"].a`. */
export function rootName(node: SyntaxNode | null | undefined): string | undefined {
  let n = node;
  while (n && (n.type === "subscript" || n.type === "attribute")) n = n.type === "subscript" ? n.childForFieldName("value") : n.childForFieldName("object");
  return n?.type === "identifier" ? n.text : undefined;
}

/** The last name of what a call calls: `f(...)` → f, `a.b.f(...)` → f. */
export function calleeName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier") return fn.text;
  if (fn.type === "attribute") return fn.childForFieldName("attribute")?.text;
  return undefined;
}

/** `f(x)` where f is a bare name in `names`: its first positional argument. */
export function builtinCallArg(node: SyntaxNode, names: ReadonlySet<string>): SyntaxNode | undefined {
  const n = unwrapParens(node);
  if (n.type !== "call") return undefined;
  const fn = n.childForFieldName("function");
  if (fn?.type !== "identifier" || !names.has(fn.text)) return undefined;
  const args = n.childForFieldName("arguments");
  if (hasSplat(args)) return undefined;
  return positionalArgs(args)[0];
}

/** A decorated definition's decorators, or [] (the decorators hang on the wrapping `decorated_definition`). */
export function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c) => c.type === "decorator");
}

/** The expression a decorator applies, without its call: `@app.task(bind=True)` → `app.task`. */
export function decoratorTarget(decorator: SyntaxNode): SyntaxNode | undefined {
  let expr = decorator.namedChildren.find((c) => c.type !== "comment");
  if (expr?.type === "call") expr = expr.childForFieldName("function") ?? undefined;
  return expr;
}

/** The class whose body directly defines `fn` (a method), if any. */
export function classOfMethod(fn: SyntaxNode): SyntaxNode | undefined {
  const holder = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
  const block = holder.parent;
  const cls = block?.parent;
  return block?.type === "block" && cls?.type === "class_definition" ? cls : undefined;
}

/** Parameter names in order (`*args`/`**kwargs` by their bare name). */
export function parameterNodes(fn: SyntaxNode): { name: string; node: SyntaxNode }[] {
  const params = fn.childForFieldName("parameters");
  if (!params) return [];
  const out: { name: string; node: SyntaxNode }[] = [];
  for (const p of params.namedChildren) {
    const id = parameterIdentifier(p);
    if (id) out.push({ name: id.text, node: p });
  }
  return out;
}

/** The identifier a parameter node binds (`x`, `x: T`, `x=1`, `x: T = 1`, `*x`, `**x`). */
export function parameterIdentifier(param: SyntaxNode): SyntaxNode | undefined {
  switch (param.type) {
    case "identifier":
      return param;
    case "default_parameter":
    case "typed_default_parameter":
      return param.childForFieldName("name") ?? undefined;
    case "typed_parameter":
    case "list_splat_pattern":
    case "dictionary_splat_pattern":
      for (const c of param.namedChildren) {
        if (c.type === "identifier") return c;
        if (c.type === "list_splat_pattern" || c.type === "dictionary_splat_pattern") return parameterIdentifier(c);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A class's base expressions (keyword arguments such as `metaclass=` excluded). */
export function classBases(cls: SyntaxNode): SyntaxNode[] {
  return positionalArgs(cls.childForFieldName("superclasses"));
}

/** Direct statements of a block, with `expression_statement` wrappers removed. */
export function blockStatements(block: SyntaxNode | null): SyntaxNode[] {
  if (!block) return [];
  return block.namedChildren.map((s) => (s.type === "expression_statement" ? (s.namedChildren[0] ?? s) : s));
}

/** Directly nested definitions of a class body (unwrapping decorators). */
export function classMembers(cls: SyntaxNode): SyntaxNode[] {
  return blockStatements(cls.childForFieldName("body")).map((s) =>
    s.type === "decorated_definition" ? (s.childForFieldName("definition") ?? s) : s,
  );
}

/** `obj.name` → name, for an `attribute` node. */
export function attributeName(node: SyntaxNode): string | undefined {
  return node.type === "attribute" ? node.childForFieldName("attribute")?.text : undefined;
}

/**
 * `getattr(obj, "name")` (or with a default): the object and the literal name, read like `obj.name`.
 * Undefined for a name that is not a literal identifier (it could be anything at run time) and for
 * splatted arguments.
 */
export function literalGetattr(node: SyntaxNode): { object: SyntaxNode; name: string } | undefined {
  if (node.type !== "call" || node.childForFieldName("function")?.text !== "getattr") return undefined;
  const args = node.childForFieldName("arguments");
  if (args?.type !== "argument_list" || hasSplat(args)) return undefined;
  const positional = positionalArgs(args);
  if (positional.length < 2 || positional.length > 3 || positional.length !== args.namedChildren.filter((c) => c.type !== "comment").length) return undefined;
  const name = stringValue(positional[1]!);
  return name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? { object: unwrapParens(positional[0]!), name } : undefined;
}

/** The object an attribute read (`obj.name`) or a literal getattr (`getattr(obj, "name")`) reads from. */
export function accessedObject(node: SyntaxNode): SyntaxNode | undefined {
  return node.type === "attribute" ? node.childForFieldName("object") ?? undefined : literalGetattr(node)?.object;
}

/** The name an attribute read or a literal getattr reads: `obj.name` and `getattr(obj, "name")` → name. */
export function accessedName(node: SyntaxNode): string | undefined {
  return attributeName(node) ?? literalGetattr(node)?.name;
}

/** The read of `node` itself, `node.x` or `getattr(node, "x")`, when node is its object; else undefined. */
export function accessOf(node: SyntaxNode): SyntaxNode | undefined {
  const parent = node.parent;
  if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), node)) return parent;
  const call = parent?.type === "argument_list" ? parent.parent : undefined;
  return call && sameNode(accessedObject(call), node) ? call : undefined;
}

/** The nearest `def` around a node (lambdas and classes are passed through), or undefined at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n;
  return undefined;
}

/** The innermost function or lambda around a node, else the module: where its names are bound. */
export function enclosingScope(node: SyntaxNode): SyntaxNode {
  let current: SyntaxNode | null = node.parent;
  while (current) {
    if (current.type === "function_definition" || current.type === "lambda") return current;
    if (!current.parent) return current;
    current = current.parent;
  }
  return node;
}

/**
 * The node is written to (`x.f = …`, `x.f += …`, `del x.f`, a `for x.f in …` target), not read.
 * Answered from the tree's written nodes, marked once top-down: tree-sitter finds a node's `parent` by
 * descending from the root, so one `parent` read costs the node's depth, and asking this of every
 * attribute of a 10,000-term `a.x and a.y and …` was quadratic.
 */
export function isWriteTarget(node: SyntaxNode): boolean {
  let written = writtenNodes.get(node.tree);
  if (!written) writtenNodes.set(node.tree, (written = markWritten(node.tree.rootNode)));
  return written.has(node.id);
}

const writtenNodes = new WeakMap<SyntaxNode["tree"], Set<number>>();
const TARGET_PATTERN_TYPES = new Set(["pattern_list", "tuple_pattern", "list_pattern"]);

/** Ids of every node `isWriteTargetByParents` answers true for. */
function markWritten(root: SyntaxNode): Set<number> {
  const out = new Set<number>();
  const mark = (target: SyntaxNode): void => {
    out.add(target.id);
    // The parent walk climbs out of these patterns: every child of one is written as well.
    if (TARGET_PATTERN_TYPES.has(target.type)) for (const child of target.children) mark(child);
  };
  for (const statement of root.descendantsOfType(["assignment", "augmented_assignment", "for_statement", "delete_statement"])) {
    if (statement.type === "delete_statement") statement.children.forEach(mark);
    else {
      const left = statement.childForFieldName("left");
      if (left) mark(left);
    }
  }
  return out;
}

/** The same question answered by walking parents (the definition `isWriteTarget` reproduces). */
export function isWriteTargetByParents(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  // Walk out of tuple/list patterns: `a.f, b = …`.
  while (parent && (parent.type === "pattern_list" || parent.type === "tuple_pattern" || parent.type === "list_pattern")) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === "assignment" || parent.type === "augmented_assignment" || parent.type === "for_statement") {
    return sameNode(parent.childForFieldName("left"), child);
  }
  return parent.type === "delete_statement";
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
    if (!attr || attr.type !== "attribute" || !sameNode(attr.childForFieldName("object"), current)) break;
    const call = attr.parent;
    if (!call || call.type !== "call" || !sameNode(call.childForFieldName("function"), attr)) break;
    out.push({ name: attributeName(attr) ?? "", call });
    current = call;
  }
  return out;
}

/** `x[:n]` / `x[a:n]` with any stop expression (`x[: settings.LIMIT]`); not `x[n:]`, not an index. */
export function hasSliceStop(node: SyntaxNode): boolean {
  if (node.type !== "subscript") return false;
  const slices = node.childrenForFieldName("subscript");
  if (slices.length !== 1 || slices[0]?.type !== "slice") return false;
  // `[a:b:c]` → [a, ":", b, ":", c]: a stop is the node right after the first colon, if it is not a colon.
  const parts = slices[0].children;
  const colon = parts.findIndex((c) => c.type === ":");
  const after = colon >= 0 ? parts[colon + 1] : undefined;
  return after !== undefined && after.type !== ":";
}

/** `x[:n]` / `x[0:n]` with a literal stop: n; other subscripts: Infinity; not a subscript: undefined. */
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
