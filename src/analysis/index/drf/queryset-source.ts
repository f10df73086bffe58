/**
 * The rows a DRF view lists and what they eager-load, followed through the places real projects put
 * them (issue 9): `queryset =`, `get_queryset()` returning a chain, a helper method of the view
 * (`self.base_queryset()`), `super().get_queryset()` reaching a project base's `get_queryset`, a custom
 * manager or QuerySet method (`Order.objects.for_list()`), and a module function
 * (`visible_orders(user)`). Every step must be proven; anything else leaves the view unresolved with
 * the reason, never a guess.
 */
import type { IndexContext } from "../context.js";
import type { Expr } from "../expr.js";
import type { ModuleFacts } from "../facts.js";
import type { ModelInfo } from "../types.js";
import { NARROWING_METHODS, addLoadArgs, chainOf, emptyLoads, type LoadFacts } from "./loads.js";
import { CHAIN_METHODS, SERIALIZER_MODEL, type CallArgs, type QuerysetBodyFacts, type ReturnedChain } from "./method-facts.js";
import type { UnresolvedQueryset, ViewInfo, ViewQueryset } from "./types.js";
import { registeredFunctions, type FunctionRef } from "./registry.js";
import { LIST_NEUTRAL_VIEW_MIXINS } from "./library-views.js";

/** Helper calls followed from one view before giving up (a chain of helpers, a helper calling itself). */
const MAX_DEPTH = 5;

type Rows = { model: string; loads: LoadFacts };
type Resolution = Rows | { unresolved: string };
/** `absent`: a parameter the call leaves at its None default (`queryset if queryset is not None else …`): no rows. */
type Reading = Resolution | { absent: true };
/** A call of a function: its arguments and where they are read. */
type Call = { args: CallArgs; where: Where };

/** `self.tags.all()`-style roots on an object the index cannot type: the model the accessor lists, if known. */
export type RelatedRows = (accessor: string) => string | undefined;

/** Where a body runs: a method of the view (at `definer` in its MRO), a manager/QuerySet method over known rows, or a function. */
type Where =
  | { kind: "view"; definer: string; mod: ModuleFacts }
  | { kind: "rows"; rows: Rows; classQn: string; mod: ModuleFacts }
  | { kind: "function"; mod: ModuleFacts; params?: QuerysetBodyFacts["params"]; call?: Call };

interface ViewScope {
  ctx: IndexContext;
  models: ReadonlyMap<string, ModelInfo>;
  related: RelatedRows;
  mro: string[];
  attrs: ViewInfo["attrs"];
  /** The model of the view's list serializer (`Meta.model`), for `self.get_serializer_class().Meta.model`. */
  serializerModel: string | undefined;
}

export function querysetOf(ctx: IndexContext, mro: string[], attrs: ViewInfo["attrs"], models: ReadonlyMap<string, ModelInfo>, related: RelatedRows, serializerModel?: string): ViewQueryset | UnresolvedQueryset {
  const scope: ViewScope = { ctx, models, related, mro, attrs, serializerModel };
  const foreign = foreignViewBases(ctx, mro[0] ?? "");
  if (foreign.length > 0) {
    const model = ownQuerysetModel(scope);
    return { unresolved: `base class outside the project and DRF: ${foreign.join(", ")}`, ...(model ? { model } : {}) };
  }
  return projectQueryset(scope);
}

