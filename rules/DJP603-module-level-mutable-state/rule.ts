/**
 * DJP603 module-level-mutable-state: a module-level dict / list / set changed at run time by code
 * that serves requests or runs tasks (views, serializers, tasks, middleware, GraphQL, API modules).
 * Each process keeps its own copy: state diverges between workers and grows for the process's life.
 * Registries filled at import time (decorators, calls at module level, AppConfig.ready) are quiet;
 * per-process memo caches are reported at info.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { MODULE_LEVEL_CONTAINERS } from "../../src/analysis/imports.js";
import { attributeName, calleeName, classBases, classOfMethod, decoratorTarget, decoratorsOf, enclosingFunction, sameNode, unwrapParens } from "../../src/analysis/django/syntax.js";
import { codeSpan, shortSource } from "../../src/analysis/markdown-safe.js";

const CONTAINER_CALLS = new Set(["dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"]);
const MUTATING_METHODS = new Set([
  "append", "appendleft", "extend", "extendleft", "insert", "update", "setdefault", "add", "pop", "popitem", "popleft",
  "clear", "remove", "discard", "__setitem__",
]);
/** Modules whose functions serve requests or run jobs, by a part of the module path. */
const RUNTIME_MODULE_PARTS = new Set([
  "views", "viewsets", "api", "apis", "serializers", "tasks", "middleware", "middlewares", "consumers", "schema",
  "mutations", "resolvers", "graphql", "handlers", "endpoints", "routers",
]);
/** Functions that build registries while modules are imported. */
const REGISTRY_FUNCTION = /^(register|_register|add_to_registry|registry_add)\w*$|_register$|^ready$/;

interface Container {
  name: string;
  node: SyntaxNode;
  kind: string;
}

export default defineRule({
  id: "DJP603",
  name: "module-level-mutable-state",
  category: "scalability",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A module-level dict, list or set is changed at run time by request or task code: per-process state.",
  messages: {
    state:
      "{{name}} is a module-level {{kind}} that {{fn}} changes at run time ({{mutation}}): every worker process has its own copy, so requests served by different processes see different data, it grows for the life of the process, and threads share it without a lock. Keep shared state in the database or the cache backend (`cache.set(...)`, `cache.incr(...)`); keep module-level containers for constants filled at import. Intended? `# djperf: ignore[DJP603] <reason>`.",
    memo:
      "{{name}} is a per-process cache that {{fn}} fills at run time ({{mutation}}): it never expires, grows with every new key, and each worker holds a different version (a change made through one process is invisible to the others). Use the cache backend with a timeout (`cache.get_or_set(key, compute, 300)`) plus an invalidation helper, or `functools.lru_cache(maxsize=...)` for pure, bounded lookups. Intended? `# djperf: ignore[DJP603] <reason>`.",
  },
  check(ctx) {
    const runtimeModule = ctx.file.module.split(".").some((part) => RUNTIME_MODULE_PARTS.has(part));
    // Code that serves requests or runs tasks is what "stateless" is about, containers or not.
    if (runtimeModule || servesRequestsOrTasks(ctx)) ctx.applies();
    const containers = moduleContainers(ctx.file.tree.rootNode);
    if (containers.size === 0) return;
    const importTimeFunctions = functionsRunAtImport(ctx);
    const reported = new Set<string>();
    for (const id of ctx.django.nodesOfType("identifier")) {
      const container = containers.get(id.text);
      if (!container || reported.has(container.name)) continue;
      const mutation = mutationAt(id);
      if (!mutation) continue;
      const fn = enclosingFunction(id);
      if (!fn) continue;
      const scope = ctx.django.bindingScopeOf(id);
      if (scope?.type !== "module") continue;
      const fnName = fn.childForFieldName("name")?.text ?? "";
      if (REGISTRY_FUNCTION.test(fnName) || importTimeFunctions.has(fnName) || isDecoratorFactory(fn) || runsAtClassDefinition(fn)) continue;
      const context = ctx.django.contextOf(id);
      if (context.test || context.migration) continue;
      if (!runtimeModule && !context.request && !context.serializer && !context.task) continue;
      reported.add(container.name);
      const memo = mutation.kind === "store" && readsSameKeyIn(fn, container.name);
      ctx.report({
        node: mutation.node,
        causes: [container.node],
        messageId: memo ? "memo" : "state",
        data: { name: codeSpan(container.name), kind: container.kind, fn: codeSpan(`${fnName}()`), mutation: codeSpan(shortSource(mutation.node.text)) },
        ...(memo ? { level: "info" as const } : {}),
        related: [{ path: ctx.file.path, range: rangeOfLine(container.node), message: `${container.name} is defined here` }],
      });
    }
  },
});

