/**
 * Builds the DRF graph from module facts (issue 9): which project classes are serializers and views,
 * what each serializer renders, and which queryset and serializer each view lists with. Resolution
 * goes through the same Symbols and Hierarchy as the models, so a serializer declared in
 * `api/serializers.py` and used by a viewset in `api/views.py` are linked across files.
 */
import type { IndexContext } from "../context.js";
import type { Expr } from "../expr.js";
import { lastName } from "../expr.js";
import type { ModuleFacts } from "../facts.js";
import type { ModelInfo } from "../types.js";
import { addLoadArgs, chainOf, emptyLoads, type LoadFacts } from "./loads.js";
import { CHAIN_METHODS } from "./method-facts.js";
import type { DrfIndex, SerializerField, SerializerInfo, ViewInfo, ViewQueryset } from "./types.js";

/** DRF bases whose `list()` renders many rows through the serializer. */
const LIST_BASES = new Set(["ListModelMixin", "ListAPIView", "ListCreateAPIView", "ModelViewSet", "ReadOnlyModelViewSet"]);
const VIEW_BASES = new Set([
  ...LIST_BASES, "GenericAPIView", "GenericViewSet", "APIView", "ViewSet", "ViewSetMixin", "RetrieveAPIView", "CreateAPIView",
  "RetrieveUpdateAPIView", "RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView", "UpdateAPIView", "DestroyAPIView",
  "RetrieveModelMixin", "CreateModelMixin", "UpdateModelMixin", "DestroyModelMixin",
]);
/** Related fields that render the primary key only unless told otherwise (`use_pk_only_optimization`). */
const PK_ONLY_FIELDS = new Set(["PrimaryKeyRelatedField", "HyperlinkedRelatedField", "HyperlinkedIdentityField"]);
const RELATED_FIELDS = new Set([...PK_ONLY_FIELDS, "StringRelatedField", "SlugRelatedField", "RelatedField", "ManyRelatedField"]);
/** Names of helpers that eager-load for a serializer (drf-serializer-prefetch, django-auto-prefetching, ...). */
const AUTO_PREFETCH = /prefetch|eager|optimi[sz]|select_related/i;

export function buildDrfIndex(ctx: IndexContext, models: ReadonlyMap<string, ModelInfo>): DrfIndex {
  const serializers = new Map<string, SerializerInfo>();
  const views = new Map<string, ViewInfo>();
  const kinds = new Map<string, "serializer" | "view">();
  for (const pc of ctx.hierarchy.all()) {
    const kind = drfKind(ctx, pc.qn);
    if (kind) kinds.set(pc.qn, kind);
  }
  for (const [qn, kind] of kinds) if (kind === "serializer") serializers.set(qn, readSerializer(ctx, qn, kinds, models));
  for (const [qn, kind] of kinds) if (kind === "view") views.set(qn, readView(ctx, qn, serializers, models));
  const byPath = <T extends { path: string }>(map: Map<string, T>) => {
    const out = new Map<string, T[]>();
    for (const v of map.values()) out.set(v.path, [...(out.get(v.path) ?? []), v]);
    return (path: string) => out.get(path) ?? [];
  };
  return { serializers, views, viewsIn: byPath(views), serializersIn: byPath(serializers) };
}

export function emptyDrfIndex(): DrfIndex {
  return { serializers: new Map(), views: new Map(), viewsIn: () => [], serializersIn: () => [] };
}

function drfBasesOf(ctx: IndexContext, qn: string): string[] {
  return ctx.hierarchy.leafBases(qn).flatMap((b) => (b.kind === "external" && b.dotted.startsWith("rest_framework.") ? [b.dotted.slice(b.dotted.lastIndexOf(".") + 1)] : []));
}

function drfKind(ctx: IndexContext, qn: string): "serializer" | "view" | undefined {
  const names = drfBasesOf(ctx, qn);
  if (names.some((n) => /Serializer$/.test(n))) return "serializer";
  if (names.some((n) => VIEW_BASES.has(n))) return "view";
  return undefined;
}