/** The rows the project's part of the view chain lists: its `get_queryset` (nearest in the MRO) or its `queryset =`. */
function projectQueryset(scope: ViewScope): ViewQueryset | UnresolvedQueryset {
  const { ctx, mro, attrs } = scope;
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  if (!definer) {
    const read = fromAttr(scope);
    if ("unresolved" in read) return read;
    const attr = attrs.get("queryset") ?? attrs.get("model");
    if (!attr) return { unresolved: "no queryset and no get_queryset" };
    return { ...read, origin: { kind: attrs.has("queryset") ? "attr" : "model", classQn: attr.classQn, path: attr.path, line: attr.line } };
  }
  const dpc = ctx.hierarchy.get(definer);
  if (!dpc?.cls.querysetBody) return { unresolved: "get_queryset not readable" };
  const read = resolveBody(scope, dpc.cls.querysetBody, { kind: "view", definer, mod: dpc.mod }, 0);
  if ("unresolved" in read) return read;
  return { ...read, origin: { kind: "get_queryset", classQn: definer, path: dpc.mod.path, line: dpc.cls.line } };
}

/**
 * The model of the view's own `queryset = Order.objects...` (in its class body, so no base overrides the
 * attribute), unless the project's `get_queryset` is read and lists another model. What a base outside
 * the project does to the rows (eager loads, filters) stays unknown; which table they come from does not.
 */
function ownQuerysetModel(scope: ViewScope): string | undefined {
  const attr = scope.attrs.get("queryset");
  if (!attr || attr.classQn !== scope.mro[0]) return undefined;
  const own = fromAttr(scope);
  if ("unresolved" in own) return undefined;
  const listed = projectQueryset(scope);
  return "unresolved" in listed || listed.model === own.model ? own.model : undefined;
}

/** The view's `queryset =` class attribute (along its MRO), else DRF 2's `model =` shortcut. */
function fromAttr(scope: ViewScope): Resolution {
  const attr = scope.attrs.get("queryset");
  if (!attr) return modelShortcut(scope) ?? { unresolved: "no queryset and no get_queryset" };
  const mod = scope.ctx.hierarchy.get(attr.classQn)?.mod;
  return mod ? readChain(scope, mod, attr.value) : { unresolved: "queryset not readable" };
}

function resolveBody(scope: ViewScope, body: QuerysetBodyFacts, where: Where, depth: number): Resolution {
  if (depth > MAX_DEPTH) return { unresolved: "get_queryset helpers nest too deeply" };
  if (body.dynamicLoads) return { unresolved: "get_queryset eager-loads paths that are not literals" };
  const loads = emptyLoads();
  mergeLoads(loads, body);
  for (const name of body.selfAttrLoads ?? []) {
    const path = selfAttrPath(scope, name, where);
    if (path === undefined) return { unresolved: `get_queryset eager-loads self.${name}, not a literal class attribute` };
    loads.loads.push(path);
  }
  const read = unionOf((function* () {
    for (const chain of body.chains) yield resolveChain(scope, chain, where, depth);
  })(), "get_queryset returns rows of different models");
  if (!read) return { unresolved: "get_queryset returns nothing readable" };
  if ("unresolved" in read) return read;
  mergeLoads(loads, read.loads);
  return { model: read.model, loads };
}

/**
 * Several readings as one (the returns of a body, the chains an argument may be, the functions of a
 * registry key): rows of one model with every reading's eager loads; absent readings add nothing
 * (undefined when all are absent); the first unresolved one, or rows of two models, leave it unresolved.
 */
function unionOf(readings: Iterable<Reading>, differ: string): Resolution | undefined {
  let rows: Rows | undefined;
  for (const read of readings) {
    if ("absent" in read) continue;
    if ("unresolved" in read) return read;
    if (rows && rows.model !== read.model) return { unresolved: differ };
    rows ??= { model: read.model, loads: emptyLoads() };
    mergeLoads(rows.loads, read.loads);
  }
  return rows;
}

function resolveChain(scope: ViewScope, chain: ReturnedChain, where: Where, depth: number): Reading {
  let rows: Reading = resolveRoot(scope, chain, where, depth);
  for (const method of chain.custom) {
    if ("unresolved" in rows || "absent" in rows) return rows;
    rows = customMethod(scope, rows, method, depth);
  }
  return rows;
}

