/**
 * Loops whose length is fixed by the code: a literal collection of a few items, `range(3)`, a name
 * bound once to such a literal (module constant or local variable) and never filled afterwards, or a
 * `range(start, stop, step)` batch walk. A query or write per iteration in such a loop costs a
 * constant, not N (RULES.md DJP103 false positives).
 */
import type { SyntaxNode, Tree } from "../parser.js";
import type { LoopInfo } from "./types.js";
import { Scopes } from "./scopes.js";
import { rootName, sameNode } from "./syntax.js";

/** Loops at or below this many literal items are not reported. */
export const SMALL_LITERAL_LIMIT = 5;

/**
 * A collection written out in the source (`KEYWORDS = [{...}, ...]`) holds what a person typed: a few
 * dozen items at most. Work repeated over it is bounded, though not "a few": rules about how long
 * something runs (a transaction held open) may pass this limit to `isSmallLiteralLoop`.
 */
export const HAND_WRITTEN_LIMIT = 100;

/** True when the loop walks a literal collection (or `range(k)`) of at most `limit` items. */
export function isSmallLiteralLoop(loop: LoopInfo, limit = SMALL_LITERAL_LIMIT): boolean {
  if (loop.kind === "while" || !loop.iterable) return false;
  const size = literalSize(loop.iterable, 0);
  return size !== undefined && size <= limit;
}

const SIZE_PRESERVING_CALLS = new Set(["enumerate", "reversed", "sorted", "list", "tuple", "set", "frozenset"]);
const DICT_VIEWS = new Set(["items", "keys", "values"]);

/** Number of items a literal iterable yields, or undefined when it is not provably literal. */
export function literalSize(node: SyntaxNode, depth: number): number | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? literalSize(inner, depth + 1) : undefined;
    }
    case "list":
    case "tuple":
    case "set":
      return node.namedChildren.some((c) => c.type === "list_splat" || c.type === "comment")
        ? undefined
        : node.namedChildren.length;
    case "dictionary":
      return node.namedChildren.every((c) => c.type === "pair") ? node.namedChildren.length : undefined;
    case "identifier":
      return namedLiteralSize(node, depth);
    case "call":
      return callSize(node, depth);
    default:
      return undefined;
  }
}

function callSize(call: SyntaxNode, depth: number): number | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (fn?.type === "identifier" && fn.text === "range") return rangeSize(args);
  // `csv.DictReader(DATA.splitlines())`: at most one row per line typed in the source.
  if (fn && CSV_READERS.has(fn.text) && args[0] && args[0].type !== "keyword_argument") return literalSize(args[0], depth + 1);
  if (fn?.type === "identifier" && SIZE_PRESERVING_CALLS.has(fn.text) && args[0] && args[0].type !== "keyword_argument") {
    return literalSize(args[0], depth + 1);
  }
  // `DATA.splitlines()`, `"a b c".split()`: the pieces of a string typed in the source.
  if (fn?.type === "attribute" && STRING_SPLITS.has(fn.childForFieldName("attribute")?.text ?? "")) {
    const obj = fn.childForFieldName("object");
    const method = fn.childForFieldName("attribute")?.text;
    // Escapes other than `\n` do not change the count of lines; for other separators they would.
    const text = obj ? literalText(obj, depth + 1, method !== "splitlines") : undefined;
    if (text === undefined) return undefined;
    if (method === "splitlines") return args.length === 0 ? text.split(/\r?\n/).length : undefined;
    const sep = args[0] && args[0].type === "string" ? stringText(args[0], true) : undefined;
    if (args.length === 0) return text.split(/\s+/).filter((p) => p !== "").length;
    return args.length === 1 && sep !== undefined && sep !== "" ? text.split(sep).length : undefined;
  }
  if (fn?.type === "attribute" && args.length === 0 && DICT_VIEWS.has(fn.childForFieldName("attribute")?.text ?? "")) {
    const obj = fn.childForFieldName("object");
    return obj ? literalSize(obj, depth + 1) : undefined;
  }
  return undefined;
}

const STRING_SPLITS = new Set(["splitlines", "split"]);
const CSV_READERS = new Set(["csv.reader", "csv.DictReader", "reader", "DictReader"]);