function servesRequestsOrTasks(ctx: RuleContext): boolean {
  return ctx.django.nodesOfType("function_definition").some((fn) => {
    const body = fn.childForFieldName("body");
    if (!body) return false;
    const context = ctx.django.contextOf(body);
    return context.request || context.task || context.serializer;
  });
}

function rangeOfLine(node: SyntaxNode) {
  return {
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}

/** `NAME = {}` / `[]` / `set()` / `defaultdict(list)` … at module level (also inside module-level if/try). */
function moduleContainers(root: SyntaxNode): Map<string, Container> {
  const out = new Map<string, Container>();
  const visit = (stmt: SyntaxNode): void => {
    if (MODULE_LEVEL_CONTAINERS.has(stmt.type) && stmt.type !== "ERROR") {
      for (const child of stmt.namedChildren) visit(child);
      return;
    }
    if (stmt.type !== "expression_statement") return;
    const assign = stmt.namedChildren[0];
    if (assign?.type !== "assignment") return;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "identifier" || !right || left.text === "__all__") return;
    const kind = containerKind(unwrapParens(right));
    if (kind) out.set(left.text, { name: left.text, node: assign, kind });
  };
  for (const stmt of root.namedChildren) visit(stmt);
  return out;
}

function containerKind(value: SyntaxNode): string | undefined {
  if (value.type === "dictionary") return "dict";
  if (value.type === "list") return "list";
  if (value.type === "set") return "set";
  if (value.type === "call") {
    const name = calleeName(value);
    if (name && CONTAINER_CALLS.has(name)) return name === "OrderedDict" || name === "defaultdict" || name === "Counter" ? name : name === "deque" ? "deque" : name;
  }
  return undefined;
}

interface Mutation {
  node: SyntaxNode;
  /** `X[k] = v` / `X.setdefault(...)` (a keyed store) or any other change. */
  kind: "store" | "change";
}

/** `id` is the container in `id[k] = v`, `id[k] += v`, `del id[k]`, `id.append(...)`, or `global id; id = ...`. */
function mutationAt(id: SyntaxNode): Mutation | undefined {
  const parent = id.parent;
  if (!parent) return undefined;
  if (parent.type === "subscript" && sameNode(parent.childForFieldName("value"), id)) {
    const holder = parent.parent;
    if ((holder?.type === "assignment" || holder?.type === "augmented_assignment") && sameNode(holder.childForFieldName("left"), parent)) {
      // `X[k] = X.get(k, 0) + 1` (or a value derived from X's old content) accumulates; it does not memoise.
      const accumulates = holder.type === "augmented_assignment" || derivesFrom(holder.childForFieldName("right"), id.text, enclosingFunction(id));
      return { node: holder, kind: accumulates ? "change" : "store" };
    }
    if (holder?.type === "delete_statement") return { node: holder, kind: "change" };
    // `X[k].append(v)`: an item of the container is changed in place.
    if (holder?.type === "attribute" && sameNode(holder.childForFieldName("object"), parent) && MUTATING_METHODS.has(attributeName(holder) ?? "")) {
      const call = holder.parent;
      if (call?.type === "call" && sameNode(call.childForFieldName("function"), holder)) return { node: call, kind: "change" };
    }
    return undefined;
  }
  if (parent.type === "attribute" && sameNode(parent.childForFieldName("object"), id)) {
    const method = attributeName(parent) ?? "";
    const call = parent.parent;
    if (!MUTATING_METHODS.has(method) || call?.type !== "call" || !sameNode(call.childForFieldName("function"), parent)) return undefined;
    return { node: call, kind: method === "setdefault" ? "store" : "change" };
  }
  // `global X` then `X = ...` / `X += ...` inside a function.
  if ((parent.type === "assignment" || parent.type === "augmented_assignment") && sameNode(parent.childForFieldName("left"), id)) {
    const fn = enclosingFunction(id);
    if (fn && declaresGlobal(fn, id.text)) return { node: parent, kind: "change" };
  }
  return undefined;
}

function referencesName(node: SyntaxNode | null, names: ReadonlySet<string>): boolean {
  return !!node && (names.has(node.text) || node.descendantsOfType("identifier").some((i) => names.has(i.text)));
}

/**
 * `value` reads the container, or a local name whose last assignment before `value` read it
 * (`recent = X.get(k)`). A name assigned again after the read holds a new value: `menu = X.get(k)`,
 * then `if menu is None: menu = build()` and `X[k] = menu` memoises (rotation set 5, lino).
 */