function resolveRoot(scope: ViewScope, chain: ReturnedChain, where: Where, depth: number): Reading {
  const { ctx } = scope;
  const { root } = chain;
  const call = chain.args ? { args: chain.args, where } : undefined;
  if (root === "none") return { absent: true };
  if (root.startsWith("param:")) return fromArgument(scope, root.slice("param:".length), where, depth);
  if (root.startsWith("registry:")) return fromRegistry(scope, root, where, call, depth);
  if (where.kind === "rows" && (root === "self" || root === "super" || root === "call:self.get_queryset" || root === "call:self.all")) return where.rows;
  if (root === "super" && where.kind === "view") {
    // The next get_queryset up the chain, or DRF's own (which returns `queryset`).
    const after = scope.mro.slice(scope.mro.indexOf(where.definer) + 1);
    const next = after.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
    const npc = next ? ctx.hierarchy.get(next) : undefined;
    if (!next || !npc?.cls.querysetBody) return fromAttr(scope);
    return resolveBody(scope, npc.cls.querysetBody, { kind: "view", definer: next, mod: npc.mod }, depth + 1);
  }
  if (root === "self.queryset" && where.kind === "view") return fromAttr(scope);
  if (root.startsWith("call:self.")) {
    const method = root.slice("call:self.".length);
    if (method.includes(".")) return { unresolved: `get_queryset calls ${root.slice(5)}` };
    return selfMethod(scope, method, where, depth);
  }
  if (root.startsWith("call:")) {
    const fn = functionChains(ctx, where.mod, root.slice(5));
    if (!fn) return { unresolved: `get_queryset calls ${root.slice(5)} (may eager-load)` };
    return resolveBody(scope, fn.facts, { kind: "function", mod: fn.mod, ...(fn.facts.params ? { params: fn.facts.params } : {}), ...(call ? { call } : {}) }, depth + 1);
  }
  if (root.startsWith(`${SERIALIZER_MODEL}.`) && (where.kind !== "view" || !scope.serializerModel)) return { unresolved: "get_queryset lists the serializer's model, which is not known" };
  const selfModel = where.kind === "view" ? /^self\.(\w+)\.\w+$/.exec(root) : null;
  const viewModel = selfModel ? viewModelAttr(scope, selfModel[1] ?? "") : undefined;
  if (viewModel) return readChain(scope, where.mod, { t: "name", dotted: root, text: root }, viewModel);
  if (root.startsWith("other:") || root === "self" || root === "super" || root === "self.queryset") return { unresolved: `get_queryset returns ${root.replace(/^other:/, "")}` };
  return readChain(scope, where.mod, { t: "name", dotted: root, text: root });
}

/**
 * `select_related(self.tournament_field)` in a method of the view: the string the concrete view's
 * class attribute holds (its MRO, own class first), unless a class on the way makes it a method or property.
 */
function selfAttrPath(scope: ViewScope, name: string, where: Where): string | undefined {
  if (where.kind !== "view") return undefined;
  const attr = scope.attrs.get(name);
  if (attr?.value.t !== "str") return undefined;
  const owner = scope.mro.indexOf(attr.classQn);
  const shadowed = scope.mro.slice(0, owner).some((c) => {
    const cls = scope.ctx.hierarchy.get(c)?.cls;
    return cls?.methods.includes(name) || cls?.properties.includes(name);
  });
  return shadowed ? undefined : attr.value.value;
}

/** `self.<method>()`: the view's helper (or `get_queryset` itself), or a manager method over the same rows. */
function selfMethod(scope: ViewScope, method: string, where: Where, depth: number): Resolution {
  const { ctx } = scope;
  if (where.kind === "function") return { unresolved: `get_queryset calls self.${method}` };
  const mro = where.kind === "view" ? scope.mro : ctx.hierarchy.mro(where.classQn);
  for (const c of mro) {
    const pc = ctx.hierarchy.get(c);
    const body = method === "get_queryset" && where.kind === "view" ? pc?.cls.querysetBody : pc?.cls.methodChains?.get(method);
    if (!pc || !body) continue;
    const next: Where = where.kind === "view" ? { kind: "view", definer: c, mod: pc.mod } : { ...where, classQn: c, mod: pc.mod };
    return resolveBody(scope, body, next, depth + 1);
  }
  if (method === "get_queryset" && where.kind === "view") return fromAttr(scope);
  return { unresolved: `get_queryset calls self.${method} (not a readable helper)` };
}

