/**
 * QuerySet chains: `M.objects…`, `obj.items…` (related managers of known instances), QS-variables
 * (a name bound exactly once to a QuerySet) and parameters annotated `QuerySet[M]`, through the
 * methods that return a QuerySet. Anything else, including unknown custom manager methods, is undefined.
 */
import type { SyntaxNode } from "../parser.js";
import type { ManagerInfo, ModelInfo } from "../index/types.js";
import type { QuerySetInfo, RelationAccess } from "./types.js";
import type { FileState } from "./state.js";
import { relatedModel } from "./relations.js";
import { baseNames, classAssignment, classOfSelf, usesPlainQuerysetAttribute } from "./classes.js";
import { dottedParts, positionalArgs, unwrapParens } from "./syntax.js";
import { reboundQuerySet } from "./rebound-querysets.js";
import { QUERYSET_METHODS } from "../index/returned-chains.js";
import { returnedQuerySet } from "./returned-querysets.js";
import { customChainCall, modelMethodCall } from "./query-methods.js";
import { callerQuerySet } from "./caller-params.js";
import { adminActionModel } from "./admin-classes.js";
import type { Binding } from "./bindings.js";
import { defaultAccessorManager } from "./default-accessors.js";

/** Methods that return a QuerySet of the same rows (or dicts/tuples for values*): the index's list. */
export { QUERYSET_METHODS };

/** Manager names every model has (besides the custom ones in ModelInfo.managers). */
export const BUILTIN_MANAGERS: ReadonlySet<string> = new Set(["objects", "_default_manager", "_base_manager"]);

export function querySetOf(s: FileState, expr: SyntaxNode): QuerySetInfo | undefined {
  const e = unwrapParens(expr);
  switch (e.type) {
    case "call":
      return methodCall(s, e) ?? viewQueryset(s, e) ?? returnedQuerySet(s, e);
    case "subscript": {
      // `qs[:10]` is still a QuerySet; `qs[0]` is an instance.
      const subscripts = e.childrenForFieldName("subscript");
      const value = e.childForFieldName("value");
      if (!value || subscripts.length !== 1 || subscripts[0]?.type !== "slice") return undefined;
      const inner = s.facts.querySetOf(value);
      return inner && { ...inner, sliced: true };
    }
    case "attribute":
      return managerAccess(s, e) ?? relatedManager(s, e) ?? viewQueryset(s, e) ?? defaultAccessorManager(s, e);
    case "identifier":
      return variable(s, e);
    default:
      return undefined;
  }
}

/**
 * The expression is a Manager itself (`M.objects`, `order.items`, a name bound to one), not a QuerySet:
 * no method was called on it. A Manager has no `__bool__`, `__len__` or `__iter__`: truth-testing it
 * is always true and runs no query, iterating it raises TypeError.
 */
export function isBareManager(qs: QuerySetInfo): boolean {
  return qs.root !== "annotation" && qs.calls.length === 0 && !qs.sliced;
}

/** The manager a model uses by default (its first declared one), which related managers subclass. */
export function defaultManager(model: ModelInfo): ManagerInfo | undefined {
  return model.managers.values().next().value;
}

function methodCall(s: FileState, call: SyntaxNode): QuerySetInfo | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (fn?.type !== "attribute" || !args) return undefined;
  const name = fn.childForFieldName("attribute")?.text;
  const object = fn.childForFieldName("object");
  if (!name || !object) return undefined;
  const base = s.facts.querySetOf(object);
  if (!base) return modelMethodCall(s, call, object, name, args);
  const isQuerySetMethod =
    QUERYSET_METHODS.has(name) || (name === "get_queryset" && base.calls.length === 0 && base.root !== "annotation" && positionalArgs(args).length === 0);
  if (!isQuerySetMethod) return customChainCall(base, name, call, args);
  return { ...base, calls: [...base.calls, { name, node: call, args }] };
}