function readSerializer(ctx: IndexContext, qn: string, kinds: Map<string, string>, models: ReadonlyMap<string, ModelInfo>): SerializerInfo {
  const pc = ctx.hierarchy.get(qn);
  if (!pc) throw new Error(`serializer ${qn} vanished`);
  const mro = ctx.hierarchy.mro(qn);
  const leaves = ctx.hierarchy.leafBases(qn);
  const foreignBases = leaves.flatMap((b) => (b.kind === "external" && b.dotted.startsWith("rest_framework.") ? [] : [b.kind === "external" ? b.dotted : b.text]));
  const autoPrefetch = [...foreignBases, ...mro].some((name) => AUTO_PREFETCH.test(name.slice(name.lastIndexOf(".") + 1)));
  const methods = new Set<string>();
  for (const c of mro) for (const m of ctx.hierarchy.get(c)?.cls.methods ?? []) methods.add(m);
  const info: SerializerInfo = {
    qn,
    name: pc.cls.name,
    path: pc.mod.path,
    line: pc.cls.line,
    exclude: [],
    depth: 0,
    declared: new Map(),
    autoPrefetch: autoPrefetch || methods.has("setup_eager_loading"),
    foreignBases: foreignBases.filter((b) => !/^builtins\./.test(b)),
    methods,
  };
  // Declared fields: bases first, the class's own last (Python attribute lookup order).
  for (const c of [...mro].reverse()) {
    const cpc = ctx.hierarchy.get(c);
    if (!cpc) continue;
    for (const attr of cpc.cls.attrs) {
      if (attr.name === "Meta") continue;
      if (attr.value.t === "none") {
        info.declared.delete(attr.name);
        continue;
      }
      const field = fieldOf(ctx, cpc.mod, attr.name, attr.line, attr.value, c, kinds);
      if (field) info.declared.set(attr.name, field);
    }
  }
  const meta = metaOf(ctx, mro);
  const model = meta.get("model");
  if (model?.t === "name") {
    const r = resolveModel(ctx, meta.origin, model.dotted, models);
    if (r) info.model = r;
    else info.modelUnresolved = model.text;
  } else if (model) info.modelUnresolved = model.text;
  const fields = meta.get("fields");
  if (fields?.t === "str" && fields.value === "__all__") info.fields = "__all__";
  else if (fields?.t === "seq" && fields.items.every((i) => i.t === "str")) info.fields = fields.items.map((i) => (i.t === "str" ? i.value : ""));
  const exclude = meta.get("exclude");
  if (exclude?.t === "seq") info.exclude = exclude.items.flatMap((i) => (i.t === "str" ? [i.value] : []));
  if (exclude && !fields) info.fields = "__all__";
  const depth = meta.get("depth");
  if (depth?.t === "other" && /^\d+$/.test(depth.text)) info.depth = Number(depth.text);
  return info;
}

/** The effective `Meta` attributes: the first class in the MRO that has a Meta, plus its `Base.Meta` parents. */
function metaOf(ctx: IndexContext, mro: string[]): Map<string, Expr> & { origin: ModuleFacts | undefined } {
  const out = new Map<string, Expr>() as Map<string, Expr> & { origin: ModuleFacts | undefined };
  out.origin = undefined;
  for (const c of mro) {
    const pc = ctx.hierarchy.get(c);
    const meta = pc?.cls.meta;
    if (!pc || !meta) continue;
    out.origin = pc.mod;
    for (const [k, v] of meta.attrs) out.set(k, v);
    // `class Meta(Base.Meta)`: keys the child does not set come from the named parent's Meta.
    for (const base of meta.bases) {
      if (base.t !== "name" || !base.dotted.endsWith(".Meta")) continue;
      const r = ctx.symbols.resolveIn(pc.mod, base.dotted.slice(0, -".Meta".length));
      const parentMeta = r?.kind === "class" ? r.cls.meta : undefined;
      for (const [k, v] of parentMeta?.attrs ?? []) if (!out.has(k)) out.set(k, v);
    }
    break;
  }
  return out;
}

