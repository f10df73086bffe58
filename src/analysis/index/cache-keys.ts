/**
 * The cache-invalidation index (DJP402): for every module that imports Django's cache, the key families
 * it deletes (`delete`, `delete_many`, `delete_pattern`, `touch`, `incr_version`, a `set` with timeout 0,
 * a write-through `set` in a save signal or a `save()`/`delete()` method), whether it clears the whole
 * cache, and the keys its helper functions build. Per module plain data (cached with the other index
 * facts); assembled once per project.
 */
import type { SyntaxNode } from "../parser.js";
import { collectImports } from "../imports.js";
import { keyRefOf, keysOfCollection, sameFamily, staticStart, withConstant, type KeyRef } from "../django/cache-keys.js";
import { classOfMethod, decoratorsOf, keywordArg, positionalArgs, stringValue, unwrapParens } from "../django/syntax.js";
import type { ParsedModule } from "./extract.js";
import { returnsOf } from "./returned-chains.js";

export interface CacheModuleFacts {
  path: string;
  module: string;
  /** Key families this module invalidates (`call` refs are resolved when the index is assembled). */
  invalidates: { ref: KeyRef; line: number }[];
  /** Lines of `cache.clear()` in a save hook: every key is invalidated on every write. */
  clears: number[];
  /** Module functions whose every return is one key: name → key. */
  helpers: Record<string, KeyRef>;
  /** Methods whose every return is one key: name → key (any class). */
  methodHelpers: Record<string, KeyRef>;
  /** Module-level string constants (`PERM_CACHE_KEY = "user_%d_%s"`), for modules that import them. */
  constants: Record<string, string>;
  /** The first line that names Django's cache API (CACHE_USE), if any: the module may use a cache alias. */
  usesAt?: number;
}

export interface CacheKeyIndex {
  /** Every Python file of the repository was read: "no invalidation anywhere" can be said. */
  complete: boolean;
  /** Where the project clears the whole cache, if it does (`path:line`). */
  clearedAt?: string;
  /** The first place the project invalidates any key (delete, touch, a write-through set; any alias), if it does. */
  anyInvalidationAt?: string;
  /** The first place a module names Django's cache API (CACHE_USE: `django.core.cache`, `cache_page`, the cache middleware), if any does. */
  anyUseAt?: string;
  /** Where the key (a literal or a family) is invalidated (`path:line`), if anywhere. */
  invalidation(key: KeyRef): string | undefined;
  /** A helper call resolved one level (the key the helper returns), an imported constant resolved; else as given. */
  resolve(ref: KeyRef): KeyRef;
}

/**
 * Text of a module that uses Django's cache API, defines a key-building helper (`def profile_key(...)`)
 * or a key constant (`PERM_CACHE_KEY = "user_%d"`).
 */