/** The text of a plain string literal (no f-string parts), or of a name bound only to one and never rebound. */
function literalText(node: SyntaxNode, depth: number, strict: boolean): string | undefined {
  if (depth > 4) return undefined;
  if (node.type === "parenthesized_expression") return node.namedChildren[0] ? literalText(node.namedChildren[0], depth + 1, strict) : undefined;
  if (node.type === "string") return stringText(node, strict);
  if (node.type === "concatenated_string") {
    const parts = node.namedChildren.map((c) => (c.type === "string" ? stringText(c, strict) : undefined));
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  if (node.type !== "identifier") return undefined;
  const binding = scopesOf(node.tree).onlyBinding(node);
  return binding?.kind === "assign" && binding.value ? literalText(binding.value, depth + 1, strict) : undefined;
}

/**
 * A string literal's contents with `\n` escapes decoded, or undefined for an f-string with
 * interpolations; `strict`: also undefined when it holds other escapes (`\t`, `\x00`), which would
 * have to be decoded to split it right.
 */
function stringText(node: SyntaxNode, strict: boolean): string | undefined {
  if (node.descendantsOfType("interpolation").length > 0) return undefined;
  const contents = node.namedChildren.filter((c) => c.type === "string_content");
  const escapes = contents.flatMap((c) => c.descendantsOfType("escape_sequence"));
  if (strict && escapes.some((e) => e.text !== "\\n")) return undefined;
  return contents.map((c) => c.text.replace(/\\n/g, "\n")).join("");
}

function rangeSize(args: SyntaxNode[]): number | undefined {
  const ints = args.map((a) => (a.type === "integer" && /^\d+$/.test(a.text) ? Number(a.text) : undefined));
  if (ints.some((n) => n === undefined) || ints.length === 0 || ints.length > 3) return undefined;
  const [a, b, step] = ints.length === 1 ? [0, ints[0], 1] : [ints[0], ints[1], ints[2] ?? 1];
  if (a === undefined || b === undefined || step === undefined || step <= 0) return undefined;
  return Math.max(0, Math.ceil((b - a) / step));
}

/**
 * `STATUSES = ("a", "b")` at module level, or `titles = [...]` in the function: a name whose only
 * binding (Python's scoping, no global/nonlocal rebinding) is a literal, and that no statement fills
 * afterwards (`titles.append(x)`, `titles[k] = v`). Imported constants are not followed: the index does
 * not record other modules' values.
 */
function namedLiteralSize(id: SyntaxNode, depth: number): number | undefined {
  const scopes = scopesOf(id.tree);
  const binding = scopes.onlyBinding(id);
  if (binding?.kind !== "assign" || !binding.value) return undefined;
  const size = literalSize(binding.value, depth + 1);
  if (size === undefined) return undefined;
  const scope = scopes.lookup(id)?.scope;
  return scope && !isFilledIn(scope, id.text) ? size : undefined;
}

/** Container methods that add items to the object they are called on. */
const GROWING_METHODS = new Set(["append", "appendleft", "extend", "insert", "add", "update", "setdefault", "__setitem__"]);

/** Some statement in `scope` (nested functions included) adds items to the container `name` holds. */
function isFilledIn(scope: SyntaxNode, name: string): boolean {
  for (const id of scope.descendantsOfType("identifier")) {
    if (id.text !== name) continue;
    const parent = id.parent;
    if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), id)) {
      const method = parent.childForFieldName("attribute")?.text ?? "";
      if (GROWING_METHODS.has(method) && parent.parent?.type === "call") return true;
    }
    if (parent?.type === "subscript" && sameNode(parent.childForFieldName("value"), id)) {
      const holder = parent.parent;
      const writes = (holder?.type === "assignment" || holder?.type === "augmented_assignment") && sameNode(holder.childForFieldName("left"), parent);
      if (writes) return true;
    }
  }
  return false;
}

// One Scopes per parsed tree (trees are identity-stable for a file's analysis); it caches per scope.
const scopesByTree = new WeakMap<Tree, Scopes>();

function scopesOf(tree: Tree): Scopes {
  let scopes = scopesByTree.get(tree);
  if (!scopes) {
    scopes = new Scopes(tree.rootNode);
    scopesByTree.set(tree, scopes);
  }
  return scopes;
}