/** `Order.objects.for_list()`: a method of the model's manager or QuerySet class that returns its own rows, refined. */
function customMethod(scope: ViewScope, rows: Rows, method: string, depth: number): Resolution {
  const { ctx } = scope;
  for (const classQn of managerClassesOf(ctx, rows.model)) {
    for (const c of ctx.hierarchy.mro(classQn)) {
      const pc = ctx.hierarchy.get(c);
      const body = pc?.cls.methodChains?.get(method);
      if (!pc || !body) continue;
      const read = resolveBody(scope, body, { kind: "rows", rows, classQn: c, mod: pc.mod }, depth + 1);
      if ("unresolved" in read) return read;
      if (read.model !== rows.model) return { unresolved: `${method}() returns rows of another model` };
      const loads = emptyLoads();
      mergeLoads(loads, rows.loads);
      mergeLoads(loads, read.loads);
      return { model: rows.model, loads };
    }
  }
  return { unresolved: `get_queryset calls ${method} (may eager-load)` };
}

/** Project manager and QuerySet classes a model's managers are built from (`X()`, `Q.as_manager()`, `B.from_queryset(Q)()`). */
function managerClassesOf(ctx: IndexContext, model: string): string[] {
  const out: string[] = [];
  for (const c of ctx.hierarchy.mro(model)) {
    const pc = ctx.hierarchy.get(c);
    for (const attr of pc?.cls.attrs ?? []) if (pc) out.push(...classesIn(ctx, pc.mod, attr.value, 0));
  }
  return [...new Set(out)];
}

function classesIn(ctx: IndexContext, mod: ModuleFacts, value: Expr, depth: number): string[] {
  if (value.t !== "call" || depth > 2) return [];
  const fn = value.fn;
  const classAt = (dotted: string): string[] => {
    const r = ctx.symbols.resolveIn(mod, dotted);
    if (r?.kind === "class") return [r.qn];
    return r?.kind === "value" ? classesIn(ctx, r.mod, r.expr, depth + 1) : [];
  };
  if (fn.t === "call") return classesIn(ctx, mod, fn, depth + 1);
  if (fn.t !== "name") return [];
  if (fn.dotted.endsWith(".as_manager")) return classAt(fn.dotted.slice(0, -".as_manager".length));
  if (fn.dotted.endsWith(".from_queryset")) {
    const qs = value.args[0];
    return [...classAt(fn.dotted.slice(0, -".from_queryset".length)), ...(qs?.t === "name" ? classAt(qs.dotted) : [])];
  }
  return classAt(fn.dotted);
}

/** A module function the index read (`visible_orders` here, `queries.visible_orders`, or an imported name). */
function functionChains(ctx: IndexContext, mod: ModuleFacts, dotted: string): { facts: QuerysetBodyFacts; mod: ModuleFacts } | undefined {
  const fn = functionAt(ctx, mod, dotted);
  const facts = fn?.mod.functionChains?.get(fn.name);
  return fn && facts ? { facts, mod: fn.mod } : undefined;
}

