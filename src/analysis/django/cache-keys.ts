/**
 * The shape of a cache key as written (DJP402 and its index): a literal, a dynamic key with a static
 * start (`f"profile:{pk}"`, `"profile:%s" % pk`, `"profile:{}".format(pk)`, `"profile:" + str(pk)`), or a
 * call to a key-building helper that the index resolves one level. Anything else is unknown, and an
 * unknown key never counts as proof of anything.
 */
import type { SyntaxNode } from "../parser.js";
import { COMPREHENSION_TYPES, SCOPE_TYPES, parameterNodes, positionalArgs, stringValue, unwrapParens } from "./syntax.js";

export type KeyRef =
  | { k: "literal"; value: string }
  /** A key built at run time whose text starts with `prefix`. */
  | { k: "prefix"; prefix: string; versioned?: boolean }
  /** `helper(...)` (dotted name as written) or `obj.method(...)`: the index resolves it one level. */
  | { k: "call"; callee: string; method: boolean }
  /**
   * A string constant imported from another module (dotted target), possibly used as a template: the
   * key starts with its value, cut at the first `%` / `{` (`cut`), or is its value (`cut: "none"`).
   */
  | { k: "const"; dotted: string; cut: "%" | "{" | "+" | "none" }
  | { k: "unknown" };