function resolveModel(ctx: IndexContext, mod: ModuleFacts | undefined, dotted: string, models: ReadonlyMap<string, ModelInfo>): string | undefined {
  if (!mod) return undefined;
  const r = ctx.symbols.resolveIn(mod, dotted);
  return r?.kind === "class" && models.has(r.qn) ? r.qn : undefined;
}

function fieldOf(ctx: IndexContext, mod: ModuleFacts, name: string, line: number, value: Expr, declaredOn: string, kinds: Map<string, string>): SerializerField | undefined {
  if (value.t !== "call" || (value.fn.t !== "name" && value.fn.t !== "attr")) return undefined;
  const fieldClass = lastName(value.fn) ?? "";
  const many = value.kwargs.get("many")?.text === "True";
  const sourceExpr = value.kwargs.get("source");
  const source = sourceExpr?.t === "str" ? sourceExpr.value : sourceExpr ? `?${sourceExpr.text}` : undefined;
  const base = { name, line, fieldClass, many, declaredOn, pkOnly: false, ...(source !== undefined ? { source } : {}) };
  // Write-only fields are never rendered: HiddenField (`event = HiddenField(default=CurrentEventDefault())`), write_only=True.
  if (fieldClass === "HiddenField" || value.kwargs.get("write_only")?.text === "True") return { ...base, kind: "plain", writeOnly: true };
  if (fieldClass === "SerializerMethodField") {
    const method = value.kwargs.get("method_name") ?? value.args[0];
    return { ...base, kind: "method", methodName: method?.t === "str" ? method.value : `get_${name}` };
  }
  if (value.fn.t === "name") {
    const r = ctx.symbols.resolveIn(mod, value.fn.dotted);
    if (r?.kind === "class" && kinds.get(r.qn) === "serializer") return { ...base, kind: "nested", serializer: r.qn };
    if (r?.kind === "class") {
      // A project field class: a related field when its chain reaches one of DRF's.
      const leaves = ctx.hierarchy.leafBases(r.qn).map((b) => (b.kind === "external" ? b.dotted.slice(b.dotted.lastIndexOf(".") + 1) : ""));
      if (leaves.some((l) => RELATED_FIELDS.has(l))) return { ...base, kind: "related", pkOnly: false };
      return { ...base, kind: "plain" };
    }
  }
  if (RELATED_FIELDS.has(fieldClass)) {
    const lookupField = value.kwargs.get("lookup_field");
    const pkOnly = PK_ONLY_FIELDS.has(fieldClass) && (!lookupField || (lookupField.t === "str" && lookupField.value === "pk"));
    return { ...base, kind: "related", pkOnly };
  }
  return { ...base, kind: "plain" };
}

function readView(ctx: IndexContext, qn: string, serializers: Map<string, SerializerInfo>, models: ReadonlyMap<string, ModelInfo>): ViewInfo {
  const pc = ctx.hierarchy.get(qn);
  if (!pc) throw new Error(`view ${qn} vanished`);
  const mro = ctx.hierarchy.mro(qn);
  const drfBases = [...new Set(drfBasesOf(ctx, qn))];
  const attrs: ViewInfo["attrs"] = new Map();
  let serializer: ViewInfo["serializer"] = { unresolved: "not read yet" };
  const methods = new Set<string>();
  for (const c of mro) {
    const cpc = ctx.hierarchy.get(c);
    if (!cpc) continue;
    for (const m of cpc.cls.methods) methods.add(m);
    for (const attr of cpc.cls.attrs) if (!attrs.has(attr.name)) attrs.set(attr.name, { value: attr.value, classQn: c, path: cpc.mod.path, line: attr.line });
  }
  serializer = serializerOf(ctx, mro, attrs, serializers);
  return {
    qn,
    name: pc.cls.name,
    path: pc.mod.path,
    line: pc.cls.line,
    listCapable: drfBases.some((b) => LIST_BASES.has(b)),
    queryset: querysetOf(ctx, mro, attrs, models, relatedRows(serializer, serializers, models)),
    serializer,
    attrs,
    drfBases,
    methods,
  };
}