/** Where a function name used in `mod` is defined: this module (not imported), an imported name, or `module.name`. */
function functionAt(ctx: IndexContext, mod: ModuleFacts, dotted: string): FunctionRef | undefined {
  const cut = dotted.lastIndexOf(".");
  const name = dotted.slice(cut + 1);
  if (cut < 0) {
    const target = mod.imports.names.get(name);
    if (!target) return { mod, name };
    if (!target.includes(".")) return undefined;
    const owner = ctx.symbols.resolveDotted(target.slice(0, target.lastIndexOf(".")));
    return owner?.kind === "module" ? { mod: owner.mod, name: target.slice(target.lastIndexOf(".") + 1) } : undefined;
  }
  const owner = ctx.symbols.resolveIn(mod, dotted.slice(0, cut));
  return owner?.kind === "module" ? { mod: owner.mod, name } : undefined;
}

/** `param:x` in a function: the caller's argument for `x`, read where the call is. */
function fromArgument(scope: ViewScope, name: string, where: Where, depth: number): Reading {
  if (where.kind !== "function" || !where.call || !where.params) return { unresolved: `get_queryset returns the argument ${name}, and the call is not known` };
  const { args, where: caller } = where.call;
  const index = where.params.findIndex((p) => p.name === name);
  const positional = index >= 0 && !where.params.slice(0, index).some((p) => p.name === "*") ? args.positional[index] : undefined;
  const chains = args.keyword[name] ?? positional;
  if (!chains) return !args.splat && where.params[index]?.none ? { absent: true } : { unresolved: `the argument ${name} is not known` };
  if (depth > MAX_DEPTH) return { unresolved: "get_queryset helpers nest too deeply" };
  const read = unionOf((function* () {
    for (const chain of chains) yield resolveChain(scope, chain, caller, depth + 1);
  })(), `the argument ${name} holds rows of different models`);
  return read ?? (chains.length > 0 ? { absent: true } : { unresolved: `the argument ${name} is not known` });
}

/** `registry:<getter>:<key>`: every function the project registers under the key, called as the helper calls it. */
function fromRegistry(scope: ViewScope, root: string, where: Where, call: Call | undefined, depth: number): Resolution {
  const [, getter = "", ...rest] = root.split(":");
  const key = rest.join(":");
  const fns = registeredFunctions(scope.ctx, where.mod, getter, key, (mod, dotted) => functionAt(scope.ctx, mod, dotted));
  if (!fns) return { unresolved: `get_queryset calls the function registered as ${key}, which is not known` };
  const read = unionOf((function* (): Generator<Reading> {
    for (const fn of fns) {
      const facts = fn.mod.functionChains?.get(fn.name);
      yield facts
        ? resolveBody(scope, facts, { kind: "function", mod: fn.mod, ...(facts.params ? { params: facts.params } : {}), ...(call ? { call } : {}) }, depth + 1)
        : { unresolved: `${fn.name}, registered as ${key}, does not return a readable queryset` };
    }
  })(), `the functions registered as ${key} return rows of different models`);
  return read ?? { unresolved: `nothing is registered as ${key}` };
}

/** Non-DRF, non-Django bases outside the project (a library mixin may rewrite get_queryset). */
function foreignViewBases(ctx: IndexContext, qn: string): string[] {
  return ctx.hierarchy.leafBases(qn).flatMap((b) => {
    if (b.kind === "unresolved") return [b.text];
    return /^(rest_framework|django|builtins|typing|abc)\./.test(b.dotted) || LIST_NEUTRAL_VIEW_MIXINS.has(b.dotted) ? [] : [b.dotted];
  });
}

/**
 * DRF 2's `GenericAPIView.get_queryset()` lists `self.model._default_manager.all()` when the view has
 * no `queryset` (DRF 3.0 removed the shortcut): the model a `model =` class attribute names, with its
 * default manager's eager loads, unless the project's DRF is proven 3.0 or later.
 */
function modelShortcut(scope: ViewScope): Rows | undefined {
  if (scope.ctx.versions?.package("djangorestframework")?.atLeast("3.0") !== false) return undefined;
  const model = viewModelAttr(scope, "model");
  const info = model ? scope.models.get(model) : undefined;
  if (!model || !info) return undefined;
  const loads = emptyLoads();
  const manager = info.managers.values().next().value;
  if (manager) {
    loads.loads.push(...manager.eagerLoads);
    loads.selectsAll ||= manager.selectsAllRelated;
  }
  return { model, loads };
}