/** `M.objects`, `M._default_manager`, `M.<custom manager>`. */
function managerAccess(s: FileState, attr: SyntaxNode): QuerySetInfo | undefined {
  const object = attr.childForFieldName("object");
  const name = attr.childForFieldName("attribute")?.text;
  if (!object || !name) return undefined;
  const model = s.facts.modelOf(object);
  if (!model || (!BUILTIN_MANAGERS.has(name) && !model.managers.has(name))) return undefined;
  const manager = model.managers.get(name) ?? (name === "_default_manager" ? defaultManager(model) : undefined);
  return { model, root: "manager", ...(manager ? { manager } : {}), calls: [], rootNode: attr, definitions: [] };
}

/** A relation whose accessor is a manager: many-to-many, a reverse FK, a generic relation. */
export function isRelatedManager(access: RelationAccess): boolean {
  return access.kind === "m2m" || access.kind === "generic" || (access.kind === "reverse" && access.relation.kind !== "reverse-o2o");
}

/** `order.items` where order is a known instance and items a reverse-FK or many-to-many accessor. */
function relatedManager(s: FileState, attr: SyntaxNode): QuerySetInfo | undefined {
  const object = attr.childForFieldName("object");
  const name = attr.childForFieldName("attribute")?.text;
  if (!object || !name) return undefined;
  const instance = s.facts.instanceOf(object);
  if (!instance) return undefined;
  const access = s.facts.relation(instance.model, name);
  if (!access) return undefined;
  const isManager = isRelatedManager(access);
  if (!isManager) return undefined;
  const model = relatedModel(s.index, access);
  if (!model) return undefined;
  const manager = defaultManager(model);
  return {
    model,
    root: "related-manager",
    ...(manager ? { manager } : {}),
    calls: [],
    rootNode: attr,
    definitions: [],
    via: { instance, relation: access },
  };
}

/** A QS-variable (bound exactly once to a QuerySet), or a parameter / variable annotated `QuerySet[M]`. */
function variable(s: FileState, id: SyntaxNode): QuerySetInfo | undefined {
  const binding = s.scopes.onlyBinding(id);
  if (!binding) return reboundVariable(s, id);
  if (binding.kind === "assign" && binding.value && binding.statement) {
    const inner = s.facts.querySetOf(binding.value);
    if (inner) return { ...inner, definitions: [binding.statement, ...inner.definitions] };
  }
  if ((binding.kind === "assign" || binding.kind === "param") && binding.annotation) {
    const model = annotatedModel(s, binding.annotation);
    if (model) return { model, root: "annotation", calls: [], rootNode: binding.node, definitions: [] };
  }
  return binding.kind === "param" ? (adminActionRows(s, binding) ?? selfQuerySet(s, id) ?? callerQuerySet(s, binding)) : undefined;
}

/**
 * `self` in a method of a QuerySet class of this file that exactly one concrete model's manager is built
 * from (`objects = OrderQuerySet.as_manager()`, `Manager.from_queryset(OrderQuerySet)()`): a QuerySet of
 * that model whose chain so far is the caller's (`fromCaller`: its eager loading is unknown). A class
 * shared by several models (an abstract base's manager) or named alike in two places stays unknown.
 */
function selfQuerySet(s: FileState, id: SyntaxNode): QuerySetInfo | undefined {
  const cls = classOfSelf(s, id);
  if (!cls) return undefined;
  // Every `self` of every method of the class asks the same: the class's model is found once per file.
  let byClass = selfModels.get(s);
  if (!byClass) selfModels.set(s, (byClass = new Map()));
  let only = byClass.get(cls.id);
  if (only === undefined) byClass.set(cls.id, (only = managedModelOf(s, cls) ?? null));
  return only ? { model: only.model, root: "annotation", manager: only.manager, calls: [], rootNode: id, definitions: [], fromCaller: true } : undefined;
}

const selfModels = new WeakMap<FileState, Map<number, { model: ModelInfo; manager: ManagerInfo } | null>>();

/** The one concrete model whose manager is built from `cls`, a module-level QuerySet class of this file. */
function managedModelOf(s: FileState, cls: SyntaxNode): { model: ModelInfo; manager: ManagerInfo } | undefined {
  const name = cls.childForFieldName("name")?.text;
  if (!name || !baseNames(cls).some((b) => b.endsWith("QuerySet")) || s.scopes.scopeOf(cls).type !== "module") return undefined;
  const built = new RegExp(`(?:^|[.\\s(])${name}\\.as_manager\\(|from_queryset\\(\\s*(?:[\\w.]+\\.)?${name}\\s*\\)`);
  const found: { model: ModelInfo; manager: ManagerInfo }[] = [];
  for (const model of s.index.models.values()) {
    const manager = [...model.managers.values()].find((m) => m.className !== undefined && built.test(m.className));
    if (manager) found.push({ model, manager });
  }
  const only = found.length === 1 ? found[0] : undefined;
  return only && !only.model.isAbstract ? only : undefined;
}