export const CACHE_TEXT = /django\.core\.cache\b|def \w*key\w*\s*\(|KEY\w*\s*=\s*[fbru]*["']|cache_page|django\.middleware\.cache|_cache_key\b|decorators import cache\b/i;

/**
 * Text that uses a cache alias of Django's: the cache API (`django.core.cache`, but not the backend
 * paths a settings module names), `cache_page`, the cache middleware, `get_cache_key` / `learn_cache_key`.
 * Matched on the text (imports inside functions and comments count too: "no use" is said only when none).
 */
const CACHE_USE = /django\.core\.cache(?!\.backends\b)|\bcache_page\b|django\.middleware\.cache|\b(get|learn)_cache_key\b|decorators import cache\b/;

const INVALIDATING = new Set(["delete", "delete_many", "delete_pattern", "touch", "incr_version", "decr_version"]);
const SETTING = new Set(["set", "set_many", "add", "get_or_set"]);
/** Functions that run when a row is written: a `set` there refreshes the cached copy (write-through). */
const WRITE_HOOKS = /^(save|delete|on_commit|.*_(post|pre)_(save|delete)|(post|pre)_(save|delete)_.*|invalidate.*|refresh.*|update_cache.*|clear.*|reset.*)$/;
const WRITE_HOOK_FILE = /(^|\/)(signals|receivers|handlers)(\.py$|\/)/;

export function extractCacheFacts(mod: ParsedModule): CacheModuleFacts {
  const imports = collectImports(mod).names;
  const facts: CacheModuleFacts = { path: mod.path, module: mod.module, invalidates: [], clears: [], helpers: {}, methodHelpers: {}, constants: constantsOf(mod.tree.rootNode) };
  const qualify = (ref: KeyRef): KeyRef => (ref.k === "call" && !ref.method ? { ...ref, callee: imports.get(ref.callee) ?? `${mod.module}.${ref.callee}` } : ref);
  const add = (node: SyntaxNode, line: number): void => {
    for (const key of keysOf(node)) facts.invalidates.push({ ref: qualify(keyRefOf(key, imports)), line });
  };
  const visit = (node: SyntaxNode): void => {
    if (node.type === "function_definition") readHelper(node, facts, qualify, imports);
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
      const name = fn?.childForFieldName("attribute")?.text ?? "";
      const args = node.childForFieldName("arguments");
      if (object && args && isCacheObject(object, imports)) {
        const line = node.startPosition.row + 1;
        const first = positionalArgs(args)[0] ?? keywordArg(args, "key") ?? keywordArg(args, "keys");
        // A clear() in a save hook invalidates everything on every write; one in a command only on demand.
        if (name === "clear") {
          if (isWriteHook(node, mod.path)) facts.clears.push(line);
        }
        else if (first && INVALIDATING.has(name)) add(first, line);
        else if (first && SETTING.has(name) && (expiresAtOnce(args, name) || isWriteHook(node, mod.path))) add(first, line);
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(mod.tree.rootNode);
  const use = CACHE_USE.exec(mod.text);
  if (use) facts.usesAt = mod.text.slice(0, use.index).split("\n").length;
  return facts;
}

/** The key expressions of a first argument: one key, a collection of keys, or `cache.keys("p*")`. */
function keysOf(node: SyntaxNode): SyntaxNode[] {
  const n = unwrapParens(node.type === "list_splat" ? (node.namedChildren[0] ?? node) : node);
  if (n.type === "call") {
    // `delete_many(cache.keys("user:*"))` (django-redis): the pattern names the family.
    const fn = n.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const arg = positionalArgs(n.childForFieldName("arguments"))[0];
    if ((name === "keys" || name === "iter_keys") && arg) return [arg];
  }
  const many = keysOfCollection(n);
  return many.length > 0 ? many : [n];
}

/** `cache.set(key, value, 0)`: a timeout of zero (or below) deletes the key. */
export function expiresAtOnce(args: SyntaxNode, name: string): boolean {
  const timeout = timeoutArg(args, name);
  return timeout !== undefined && /^(0|-\d+)$/.test(unwrapParens(timeout).text.replace(/\s/g, ""));
}

/** The timeout argument of a set/set_many/add/get_or_set call, if written. */
export function timeoutArg(args: SyntaxNode, name: string): SyntaxNode | undefined {
  return keywordArg(args, "timeout") ?? positionalArgs(args)[name === "set_many" ? 1 : 2];
}

/** A `set` in a signal receiver, a `save()`/`delete()` method or a module of receivers refreshes the key. */
export function isWriteHook(node: SyntaxNode, path: string): boolean {
  if (WRITE_HOOK_FILE.test(path)) return true;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== "function_definition") continue;
    const name = p.childForFieldName("name")?.text ?? "";
    if (WRITE_HOOKS.test(name)) return true;
    if (decoratorsOf(p).some((d) => /\breceiver\b|post_save|post_delete/.test(d.text))) return true;
  }
  return false;
}

/** A function whose every `return` is the same known key (literal or family): a key-building helper. */
function readHelper(def: SyntaxNode, facts: CacheModuleFacts, qualify: (ref: KeyRef) => KeyRef, imports: ReadonlyMap<string, string>): void {
  const name = def.childForFieldName("name")?.text;
  const body = def.childForFieldName("body");
  if (!name || !body) return;
  const returns = returnsOf(body);
  if (returns.length === 0) return;
  let key: KeyRef | undefined;
  for (const r of returns) {
    const value = r.namedChildren[0];
    const ref = value ? qualify(keyRefOf(value, imports)) : ({ k: "unknown" } as const);
    const id = refId(ref);
    if (id === undefined) return;
    if (key && refId(key) !== id) return;
    key ??= ref;
  }
  if (!key) return;
  const table = classOfMethod(def) ? facts.methodHelpers : facts.helpers;
  // The same method name building different keys in two classes: which one a call reaches is unknown.
  const previous = table[name];
  table[name] = previous && refId(previous) !== refId(key) ? { k: "unknown" } : key;
}

/** What makes two helper keys the same family: the static start, or the constant they start from. */
function refId(ref: KeyRef): string | undefined {
  return ref.k === "const" ? `${ref.dotted}${ref.cut}` : staticStart(ref);
}

/** Module-level `NAME = "literal"` assignments. */
function constantsOf(root: SyntaxNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stmt of root.namedChildren) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    const left = assign?.type === "assignment" ? assign.childForFieldName("left") : undefined;
    const right = assign?.childForFieldName("right");
    const value = right ? stringValue(right) : undefined;
    if (left?.type === "identifier" && value !== undefined) out[left.text] = value;
  }
  return out;
}

