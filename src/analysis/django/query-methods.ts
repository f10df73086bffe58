/**
 * Calls of project methods that return QuerySets, as the index summarised them: custom manager and
 * QuerySet methods (`Order.objects.open()`, `customer.orders.open()`), model classmethods
 * (`Msg.for_org(org)`) and model methods over a relation of the row (`channel.recent_syncs()`).
 * The summary's eager loads, filters and `only()` count in coverage and uniqueness (`coverage.ts`,
 * `rows.ts`); a method whose returns could not all be read is not in the index and stays unknown.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex, QueryMethod } from "../index/types.js";
import type { QuerySetInfo } from "./types.js";
import type { FileState } from "./state.js";
import { relatedModel } from "./relations.js";
import { BUILTIN_MANAGERS, defaultManager, isRelatedManager } from "./querysets.js";

/** A custom manager / QuerySet method applied to `base` (`base.open()`), as a chain call. */
export function customChainCall(base: QuerySetInfo, name: string, call: SyntaxNode, args: SyntaxNode): QuerySetInfo | undefined {
  const method = base.manager?.queryMethods?.get(name);
  if (!method) return undefined;
  // A plain Manager subclass's own methods are gone after the first QuerySet method.
  if (!method.onQuerySet && (base.calls.length > 0 || base.sliced || base.root === "annotation")) return undefined;
  return { ...base, calls: [...base.calls, { name, node: call, args, method }] };
}

/** `Model.method(...)` / `row.method(...)` where the index knows the method returns a QuerySet. */
export function modelMethodCall(s: FileState, call: SyntaxNode, object: SyntaxNode, name: string, args: SyntaxNode): QuerySetInfo | undefined {
  if (!methodNames(s.index).has(name)) return undefined;
  const model = s.facts.modelOf(object);
  if (model) {
    const method = model.queryMethods?.get(name);
    return method && method.binding !== "instance" ? managerRows(s, model, name, method, call, args) : undefined;
  }
  const instance = s.facts.instanceOf(object);
  const method = instance?.model.queryMethods?.get(name);
  if (!instance || !method) return undefined;
  if (method.rows.k === "manager") return managerRows(s, instance.model, name, method, call, args);
  if (method.rows.k !== "relation") return undefined;
  const access = s.facts.relation(instance.model, method.rows.attr);
  const isManager = access && isRelatedManager(access);
  const target = isManager ? relatedModel(s.index, access) : undefined;
  if (!access || !target) return undefined;
  const manager = defaultManager(target);
  return {
    model: target,
    root: "related-manager",
    ...(manager ? { manager } : {}),
    calls: [{ name, node: call, args, method }],
    rootNode: call,
    definitions: [],
    returnedBy: call,
    via: { instance, relation: access },
  };
}

function managerRows(s: FileState, called: ModelInfo, name: string, method: QueryMethod, call: SyntaxNode, args: SyntaxNode): QuerySetInfo | undefined {
  if (method.rows.k !== "manager") return undefined;
  const model = method.rows.model === undefined ? called : s.index.models.get(method.rows.model);
  const managerName = method.rows.manager;
  if (!model || (!BUILTIN_MANAGERS.has(managerName) && !model.managers.has(managerName))) return undefined;
  const manager = model.managers.get(managerName) ?? (managerName === "_default_manager" ? defaultManager(model) : undefined);
  return { model, root: "manager", ...(manager ? { manager } : {}), calls: [{ name, node: call, args, method }], rootNode: call, definitions: [], returnedBy: call };
}

/** Names of every model's QuerySet-returning methods: most calls are not one, and are rejected by name. */
function methodNames(index: ProjectIndex): ReadonlySet<string> {
  let names = namesByIndex.get(index);
  if (!names) {
    names = new Set();
    for (const model of index.models.values()) for (const name of model.queryMethods?.keys() ?? []) names.add(name);
    namesByIndex.set(index, names);
  }
  return names;
}

const namesByIndex = new WeakMap<ProjectIndex, Set<string>>();