function mergeLoads(into: LoadFacts, from: LoadFacts): void {
  into.loads.push(...from.loads);
  into.toAttrs.push(...from.toAttrs);
  into.opaque.push(...from.opaque);
  into.selectsAll ||= from.selectsAll;
  into.dynamicLoads ||= from.dynamicLoads;
  if (from.narrowed) into.narrowed = true;
}

function resolveModel(ctx: IndexContext, mod: ModuleFacts, dotted: string, models: ReadonlyMap<string, ModelInfo>): string | undefined {
  const r = ctx.symbols.resolveIn(mod, dotted);
  return r?.kind === "class" && models.has(r.qn) ? r.qn : undefined;
}

/**
 * `self.model` in a view method: the model a view attribute names, from the first class of the concrete
 * view's MRO that defines it: a class attribute (`model = Speaker`) or a property that returns the
 * serializer's model. Anything else (another property, a method) is not a model the index knows.
 */
function viewModelAttr(scope: ViewScope, name: string): string | undefined {
  for (const c of scope.mro) {
    const pc = scope.ctx.hierarchy.get(c);
    if (!pc) continue;
    if (pc.cls.serializerModelProperties?.includes(name)) return scope.serializerModel;
    if (pc.cls.properties.includes(name) || pc.cls.methods.includes(name)) return undefined;
    const attr = pc.cls.attrs.find((a) => a.name === name);
    if (attr) return attr.value.t === "name" ? resolveModel(scope.ctx, pc.mod, attr.value.dotted, scope.models) : undefined;
  }
  return undefined;
}

/** `Order.objects.select_related("a").filter(...)`: the model, its manager's and the chain's eager loads. */
function readChain(scope: ViewScope, mod: ModuleFacts, expr: Expr, rootModel?: string): Resolution {
  const { ctx, models } = scope;
  const chain = chainOf(expr);
  if (!chain) return { unresolved: `queryset ${expr.text.slice(0, 60)} not readable` };
  const parts = chain.root.split(".");
  const managerName = parts.pop() ?? "";
  const modelRef = parts.join(".");
  let model = rootModel ?? (modelRef === SERIALIZER_MODEL ? scope.serializerModel : modelRef ? resolveModel(ctx, mod, modelRef, models) : undefined);
  let viaRelation = false;
  if (!model && modelRef.startsWith("self.")) {
    model = scope.related(managerName);
    viaRelation = model !== undefined;
  }
  const info = model ? models.get(model) : undefined;
  if (!model || !info) return { unresolved: `queryset root ${chain.root} is not a known model's manager` };
  // A related manager is built on the target's default manager (its eager loads apply).
  const manager = viaRelation ? info.managers.values().next().value : info.managers.get(managerName);
  if (!manager && managerName !== "objects" && !viaRelation) return { unresolved: `manager ${managerName} of ${info.name} not known` };
  const loads = emptyLoads();
  if (manager) {
    loads.loads.push(...manager.eagerLoads);
    loads.selectsAll ||= manager.selectsAllRelated;
  }
  let rows: Resolution = { model, loads };
  for (const step of chain.calls) {
    if ("unresolved" in rows) return rows;
    if (!CHAIN_METHODS.has(step.method)) {
      rows = customMethod(scope, rows, step.method, 0);
      continue;
    }
    if (step.method === "select_related" || step.method === "prefetch_related") addLoadArgs(step.method, step.args, step.hasSplat, rows.loads);
    if (NARROWING_METHODS.has(step.method)) rows.loads.narrowed = true;
  }
  if ("unresolved" in rows) return rows;
  if (rows.loads.dynamicLoads) return { unresolved: "queryset eager-loads paths that are not literals" };
  return rows;
}