const UNKNOWN: KeyRef = { k: "unknown" };
/** A static start shorter than this (`""`, `":"`) names no family of keys. */
const MIN_PREFIX = 2;
/** Glob characters of `delete_pattern("user:*")` / `cache.keys("user:*")`: the key family starts before them. */
const GLOB = /[*?[]/;

/** A part of a key that reads a version or a modification time: the key changes when the data does. */
const VERSIONED = /version|modified|updated_at|checksum|etag/i;

/**
 * The key an expression evaluates to, following local and module-level names one assignment deep; a
 * name imported from another module (`imports`: local name → dotted target) becomes a `const` ref.
 */
export function keyRefOf(node: SyntaxNode, imports?: ReadonlyMap<string, string>, depth = 0): KeyRef {
  const n = unwrapParens(node);
  if (depth > 4) return UNKNOWN;
  const sub = (m: SyntaxNode): KeyRef => keyRefOf(m, imports, depth + 1);
  switch (n.type) {
    case "string":
    case "concatenated_string":
      return stringKey(n);
    case "identifier": {
      const bound = bindingOf(n);
      if (bound) return sub(bound);
      const dotted = imports?.get(n.text);
      return dotted ? { k: "const", dotted, cut: "none" } : UNKNOWN;
    }
    case "binary_operator":
      return binaryKey(n, sub);
    case "call":
      return callKey(n, sub);
    default:
      return UNKNOWN;
  }
}

/** A `const` ref made concrete once the constant's value is known. */
export function withConstant(ref: KeyRef & { k: "const" }, value: string): KeyRef {
  if (ref.cut === "none") return { k: "literal", value };
  if (ref.cut === "+") return asPrefix(value);
  return cutAt(value, ref.cut === "%" ? value.search(/%(?!%)/) : value.indexOf("{"), "");
}

/** The static start of a key ref, when it names a family of keys. */
export function staticStart(ref: KeyRef): string | undefined {
  if (ref.k === "literal") return ref.value;
  if (ref.k === "prefix") return ref.prefix;
  return undefined;
}

/**
 * A key of family `set` is invalidated by a delete of `removed` when one starts with the other: a delete
 * of `user:` keys covers `user:{pk}:profile`, and so does a delete of the literal `user:1:profile`
 * (the code can only delete it by building it, so the family is known to be invalidated somewhere).
 */
export function sameFamily(set: string, removed: string): boolean {
  return set.startsWith(removed) || removed.startsWith(set);
}

function stringKey(n: SyntaxNode): KeyRef {
  const literal = stringValue(n);
  if (literal !== undefined) {
    const glob = literal.search(GLOB);
    return glob >= 0 ? asPrefix(literal.slice(0, glob)) : { k: "literal", value: literal };
  }
  // An f-string: its text up to the first interpolation. A part that reads a version makes it versioned.
  const parts = n.type === "concatenated_string" ? n.namedChildren : [n];
  let prefix = "";
  let versioned = false;
  let open = true;
  for (const part of parts) {
    for (const child of part.namedChildren) {
      if (child.type === "interpolation") {
        open = false;
        if (VERSIONED.test(child.text)) versioned = true;
      } else if (open && (child.type === "string_content" || child.type === "escape_sequence")) prefix += child.text;
    }
  }
  return asPrefix(prefix, versioned);
}

function asPrefix(prefix: string, versioned = false): KeyRef {
  return prefix.length >= MIN_PREFIX ? { k: "prefix", prefix, ...(versioned ? { versioned } : {}) } : UNKNOWN;
}

function binaryKey(n: SyntaxNode, sub: (m: SyntaxNode) => KeyRef): KeyRef {
  const op = n.childForFieldName("operator")?.text;
  const left = n.childForFieldName("left");
  const right = n.childForFieldName("right");
  if (!left || !right) return UNKNOWN;
  const l = sub(left);
  if (op === "%") {
    // `"user:%s" % pk`: the text before the first conversion.
    if (l.k === "const" && l.cut === "none") return VERSIONED.test(right.text) ? UNKNOWN : { ...l, cut: "%" };
    if (l.k !== "literal") return UNKNOWN;
    return cutAt(l.value, l.value.search(/%(?!%)/), right.text);
  }
  if (op !== "+") return UNKNOWN;
  if (l.k === "prefix") return l;
  if (l.k === "const" && l.cut === "none") return VERSIONED.test(right.text) ? UNKNOWN : { ...l, cut: "+" };
  if (l.k !== "literal") return UNKNOWN;
  const r = sub(right);
  if (r.k === "literal") return { k: "literal", value: l.value + r.value };
  if (r.k === "prefix") return asPrefix(l.value + r.prefix, r.versioned);
  return asPrefix(l.value, VERSIONED.test(right.text));
}

/** A template cut at a placeholder (`at`, -1 for none), versioned when the filled-in parts read a version. */
function cutAt(template: string, at: number, filling: string): KeyRef {
  return at < 0 ? { k: "literal", value: template } : asPrefix(template.slice(0, at), VERSIONED.test(filling));
}

function callKey(n: SyntaxNode, sub: (m: SyntaxNode) => KeyRef): KeyRef {
  const fn = n.childForFieldName("function");
  const args = n.childForFieldName("arguments");
  if (!fn) return UNKNOWN;
  if (fn.type === "attribute") {
    const object = fn.childForFieldName("object");
    const name = fn.childForFieldName("attribute")?.text ?? "";
    if (object && name === "format") {
      const template = sub(object);
      if (template.k === "const" && template.cut === "none") return VERSIONED.test(args?.text ?? "") ? UNKNOWN : { ...template, cut: "{" };
      if (template.k !== "literal") return UNKNOWN;
      return cutAt(template.value, template.value.indexOf("{"), args?.text ?? "");
    }
    if (object && name === "join" && args) {
      // `":".join(["user", str(pk)])`: the literal items before the first dynamic one.
      const sep = stringValue(object);
      const list = positionalArgs(args)[0];
      if (sep === undefined || !list || (list.type !== "list" && list.type !== "tuple")) return UNKNOWN;
      const head: string[] = [];
      for (const item of list.namedChildren) {
        const v = stringValue(item);
        if (v === undefined) return asPrefix(head.length > 0 ? head.join(sep) + sep : "", VERSIONED.test(list.text));
        head.push(v);
      }
      return { k: "literal", value: head.join(sep) };
    }
    return { k: "call", callee: name, method: true };
  }
  if (fn.type === "identifier") {
    // `str(...)` and friends are not key helpers.
    if (fn.text === "str" || fn.text === "repr") return UNKNOWN;
    return { k: "call", callee: fn.text, method: false };
  }
  return UNKNOWN;
}

/**
 * The expression a name is bound to: the single plain assignment to it in the enclosing function, else
 * the single module-level one. A parameter, a loop variable or a name assigned twice is unknown.
 */
function bindingOf(id: SyntaxNode): SyntaxNode | undefined {
  let scope: SyntaxNode | null = id.parent;
  while (scope && scope.type !== "function_definition" && scope.type !== "module") scope = scope.parent;
  if (!scope) return undefined;
  if (scope.type === "function_definition") {
    if (parameterNodes(scope).some((p) => p.name === id.text)) return undefined;
    const local = assignmentsTo(scope.childForFieldName("body"), id.text);
    if (local.length === 1) return local[0];
    if (local.length > 1) return undefined;
    scope = scope.parent;
    while (scope && scope.type !== "module") scope = scope.parent;
    if (!scope) return undefined;
  }
  const global = assignmentsTo(scope, id.text);
  return global.length === 1 ? global[0] : undefined;
}

/** Right-hand sides of `name = ...` in a body, nested functions and classes excluded. */
function assignmentsTo(body: SyntaxNode | null, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (SCOPE_TYPES.has(child.type) || COMPREHENSION_TYPES.has(child.type)) continue;
      if (child.type === "assignment" || child.type === "augmented_assignment") {
        const left = child.childForFieldName("left");
        const right = child.childForFieldName("right");
        if (left?.type === "identifier" && left.text === name) {
          // `key += ...` or a chained assignment: the value is not one expression.
          if (child.type === "augmented_assignment" || !right || right.type === "assignment") out.push(child, child);
          else out.push(right);
        }
      }
      if (child.type === "for_statement" && child.childForFieldName("left")?.text === name) out.push(child, child);
      visit(child);
    }
  };
  if (body) visit(body);
  return out;
}

/** The key expressions of a many-keys argument: `[k1, k2]`, `(k for ...)`, `{k: v}`, `{k: v for ...}`. */
export function keysOfCollection(node: SyntaxNode, depth = 0): SyntaxNode[] {
  const n = unwrapParens(node);
  switch (n.type) {
    case "list":
    case "tuple":
    case "set":
      return n.namedChildren.filter((c) => c.type !== "comment");
    case "dictionary":
      return n.namedChildren.flatMap((p) => (p.type === "pair" && p.childForFieldName("key") ? [p.childForFieldName("key")!] : []));
    case "list_comprehension":
    case "set_comprehension":
    case "generator_expression": {
      const body = n.childForFieldName("body");
      return body ? [body] : [];
    }
    case "dictionary_comprehension": {
      const key = n.childForFieldName("body")?.childForFieldName("key");
      return key ? [key] : [];
    }
    case "identifier": {
      const bound = depth < 3 ? bindingOf(n) : undefined;
      return bound ? keysOfCollection(bound, depth + 1) : [];
    }
    default:
      return [];
  }
}