/** `queryset` of an admin action: the rows an admin ticked in the change list of the admin's model (admin-classes.ts). */
function adminActionRows(s: FileState, binding: Binding): QuerySetInfo | undefined {
  if (binding.name !== "queryset" || binding.node.type !== "identifier") return undefined;
  const fn = binding.node.parent?.parent;
  const model = fn?.type === "function_definition" ? adminActionModel(s.facts, fn) : undefined;
  const manager = model ? defaultManager(model) : undefined;
  return model ? { model, root: "annotation", ...(manager ? { manager } : {}), calls: [], rootNode: binding.node, definitions: [] } : undefined;
}

function reboundVariable(s: FileState, id: SyntaxNode): QuerySetInfo | undefined {
  if (s.scopes.declaredNonLocal.has(id.text)) return undefined;
  const found = s.scopes.lookup(id);
  return found && found.bindings.length > 1 ? reboundQuerySet(s, id.text, found.bindings) : undefined;
}

/** `QuerySet[M]` / `models.QuerySet[M]` in a `type` node. String annotations are not resolved. */
function annotatedModel(s: FileState, typeNode: SyntaxNode): ModelInfo | undefined {
  const generic = genericAnnotation(typeNode);
  if (generic?.name !== "QuerySet") return undefined;
  return s.facts.modelOf(generic.argument);
}

/**
 * `Name[X]` / `pkg.Name[X]` in a `type` node, with exactly one type argument (`tuple[X, ...]` counts
 * as one): the generic's last dotted name and the argument expression.
 */
export function genericAnnotation(typeNode: SyntaxNode): { name: string; argument: SyntaxNode } | undefined {
  const t = typeNode.namedChildren[0];
  if (!t) return undefined;
  let generic: SyntaxNode | undefined;
  let argument: SyntaxNode | undefined;
  if (t.type === "generic_type") {
    generic = t.namedChildren[0];
    const params = t.namedChildren.find((c) => c.type === "type_parameter");
    const types = params?.namedChildren.filter((c) => c.type === "type") ?? [];
    argument = types.length === 1 ? types[0]?.namedChildren[0] : undefined;
  } else if (t.type === "subscript") {
    generic = t.childForFieldName("value") ?? undefined;
    const subs = t.childrenForFieldName("subscript");
    argument = subs.length === 1 ? subs[0] : undefined;
  }
  const parts = generic ? dottedParts(generic) : undefined;
  const name = parts?.[parts.length - 1];
  return argument && name ? { name, argument } : undefined;
}

/**
 * `self.queryset` / `self.get_queryset()` in a view whose class sets `queryset = M.objects…` and
 * cannot override get_queryset (no override in it or same-file bases; other bases are Django/DRF).
 */
function viewQueryset(s: FileState, e: SyntaxNode): QuerySetInfo | undefined {
  let self: SyntaxNode | null = null;
  if (e.type === "attribute" && e.childForFieldName("attribute")?.text === "queryset") {
    self = e.childForFieldName("object");
  } else if (e.type === "call") {
    const fn = e.childForFieldName("function");
    const noArgs = (e.childForFieldName("arguments")?.namedChildren.length ?? 1) === 0;
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get_queryset" && noArgs) {
      self = fn.childForFieldName("object");
    }
  }
  if (self?.type !== "identifier") return undefined;
  const cls = classOfSelf(s, self);
  if (!cls || !usesPlainQuerysetAttribute(s, cls)) return undefined;
  const assignment = classAssignment(s, cls, "queryset");
  if (!assignment?.value || !assignment.statement) return undefined;
  const inner = s.facts.querySetOf(assignment.value);
  return inner && { ...inner, definitions: [assignment.statement, ...inner.definitions] };
}