/** `range(start, stop, step)`: a loop that walks batches, each one query by design. */
export function isSteppedRangeLoop(loop: LoopInfo): boolean {
  const it = loop.iterable;
  if (it?.type !== "call") return false;
  const fn = it.childForFieldName("function");
  return fn?.type === "identifier" && fn.text === "range" && (it.childForFieldName("arguments")?.namedChildren.length ?? 0) === 3;
}

/** Calls that split an iterable into fixed-size chunks (itertools, more_itertools, Django and home-made helpers). */
const CHUNKER_NAME = /batch|chunk|grouper|paginat|^sliced$|^pages$/i;

/**
 * `for batch in chunked(ids, 500)`, `queryset_in_batches(qs)`, `range(0, n, step)`: one query per batch, by
 * design. A loop over tenants that switches the database schema per iteration is the same: each query runs
 * in another schema and returns other rows (isPerTenantLoop).
 */
export function isBatchLoop(loop: LoopInfo): boolean {
  if (isSteppedRangeLoop(loop) || isPerTenantLoop(loop)) return true;
  const it = loop.iterable;
  if (it?.type === "attribute" && it.childForFieldName("attribute")?.text === "page_range") return true;
  if (it?.type !== "call") return false;
  const fn = it.childForFieldName("function");
  const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  return name !== undefined && CHUNKER_NAME.test(name);
}

/** Context managers and calls that point the connection at one tenant's schema (django-tenants, django-tenant-schemas, home-made wrappers). */
const SCHEMA_SWITCH = /tenant|schema/i;

/**
 * `for tenant in Client.objects.all(): with tenant_context(tenant): ...` (or `schema_context(t.schema_name)`,
 * `LocalTenant(t)`, `connection.set_tenant(t)`): the body runs once per schema. The switch must be a
 * statement of the loop body (not nested deeper) and take the loop's own variable, so a loop that only
 * mentions a tenant is not taken for one.
 */
export function isPerTenantLoop(loop: LoopInfo): boolean {
  if (loop.kind === "comprehension" || loop.targets.length === 0) return false;
  const names = new Set(loop.targets.map((t) => t.name));
  const takesLoopVariable = (call: SyntaxNode): boolean =>
    (call.childForFieldName("arguments")?.namedChildren ?? []).some((arg) => {
      const root = rootName(arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg);
      return root !== undefined && names.has(root);
    });
  const switches = (call: SyntaxNode | null | undefined): boolean => {
    if (call?.type !== "call") return false;
    const fn = call.childForFieldName("function");
    const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    return name !== undefined && SCHEMA_SWITCH.test(name) && takesLoopVariable(call);
  };
  for (const block of loop.body) {
    for (const stmt of block.type === "block" ? block.namedChildren : [block]) {
      if (stmt.type === "with_statement") {
        const clause = stmt.namedChildren.find((c) => c.type === "with_clause");
        for (const item of clause?.namedChildren ?? []) {
          const value = item.childForFieldName("value") ?? item.namedChildren[0];
          if (switches(value?.type === "as_pattern" ? value.namedChildren[0] : value)) return true;
        }
      } else if (stmt.type === "expression_statement" && switches(stmt.namedChildren[0])) return true;
    }
  }
  return false;
}


/**
 * Why a loop's iterable is short by construction, or undefined: command-line arguments of a management
 * command, configuration (`settings.X`, an UPPER_CASE constant), the parts of one string split on a
 * separator, a model's metadata, the project's sites. A query or write per iteration of such a loop costs
 * a handful, not N (issue: accuracy, false-positive class 3).
 */
export function shortIterableReason(loop: LoopInfo): string | undefined {
  if (loop.kind === "while" || !loop.iterable) return undefined;
  return shortValueReason(unwrapSameItems(loop.iterable), 0);
}

const SAME_ITEMS = new Set(["list", "tuple", "set", "frozenset", "sorted", "reversed", "enumerate", "iter"]);
const DICT_VIEWS_OR_COPIES = new Set(["items", "keys", "values", "copy"]);

function unwrapSameItems(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (let i = 0; i < 4; i++) {
    if (n.type === "parenthesized_expression" && n.namedChildren[0]) n = n.namedChildren[0];
    else if (n.type === "call") {
      const fn = n.childForFieldName("function");
      const args = n.childForFieldName("arguments")?.namedChildren ?? [];
      if (fn?.type === "identifier" && SAME_ITEMS.has(fn.text) && args[0] && args[0].type !== "keyword_argument") n = args[0];
      else if (fn?.type === "attribute" && args.length === 0 && DICT_VIEWS_OR_COPIES.has(fn.childForFieldName("attribute")?.text ?? "")) n = fn.childForFieldName("object") ?? n;
      else break;
    } else break;
  }
  return n;
}