/** Non-DRF, non-Django bases outside the project (a library mixin may rewrite get_queryset). */
function foreignViewBases(ctx: IndexContext, qn: string): string[] {
  return ctx.hierarchy.leafBases(qn).flatMap((b) => {
    if (b.kind === "unresolved") return [b.text];
    return /^(rest_framework|django|builtins|typing|abc)\./.test(b.dotted) ? [] : [b.dotted];
  });
}

/**
 * `self.event.tags.all()`: the rows of a related manager on an object the index cannot type. They are
 * the serializer's model when that model is the one side of a relation whose accessor is `tags`
 * (a reverse FK / M2M accessor, or an M2M field of that name pointing at it).
 */
type RelatedRows = (accessor: string) => string | undefined;

function relatedRows(serializer: ViewInfo["serializer"], serializers: Map<string, SerializerInfo>, models: ReadonlyMap<string, ModelInfo>): RelatedRows {
  return (accessor) => {
    if ("unresolved" in serializer) return undefined;
    const model = serializers.get(serializer.qn)?.model;
    if (!model) return undefined;
    for (const m of models.values()) {
      const reverse = m.reverse.get(accessor);
      if (reverse && reverse.fromModel === model && reverse.kind !== "reverse-o2o") return model;
      const field = m.fields.get(accessor);
      if (field?.kind === "m2m" && field.target?.resolved && field.target.model === model) return model;
    }
    return undefined;
  };
}

function querysetOf(ctx: IndexContext, mro: string[], attrs: ViewInfo["attrs"], models: ReadonlyMap<string, ModelInfo>, related: RelatedRows): ViewQueryset | { unresolved: string } {
  const foreign = foreignViewBases(ctx, mro[0] ?? "");
  if (foreign.length > 0) return { unresolved: `base class outside the project and DRF: ${foreign.join(", ")}` };
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  const attr = attrs.get("queryset");
  const fromAttr = (): ViewQueryset | { unresolved: string } => {
    if (!attr) return { unresolved: "no queryset and no get_queryset" };
    const mod = ctx.hierarchy.get(attr.classQn)?.mod;
    const read = mod ? readChain(ctx, mod, attr.value, models, related) : undefined;
    if (!read || "unresolved" in read) return read ?? { unresolved: "queryset not readable" };
    return { model: read.model, loads: read.loads, origin: { kind: "attr", classQn: attr.classQn, path: attr.path, line: attr.line } };
  };
  if (!definer) return fromAttr();
  const dpc = ctx.hierarchy.get(definer);
  const body = dpc?.cls.querysetBody;
  if (!dpc || !body) return { unresolved: "get_queryset not readable" };
  if (body.customCalls.length > 0) return { unresolved: `get_queryset calls ${body.customCalls.join(", ")} (may eager-load)` };
  if (body.dynamicLoads) return { unresolved: "get_queryset eager-loads paths that are not literals" };
  const loads = emptyLoads();
  mergeLoads(loads, body);
  let model: string | undefined;
  for (const root of body.roots) {
    let rootModel: string | undefined;
    if (root === "super" || root === "self.queryset") {
      // super() reaching another project get_queryset is not followed.
      if (root === "super" && mro.slice(mro.indexOf(definer) + 1).some((c) => ctx.hierarchy.get(c)?.cls.querysetBody)) return { unresolved: "get_queryset extends another get_queryset" };
      const base = fromAttr();
      if ("unresolved" in base) return base;
      mergeLoads(loads, base.loads);
      rootModel = base.model;
    } else if (root.startsWith("other:")) {
      return { unresolved: `get_queryset returns ${root.slice(6)}` };
    } else {
      const read = readChain(ctx, dpc.mod, { t: "name", dotted: root, text: root }, models, related);
      if ("unresolved" in read) return read;
      mergeLoads(loads, read.loads);
      rootModel = read.model;
    }
    if (model && rootModel !== model) return { unresolved: "get_queryset returns rows of different models" };
    model = rootModel;
  }
  if (!model) return { unresolved: "get_queryset returns nothing readable" };
  const line = ctx.hierarchy.get(definer)?.cls.line ?? 0;
  return { model, loads, origin: { kind: "get_queryset", classQn: definer, path: dpc.mod.path, line } };
}