/** `cache` / `caches["alias"]` / `django.core.cache.cache` by the module's imports. */
export function isCacheObject(node: SyntaxNode, imports: ReadonlyMap<string, string>): boolean {
  const n = unwrapParens(node);
  if (n.type === "identifier") return imports.get(n.text) === "django.core.cache.cache";
  if (n.type === "attribute") {
    const object = n.childForFieldName("object");
    return n.childForFieldName("attribute")?.text === "cache" && object?.type === "identifier" && imports.get(object.text) === "django.core.cache";
  }
  if (n.type !== "subscript") return false;
  const value = n.childForFieldName("value");
  return value?.type === "identifier" && imports.get(value.text) === "django.core.cache.caches";
}

export function buildCacheKeyIndex(modules: readonly CacheModuleFacts[], complete: boolean): CacheKeyIndex {
  const helpers = new Map<string, KeyRef>();
  const methods = new Map<string, KeyRef>();
  const constants = new Map<string, string>();
  for (const m of modules) {
    for (const [name, value] of Object.entries(m.constants)) constants.set(`${m.module}.${name}`, value);
    for (const [name, ref] of Object.entries(m.helpers)) helpers.set(`${m.module}.${name}`, ref);
    for (const [name, ref] of Object.entries(m.methodHelpers)) {
      const previous = methods.get(name);
      methods.set(name, previous && refId(previous) !== refId(ref) ? { k: "unknown" } : ref);
    }
  }
  const resolveConst = (ref: KeyRef): KeyRef => {
    if (ref.k !== "const") return ref;
    const value = constants.get(ref.dotted);
    return value === undefined ? { k: "unknown" } : withConstant(ref, value);
  };
  // One level: a helper that returns another helper's key is not followed.
  const resolve = (ref: KeyRef): KeyRef => {
    if (ref.k !== "call") return resolveConst(ref);
    const found = ref.method ? methods.get(ref.callee) : helpers.get(ref.callee);
    return found && found.k !== "call" ? resolveConst(found) : { k: "unknown" };
  };
  const families: { start: string; literal: boolean; at: string }[] = [];
  let clearedAt: string | undefined;
  let anyInvalidationAt: string | undefined;
  let anyUseAt: string | undefined;
  for (const m of modules) {
    if (m.usesAt !== undefined) anyUseAt ??= `${m.path}:${m.usesAt}`;
    for (const line of m.clears) clearedAt ??= `${m.path}:${line}`;
    for (const inv of m.invalidates) {
      anyInvalidationAt ??= `${m.path}:${inv.line}`;
      const ref = resolve(inv.ref);
      const start = staticStart(ref);
      if (start !== undefined) families.push({ start, literal: ref.k === "literal", at: `${m.path}:${inv.line}` });
    }
  }
  return {
    complete,
    ...(clearedAt ? { clearedAt } : {}),
    ...(anyInvalidationAt ? { anyInvalidationAt } : {}),
    ...(anyUseAt ? { anyUseAt } : {}),
    invalidation: (key) => {
      if (key.k === "literal") return families.find((f) => (f.literal ? f.start === key.value : key.value.startsWith(f.start)))?.at;
      if (key.k !== "prefix") return undefined;
      return families.find((f) => (f.literal ? f.start.startsWith(key.prefix) : sameFamily(key.prefix, f.start)))?.at;
    },
    resolve,
  };
}