function shortValueReason(node: SyntaxNode, depth: number): string | undefined {
  if (depth > 3) return undefined;
  switch (node.type) {
    case "identifier":
      if (node.text === "args" && enclosingFunctionName(node) === "handle") return "command-line arguments";
      // An UPPER_CASE name is a constant: a module's or a settings file's fixed list.
      if (/^[A-Z][A-Z0-9_]*$/.test(node.text) && node.text.length > 1) return "a constant";
      return namedShortValueReason(node, depth);
    case "attribute": {
      const parts = node.text.split(".");
      if (parts[0] === "settings") return "configuration";
      if (parts[0] === "sys" && parts[1] === "argv") return "command-line arguments";
      if (parts.includes("_meta")) return "model metadata";
      const last = parts[parts.length - 1] ?? "";
      return /^[A-Z][A-Z0-9_]*$/.test(last) && last.length > 1 ? "a constant" : undefined;
    }
    case "subscript": {
      const value = node.childForFieldName("value");
      if (!value) return undefined;
      if ((value.text === "options" || value.text === "kwargs") && enclosingFunctionName(node) === "handle") return "command-line arguments";
      if (value.text === "sys.argv") return "command-line arguments";
      return shortValueReason(value, depth + 1) === "configuration" ? "configuration" : undefined;
    }
    case "call": {
      const fn = node.childForFieldName("function");
      const args = node.childForFieldName("arguments")?.namedChildren ?? [];
      const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
      const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
      if (name === "get" && object && (object.text === "options" || object.text === "kwargs") && enclosingFunctionName(node) === "handle") return "command-line arguments";
      if (name === "getattr" && args[0]?.text === "settings") return "configuration";
      // One value split on a separator other than a line break: the parts of one field.
      if (name === "split" && object && (args.length === 0 || isShortSeparator(args[0]))) return "the parts of one string";
      if ((name === "get_fields" || name === "get_models") && object && /(_meta|apps)$/.test(object.text)) return "model metadata";
      if (object && /(^|\.)Site\.objects$/.test(object.text)) return "the project's sites";
      // A subset of a short set (`set(CONSTANT).difference(settings.X)`) is short; a union when every part is.
      if (name && SHRINKING_SET_METHODS.has(name) && object) return shortValueReason(unwrapSameItems(object), depth + 1);
      if (name === "union" && object && !isQuerySetLike(object)) {
        const reason = shortValueReason(unwrapSameItems(object), depth + 1);
        return reason && args.every((a) => shortValueReason(unwrapSameItems(a), depth + 1)) ? reason : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Set methods whose result holds only items of the set they are called on. */
const SHRINKING_SET_METHODS = new Set(["difference", "intersection", "symmetric_difference"]);

/** `qs.union(...)` of querysets is not a set operation on a short collection. */
function isQuerySetLike(node: SyntaxNode): boolean {
  return /\.objects\b|\.filter\(|\.all\(/.test(node.text);
}

/**
 * A local name bound once to a short value (`forbidden = set(CONSTANT).difference(settings.ALLOWED)`)
 * and not filled afterwards.
 */
function namedShortValueReason(id: SyntaxNode, depth: number): string | undefined {
  const scopes = scopesOf(id.tree);
  const binding = scopes.onlyBinding(id);
  if (binding?.kind !== "assign" || !binding.value) return undefined;
  const scope = scopes.lookup(id)?.scope;
  if (!scope || isFilledIn(scope, id.text)) return undefined;
  return shortValueReason(unwrapSameItems(binding.value), depth + 1);
}

function isShortSeparator(arg: SyntaxNode | undefined): boolean {
  if (arg?.type !== "string") return false;
  const content = arg.descendantsOfType("string_content")[0]?.text ?? "";
  return content !== "" && !content.includes("\\n") && !content.includes("\n") && !content.includes("\\r");
}

function enclosingFunctionName(node: SyntaxNode): string | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n.childForFieldName("name")?.text;
  return undefined;
}