function mergeLoads(into: LoadFacts, from: LoadFacts): void {
  into.loads.push(...from.loads);
  into.toAttrs.push(...from.toAttrs);
  into.opaque.push(...from.opaque);
  into.selectsAll ||= from.selectsAll;
  into.dynamicLoads ||= from.dynamicLoads;
}

/** `Order.objects.select_related("a").filter(...)`: the model, its manager's and the chain's eager loads. */
function readChain(ctx: IndexContext, mod: ModuleFacts, expr: Expr, models: ReadonlyMap<string, ModelInfo>, related: RelatedRows): { model: string; loads: LoadFacts } | { unresolved: string } {
  const chain = chainOf(expr);
  if (!chain) return { unresolved: `queryset ${expr.text.slice(0, 60)} not readable` };
  const parts = chain.root.split(".");
  const managerName = parts.pop() ?? "";
  const modelRef = parts.join(".");
  let model = modelRef ? resolveModel(ctx, mod, modelRef, models) : undefined;
  let viaRelation = false;
  if (!model && modelRef.startsWith("self.")) {
    model = related(managerName);
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
  for (const step of chain.calls) {
    if (!CHAIN_METHODS.has(step.method)) return { unresolved: `queryset calls ${step.method}() (may eager-load)` };
    if (step.method === "select_related" || step.method === "prefetch_related") addLoadArgs(step.method, step.args, step.hasSplat, loads);
  }
  if (loads.dynamicLoads) return { unresolved: "queryset eager-loads paths that are not literals" };
  return { model, loads };
}

function serializerOf(ctx: IndexContext, mro: string[], attrs: ViewInfo["attrs"], serializers: Map<string, SerializerInfo>): ViewInfo["serializer"] {
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.serializerClassReturns !== undefined);
  if (definer) {
    const dpc = ctx.hierarchy.get(definer);
    const returns = dpc?.cls.serializerClassReturns;
    if (!dpc || !returns) return { unresolved: "get_serializer_class returns something other than class names" };
    const resolved = new Set<string>();
    for (const r of returns) {
      if (r.t !== "name") return { unresolved: "get_serializer_class not readable" };
      const found = ctx.symbols.resolveIn(dpc.mod, r.dotted);
      if (found?.kind !== "class" || !serializers.has(found.qn)) return { unresolved: `get_serializer_class returns ${r.text}, not a known serializer` };
      resolved.add(found.qn);
    }
    // One class per branch is only decisive when every branch returns the same one.
    if (resolved.size !== 1) return { unresolved: "get_serializer_class returns one of several serializers" };
    return { qn: [...resolved][0] ?? "" };
  }
  const attr = attrs.get("serializer_class");
  if (!attr) return { unresolved: "no serializer_class" };
  if (attr.value.t !== "name") return { unresolved: `serializer_class = ${attr.value.text.slice(0, 60)}` };
  const mod = ctx.hierarchy.get(attr.classQn)?.mod;
  const found = mod ? ctx.symbols.resolveIn(mod, attr.value.dotted) : undefined;
  if (found?.kind !== "class" || !serializers.has(found.qn)) return { unresolved: `serializer_class ${attr.value.text} is not a known serializer` };
  return { qn: found.qn, line: attr.line, path: attr.path };
}