function derivesFrom(value: SyntaxNode | null, container: string, fn: SyntaxNode | undefined): boolean {
  if (!value) return false;
  // Assignments in source order, up to the value: the last one of each name decides, and a value
  // computed from a derived name (`n = X.get(k, 0)`, `n = n + 1`) is derived too.
  const names = new Set([container]);
  for (const assignment of fn ? fn.descendantsOfType("assignment") : []) {
    if (assignment.startIndex >= value.startIndex) break;
    const left = assignment.childForFieldName("left");
    if (left?.type !== "identifier" || left.text === container) continue;
    if (referencesName(assignment.childForFieldName("right"), names)) names.add(left.text);
    else names.delete(left.text);
  }
  return referencesName(value, names);
}

function declaresGlobal(fn: SyntaxNode, name: string): boolean {
  return fn.descendantsOfType("global_statement").some((g) => g.namedChildren.some((c) => c.text === name));
}

/**
 * A memo: the same function also reads the container by key (`X.get(k)`, `X[k]`, `k in X`) — the
 * store-if-missing pattern of a cache.
 */
function readsSameKeyIn(fn: SyntaxNode, name: string): boolean {
  for (const id of fn.descendantsOfType("identifier")) {
    if (id.text !== name) continue;
    const parent = id.parent;
    if (parent?.type === "attribute" && attributeName(parent) === "get") return true;
    if (parent?.type === "subscript" && sameNode(parent.childForFieldName("value"), id)) {
      const holder = parent.parent;
      const isStore = (holder?.type === "assignment" || holder?.type === "augmented_assignment") && sameNode(holder.childForFieldName("left"), parent);
      if (!isStore) return true;
    }
    if (parent?.type === "comparison_operator" && /\bin\b/.test(parent.text)) return true;
  }
  return false;
}

/**
 * Functions of this file that run while it is imported: used as a decorator here (`@register`), or
 * called from module level (a registration loop, `setup()`), or passed to a module-level call.
 */
function functionsRunAtImport(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const fn of ctx.django.nodesOfType("function_definition")) {
    for (const d of decoratorsOf(fn)) {
      const target = decoratorTarget(d);
      if (target?.type === "identifier") out.add(target.text);
    }
  }
  for (const d of ctx.django.nodesOfType("decorated_definition")) {
    for (const dec of d.namedChildren.filter((c) => c.type === "decorator")) {
      const target = decoratorTarget(dec);
      if (target?.type === "identifier") out.add(target.text);
    }
  }
  for (const call of ctx.django.nodesOfType("call")) {
    if (enclosingFunction(call)) continue;
    const name = calleeName(call);
    if (name) out.add(name);
    for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) if (arg.type === "identifier") out.add(arg.text);
  }
  return out;
}

/** Hooks that run when a class statement runs, i.e. at import: `__init_subclass__`, `__set_name__`, a metaclass's `__new__` / `__init__`. */
const CLASS_HOOKS: ReadonlySet<string> = new Set(["__init_subclass__", "__set_name__"]);
const METACLASS_HOOKS: ReadonlySet<string> = new Set(["__new__", "__init__", "__prepare__"]);

function runsAtClassDefinition(fn: SyntaxNode): boolean {
  const name = fn.childForFieldName("name")?.text ?? "";
  if (CLASS_HOOKS.has(name)) return true;
  if (!METACLASS_HOOKS.has(name)) return false;
  const cls = classOfMethod(fn);
  // A metaclass: derives from `type` or from a class whose name says it is one (`DeclaredFieldsMetaclass`, `ABCMeta`, `ModelBase`).
  return cls !== undefined && classBases(cls).some((base) => /^(type|ABCMeta|ModelBase)$|Meta[Cc]lass$|Meta$/.test(base.text.split(".").pop() ?? ""));
}

/** `def register(name): def wrap(fn): REGISTRY[name] = fn; return fn; return wrap`: a decorator factory's inner function. */
function isDecoratorFactory(fn: SyntaxNode): boolean {
  const outer = enclosingFunction(fn);
  const returnsParam = (f: SyntaxNode): boolean => {
    const params = new Set((f.childForFieldName("parameters")?.namedChildren ?? []).map((p) => p.text.split(/[:=]/)[0]!.trim()));
    return f.descendantsOfType("return_statement").some((r) => {
      const value = r.namedChildren[0];
      return value?.type === "identifier" && params.has(value.text);
    });
  };
  return returnsParam(fn) || (outer !== undefined && REGISTRY_FUNCTION.test(outer.childForFieldName("name")?.text ?? ""));
}
