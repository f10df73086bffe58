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
import { querysetOf, type RelatedRows } from "./queryset-source.js";
import { filterBackends, pinnedBound, type PinnedBound } from "./one-row.js";
import { expandMetaRemovals } from "./removed-fields.js";
import { onlyFileRenderers } from "./renderers.js";
import type { DrfIndex, SerializerField, SerializerInfo, ViewInfo } from "./types.js";

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
/**
 * The URL of the rendered object itself (DRF forces `source="*"`): whatever the field is called, it never reads the
 * relation of that name (rotation set 6: `tests = HyperlinkedTestsIdentityField(view_name="run-tests")`
 * on a serializer of a model with a `tests` relation).
 */
const IDENTITY_FIELD = "HyperlinkedIdentityField";
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
  for (const call of ctx.manyCalls ?? []) {
    const r = ctx.symbols.resolveDotted(call.target);
    const ser = r?.kind === "class" ? serializers.get(r.qn) : undefined;
    if (ser) (ser.manyCalls ??= []).push(call);
  }
  const byPath = <T extends { path: string }>(map: Map<string, T>) => {
    const out = new Map<string, T[]>();
    for (const v of map.values()) out.set(v.path, [...(out.get(v.path) ?? []), v]);
    return (path: string) => out.get(path) ?? [];
  };
  return { serializers, views, viewsIn: byPath(views), serializersIn: byPath(serializers), defaultPaginatorUse: defaultPaginatorUse(ctx, views, kinds), paginatorUsers: paginatorUsers(ctx, views) };
}

export function emptyDrfIndex(): DrfIndex {
  return { serializers: new Map(), views: new Map(), viewsIn: () => [], serializersIn: () => [], defaultPaginatorUse: { kind: "unknown" }, paginatorUsers: () => ({ views: [], proven: false, subclasses: [], actions: [] }) };
}

/**
 * DrfIndex.paginatorUsers (rotation set 14: a large page meant for a handful of reference lists). Paginator
 * modules are not read by the model index, so the family is found by name through the routes index (every
 * application module's mentions); views match by the last name of what their `pagination_class` resolves to.
 */
function paginatorUsers(ctx: IndexContext, views: ReadonlyMap<string, ViewInfo>): DrfIndex["paginatorUsers"] {
  const memo = new Map<string, ReturnType<DrfIndex["paginatorUsers"]>>();
  return (qn) => {
    const known = memo.get(qn);
    if (known) return known;
    const routes = ctx.routes;
    const name = qn.slice(qn.lastIndexOf(".") + 1);
    const subclasses = routes?.complete === true ? routes.subclassesOf(name) : [];
    const names = new Set([name, ...subclasses]);
    let proven = routes?.complete === true && [...names].every((n) => routes.onlyPaginationClass(n));
    const users: ViewInfo[] = [];
    for (const v of views.values()) {
      const attr = v.attrs.get("pagination_class");
      if (!attr || attr.value.t !== "name" || !names.has(lastName(attr.value) ?? "")) continue;
      // A name of the family that does not resolve may be this class under another import: unproven.
      if (attr.targets === undefined) proven = false;
      if (v.listCapable && !v.unrouted && !v.abstractBase) users.push(v);
    }
    const actions = [...names].flatMap((n) => (routes?.actionPaging(n) ?? []).map((narrow) => ({ paginator: n, narrow })));
    const out = { views: users, proven, subclasses, actions };
    memo.set(qn, out);
    return out;
  };
}

/** DRF bases that hold `paginator` (GenericAPIView and what builds on it): the settings default pages them. */
const GENERIC_BASES = new Set([...VIEW_BASES].filter((b) => b !== "APIView" && b !== "ViewSet" && b !== "ViewSetMixin"));
/** A package's view base that may list (and so page with the default): `FlexFieldsModelViewSet`, `BulkListView`. */
const FOREIGN_LIST_VIEW = /(List\w*View|ViewSet|ModelView)\w*$/;

/** DrfIndex.defaultPaginatorUse (rotation set 10: a default that no view of the project pages with). */
function defaultPaginatorUse(ctx: IndexContext, views: ReadonlyMap<string, ViewInfo>, kinds: ReadonlyMap<string, string>): DrfIndex["defaultPaginatorUse"] {
  if (ctx.routes?.complete !== true) return { kind: "unknown" };
  for (const view of views.values()) {
    if (view.drfBases.some((b) => GENERIC_BASES.has(b)) && !view.attrs.has("pagination_class")) return { kind: "some", view: view.name };
  }
  for (const pc of ctx.hierarchy.all()) {
    if (kinds.get(pc.qn) === "serializer") continue;
    const packageListView = ctx.hierarchy.leafBases(pc.qn).some((b) => (b.kind === "external" ? !/^(rest_framework|django)\./.test(b.dotted) && FOREIGN_LIST_VIEW.test(b.dotted) : FOREIGN_LIST_VIEW.test(b.text)));
    const paged = ctx.hierarchy.mro(pc.qn).some((c) => ctx.hierarchy.get(c)?.cls.attrs.some((a) => a.name === "pagination_class"));
    if (packageListView && !paged) return { kind: "unknown" };
  }
  return { kind: "none" };
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
  const methodDefiners = new Map<string, string>();
  for (const c of mro) for (const m of ctx.hierarchy.get(c)?.cls.methods ?? []) if (!methodDefiners.has(m)) methodDefiners.set(m, c);
  const methods = new Set(methodDefiners.keys());
  const meta = metaOf(ctx, mro);
  const metaList = (attr: string): string[] | undefined => {
    const value = meta.get(attr);
    return value?.t === "seq" && value.items.every((i) => i.t === "str") ? value.items.map((i) => (i.t === "str" ? i.value : "")) : undefined;
  };
  const removedFields = new Map<string, string[][]>();
  for (const c of mro) for (const r of expandMetaRemovals(ctx.hierarchy.get(c)?.cls.removedFields ?? [], metaList)) removedFields.set(r.name, [...(removedFields.get(r.name) ?? []), r.when]);
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
    methodDefiners,
    removedFields,
    ...representationOf(ctx, mro),
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
  if (meta.has("list_serializer_class")) info.listSerializer = true;
  const depth = meta.get("depth");
  if (depth?.t === "other" && /^\d+$/.test(depth.text)) info.depth = Number(depth.text);
  addRelationalFields(ctx, info, mro, kinds);
  if (ctx.routes?.complete === true && ctx.routes.onlySerializerClass(pc.cls.name)) info.onlyViewsRender = true;
  return info;
}

/** How the project's `to_representation` overrides along the MRO render a row (SerializerInfo.representation). */
function representationOf(ctx: IndexContext, mro: readonly string[]): Pick<SerializerInfo, "representation"> {
  const overrides = mro.flatMap((c) => {
    const cls = ctx.hierarchy.get(c)?.cls;
    return cls?.methods.includes("to_representation") ? [cls.representationExtends === true] : [];
  });
  if (overrides.length === 0) return {};
  return { representation: overrides.every(Boolean) ? "extends" : "replaces" };
}

/**
 * Model fields a `build_relational_field` override renders with a nested serializer (nearest class in
 * the MRO first), when `Meta` includes them and no declared field of that name replaces them.
 */
function addRelationalFields(ctx: IndexContext, info: SerializerInfo, mro: readonly string[], kinds: Map<string, string>): void {
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.methods.includes("build_relational_field"));
  const pc = definer ? ctx.hierarchy.get(definer) : undefined;
  for (const f of pc?.cls.relationalFields ?? []) {
    const included = info.fields === "__all__" ? !info.exclude.includes(f.name) : (info.fields?.includes(f.name) ?? false);
    if (!pc || !definer || !included || info.declared.has(f.name)) continue;
    const r = ctx.symbols.resolveIn(pc.mod, f.serializer) ?? ctx.symbols.resolveDotted(f.serializer);
    if (r?.kind !== "class" || kinds.get(r.qn) !== "serializer") continue;
    info.declared.set(f.name, { name: f.name, line: f.line, fieldClass: r.cls.name, kind: "nested", serializer: r.qn, many: f.many, pkOnly: false, declaredOn: definer });
  }
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
    const bodyImports = ctx.hierarchy.get(declaredOn)?.cls.bodyImports;
    const r = ctx.symbols.resolveIn(mod, value.fn.dotted, bodyImports ? new Map(Object.entries(bodyImports)) : undefined);
    const ownSource = r?.kind === "class" ? ownSourceOf(ctx, r.qn, kinds.get(r.qn) === "serializer") : undefined;
    if (ownSource) return { ...base, kind: "plain", ownSource };
    if (r?.kind === "class" && kinds.get(r.qn) === "serializer") return { ...base, kind: "nested", serializer: r.qn };
    if (r?.kind === "class") {
      // A project field class: a related field when its chain reaches one of DRF's.
      const leaves = ctx.hierarchy.leafBases(r.qn).map((b) => (b.kind === "external" ? b.dotted.slice(b.dotted.lastIndexOf(".") + 1) : ""));
      if (leaves.includes(IDENTITY_FIELD)) return { ...base, source: "*", kind: "plain" };
      if (leaves.some((l) => RELATED_FIELDS.has(l))) {
        // DRF hands a PrimaryKeyRelatedField subclass the key alone (no row is loaded) unless the
        // project class turns that off by overriding use_pk_only_optimization.
        const optimisationKept = !ctx.hierarchy.mro(r.qn).some((c) => ctx.hierarchy.get(c)?.cls.methods.includes("use_pk_only_optimization"));
        const pkOnly = optimisationKept && leaves.some((l) => PK_ONLY_FIELDS.has(l)) && !value.kwargs.has("lookup_field");
        return { ...base, kind: "related", pkOnly };
      }
      return { ...base, kind: "plain" };
    }
  }
  if (fieldClass === IDENTITY_FIELD) return { ...base, source: "*", kind: "plain" };
  if (RELATED_FIELDS.has(fieldClass)) {
    const lookupField = value.kwargs.get("lookup_field");
    const pkOnly = PK_ONLY_FIELDS.has(fieldClass) && (!lookupField || (lookupField.t === "str" && lookupField.value === "pk"));
    return { ...base, kind: "related", pkOnly };
  }
  return { ...base, kind: "plain" };
}

/**
 * A project field class that picks the object it renders itself: its `__init__` sets `source`
 * (`kwargs["source"] = "*"`), or, for a plain field, it overrides `get_attribute` (a nested serializer
 * that does is handled by the walk). The declaration's name then says nothing about the attribute read.
 */
function ownSourceOf(ctx: IndexContext, qn: string, serializer: boolean): SerializerField["ownSource"] {
  const classes = ctx.hierarchy.mro(qn).map((c) => ctx.hierarchy.get(c)?.cls);
  if (classes.some((cls) => cls?.initSetsSource)) return "init";
  if (!serializer && classes.some((cls) => cls?.methods.includes("get_attribute"))) return "get_attribute";
  return undefined;
}

/** DRF's and common packages' staff-only permission classes. */
const ADMIN_PERMISSIONS = /(^|\.)(IsAdminUser|IsSuperUser|IsSuperuser|IsStaff|IsStaffUser|IsAdmin)$/;

function readView(ctx: IndexContext, qn: string, serializers: Map<string, SerializerInfo>, models: ReadonlyMap<string, ModelInfo>): ViewInfo {
  const pc = ctx.hierarchy.get(qn);
  if (!pc) throw new Error(`view ${qn} vanished`);
  const mro = ctx.hierarchy.mro(qn);
  const drfBases = [...new Set(drfBasesOf(ctx, qn))];
  const attrs: ViewInfo["attrs"] = new Map();
  let serializer: ViewInfo["serializer"] = { unresolved: "not read yet" };
  const methods = new Set<string>();
  const properties = new Set<string>();
  for (const c of mro) {
    const cpc = ctx.hierarchy.get(c);
    if (!cpc) continue;
    for (const m of cpc.cls.methods) methods.add(m);
    for (const p of cpc.cls.properties) properties.add(p);
    // A class body that assigns a name twice keeps the last value, as Python does (rotation set 14:
    // `pagination_class = None` and, further down the same body, `pagination_class = LargePageNumberPagination`).
    const own = new Map(cpc.cls.attrs.map((a) => [a.name, a]));
    for (const attr of own.values()) {
      if (attrs.has(attr.name)) continue;
      const targets = namedTargets(ctx, cpc.mod, attr.value);
      attrs.set(attr.name, { value: attr.value, classQn: c, path: cpc.mod.path, line: attr.line, ...(targets ? { targets } : {}) });
    }
  }
  serializer = serializerOf(ctx, mro, attrs, serializers);
  const listDefiner = mro.map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("list"));
  const queryset = querysetOf(ctx, mro, attrs, models, relatedRows(serializer, serializers, models), "unresolved" in serializer ? undefined : serializers.get(serializer.qn)?.model);
  const model = queryset.model === undefined ? undefined : models.get(queryset.model);
  return {
    qn,
    name: pc.cls.name,
    path: pc.mod.path,
    line: pc.cls.line,
    listCapable: drfBases.some((b) => LIST_BASES.has(b)) && !listNeverRouted(ctx, pc.cls.name, mro),
    ...(abstractBase(ctx, pc.cls.name, attrs, methods, queryset, serializer, serializers) ? { abstractBase: true as const } : {}),
    ...(rendersFilesOnly(ctx, attrs) ? { fileRenderersOnly: true as const } : {}),
    ...(valueRows(ctx, mro) ? { valueRows: true as const } : {}),
    ...(ctx.routes?.onlySubclassed(pc.cls.name) === true ? { unrouted: true as const } : {}),
    queryset,
    serializer,
    attrs,
    mro,
    drfBases,
    methods,
    ...(properties.size > 0 ? { properties } : {}),
    ...unpagedListOf(ctx, mro),
    ...(listDefiner ? { listOverride: listDefiner.listRendersViewRows === true ? "renders-rows" : listDefiner.listWithoutSerializer ? "no-serializer" : "custom" } : {}),
    ...boundOfView(ctx, mro, attrs, model, models),
    ...serviceClientOf(ctx, attrs, methods),
    ...rowSourceOf(ctx, mro, attrs),
  };
}

/** ViewInfo.rowSource: the nearest `get_queryset` returns a combined chain, or `queryset =` is one, raw SQL, or a plain project class's instance. */
/**
 * ViewInfo.unpagedList: the first `list()` override along the MRO that serializes its unpaged rows, reached
 * through overrides that call `super().list(...)` (a view that adds an ordering alias, then hands over).
 */
function unpagedListOf(ctx: IndexContext, mro: readonly string[]): Pick<ViewInfo, "unpagedList"> {
  for (const c of mro) {
    const pc = ctx.hierarchy.get(c);
    if (!pc?.cls.methods.includes("list")) continue;
    if (pc.cls.listUnpagedLine !== undefined) return { unpagedList: { classQn: c, path: pc.mod.path, line: pc.cls.listUnpagedLine } };
    if (!pc.cls.listCallsSuper) return {};
  }
  return {};
}

/**
 * Every chain the nearest `get_queryset` returns ends in `.values(...)` / `.values_list(...)`: the rows are
 * plain values read in one query, no model objects and no relation read per row.
 */
function valueRows(ctx: IndexContext, mro: readonly string[]): boolean {
  const body = mro.map((c) => ctx.hierarchy.get(c)?.cls.querysetBody).find((b) => b !== undefined);
  return body !== undefined && body.chains.length > 0 && body.chains.every((c) => c.custom.some((m) => m === "values" || m === "values_list"));
}

function rowSourceOf(ctx: IndexContext, mro: readonly string[], attrs: ViewInfo["attrs"]): Pick<ViewInfo, "rowSource"> {
  const definer = mro.map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.querysetBody);
  if (definer) return definer.querysetBody?.combined ? { rowSource: { kind: "combined", name: "union()" } } : {};
  const attr = attrs.get("queryset");
  if (!attr) return {};
  const combinator = /\.(union|intersection|difference)\(/.exec(attr.value.text);
  if (combinator) return { rowSource: { kind: "combined", name: `${combinator[1]}()` } };
  if (/\.raw\(/.test(attr.value.text)) return { rowSource: { kind: "raw", name: "raw()" } };
  const mod = ctx.hierarchy.get(attr.classQn)?.mod;
  const fn = attr.value.t === "call" && attr.value.fn.t === "name" ? attr.value.fn.dotted : undefined;
  const resolved = mod && fn ? ctx.symbols.resolveIn(mod, fn) : undefined;
  if (resolved?.kind !== "class") return {};
  // A plain Python class (no base outside the project but `object`): its rows are not a QuerySet.
  const plain = ctx.hierarchy.mro(resolved.qn).every((c) => ctx.hierarchy.basesOf(c).every((b) => b.kind === "class" || (b.kind === "external" && /^(builtins\.)?object$/.test(b.dotted)) || (b.kind === "unresolved" && b.text === "object")));
  return plain ? { rowSource: { kind: "raw", name: fn?.slice(fn.lastIndexOf(".") + 1) ?? "" } } : {};
}

/**
 * ViewInfo.serviceClient: the chain's `authentication_classes` names only project classes whose
 * `authenticate` admits a service client and never a user (ClassFacts.serviceAuth), and no class of
 * the chain picks its authenticators at runtime (`get_authenticators`).
 */
function serviceClientOf(ctx: IndexContext, attrs: ViewInfo["attrs"], methods: ReadonlySet<string>): Pick<ViewInfo, "serviceClient"> {
  const targets = attrs.get("authentication_classes")?.targets ?? [];
  if (targets.length === 0 || methods.has("get_authenticators")) return {};
  const admitsServiceOnly = (qn: string): boolean => {
    const definer = ctx.hierarchy.mro(qn).map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("authenticate"));
    return definer?.serviceAuth === true;
  };
  if (!targets.every(admitsServiceOnly)) return {};
  return { serviceClient: targets.map((qn) => qn.slice(qn.lastIndexOf(".") + 1)) };
}

/**
 * ViewInfo attrs `targets`: each name of `pagination_class = CursorPagination` or
 * `filter_backends = (OrderingFilter, filters.SearchFilter)` resolved through the imports of the module
 * that writes it (rotation set 12: a project `CursorPagination` subclass named like DRF's own).
 * Undefined unless every name resolves.
 */
function namedTargets(ctx: IndexContext, mod: ModuleFacts, value: Expr): string[] | undefined {
  const items = value.t === "name" ? [value] : value.t === "seq" ? value.items : [];
  if (items.length === 0) return undefined;
  const out: string[] = [];
  for (const item of items) {
    if (item.t !== "name") return undefined;
    const r = ctx.symbols.resolveIn(mod, item.dotted);
    if (r?.kind === "class") out.push(r.qn);
    else if (r?.kind === "external") out.push(r.dotted);
    else return undefined;
  }
  return out;
}

/** ViewInfo.fileRenderersOnly: the chain's `renderer_classes` is a literal list of file renderers. */
function rendersFilesOnly(ctx: IndexContext, attrs: ViewInfo["attrs"]): boolean {
  const attr = attrs.get("renderer_classes");
  const mod = attr ? ctx.hierarchy.get(attr.classQn)?.mod : undefined;
  return attr !== undefined && mod !== undefined && onlyFileRenderers(ctx, mod, attr.value);
}

/** ViewInfo.abstractBase: nothing names the rows the class lists, and only its subclasses are routed. */
function abstractBase(ctx: IndexContext, name: string, attrs: ViewInfo["attrs"], methods: ReadonlySet<string>, queryset: ViewInfo["queryset"], serializer: ViewInfo["serializer"], serializers: Map<string, SerializerInfo>): boolean {
  if (attrs.has("queryset") || methods.has("get_queryset") || queryset.model !== undefined) return false;
  const ser = "unresolved" in serializer ? undefined : serializers.get(serializer.qn);
  if (ser?.model !== undefined || ser?.modelUnresolved !== undefined) return false;
  return ctx.routes?.onlySubclassed(name) === true;
}

/**
 * Every route of the view maps other actions than `list` (`as_view({"get": "retrieve"})`, routes.ts)
 * and no class of its chain answers another action with `self.list`: its list never runs.
 */
function listNeverRouted(ctx: IndexContext, name: string, mro: readonly string[]): boolean {
  const routes = ctx.routes;
  if (!routes?.listNeverRouted(name)) return false;
  return !mro.some((c) => {
    const cls = ctx.hierarchy.get(c)?.cls;
    return cls !== undefined && routes.reachesList(cls.name);
  });
}

/** Staff-only views, nested views and `get_queryset` bodies bounded by a unique key, user, URL or a slice (ViewInfo.bound). */
function boundOfView(ctx: IndexContext, mro: string[], attrs: ViewInfo["attrs"], model: ModelInfo | undefined, models: ReadonlyMap<string, ModelInfo>): Pick<ViewInfo, "bound"> {
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  if (definer && ctx.hierarchy.get(definer)?.cls.querysetBody?.oneLiteralRow) return { bound: { kind: "row", reason: "every `return` of `get_queryset` is a list written out with at most one item, so the list holds at most one row" } };
  const pinned = pinnedBound(ctx, mro, attrs, model, models);
  if (pinned) return { bound: { kind: pinned.kind, reason: pinnedReason(pinned, model?.name ?? "the model") } };
  const permissions = attrs.get("permission_classes");
  const admin = permissions?.value.t === "seq" ? permissions.value.items.find((i) => i.t === "name" && ADMIN_PERMISSIONS.test(i.dotted)) : undefined;
  if (admin) return { bound: { kind: "admin", reason: `only staff can call the view (\`permission_classes\` includes \`${admin.text}\`)` } };
  const staff = staffPermission(ctx, permissions?.targets ?? []);
  if (staff) return { bound: { kind: "admin", reason: `only staff can call the view (\`permission_classes\` includes \`${staff.name}\`, which requires \`${staff.flag}\`)` } };
  if (attrs.has("parent_lookup_kwargs")) return { bound: { kind: "parent", reason: "the view is nested under one parent object (`parent_lookup_kwargs`)" } };
  // The nearest get_queryset, or the one it extends when it only returns super().get_queryset() refined.
  const definers = mro.filter((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  for (const definer of definers.slice(0, 2)) {
    const body = ctx.hierarchy.get(definer)?.cls.querysetBody;
    const via = body?.bound?.via ?? [];
    const lookups = body?.bound?.lookups ? { lookups: body.bound.lookups } : {};
    // `self.get_committee_uuid()` reading the request's session: the rows of whoever asks (one tenant's),
    // bounded for a sort but not small (a tenant may own thousands: `session` keeps DJP306/DJP302 at their level).
    const asks = via.filter((name) => !isUrlProperty(ctx, mro, name));
    if (asks.length > 0 && !asks.every((name) => isUserProperty(ctx, mro, name))) break;
    if (asks.length > 0) return { bound: { kind: "user", session: true, reason: `the list holds the rows of whoever asks (\`get_queryset\` filters by ${asks.map((v) => `\`self.${v}\``).join(", ")}, which reads the request's user or session)`, ...lookups } };
    if (body?.bound?.bound === "user") {
      // `customer__user=request.user` is one user's rows when the user has one customer; `series__owner=`
      // (a user with many series, each with many rows) is not (rotation set 14: an operator account's permits).
      if (!(body.bound.userLookups ?? []).every((l) => oneToOneHops(models, model, l))) break;
      if (body.bound.session) return { bound: { kind: "user", session: true, reason: "the list holds the rows of whoever asks (`get_queryset` filters by a value the request's session holds)", ...lookups } };
      return { bound: { kind: "user", reason: "the list holds one user's rows (`get_queryset` filters by `request.user`)", ...lookups } };
    }
    if (body?.bound?.bound === "parent" && via.length > 0) return { bound: { kind: "parent", reason: `the list holds one parent's rows (\`get_queryset\` filters by ${via.map((v) => `\`self.${v}\``).join(", ")}, looked up from the URL's arguments)`, ...lookups } };
    if (body?.bound?.bound === "parent") return { bound: { kind: "parent", reason: "the list holds one parent's rows (`get_queryset` filters by a URL argument, `self.kwargs`)", ...lookups } };
    if (body?.bound?.bound === "slice") return { bound: { kind: "slice", reason: "every `return` of `get_queryset` cuts the list with a slice (`[:n]`)" } };
    if (!body || !body.chains.every((c) => c.root === "super")) break;
  }
  return filterQuerysetBound(ctx, mro, attrs);
}

/**
 * A user lookup that walks relations (`customer__user`): the row's own key leads to an object of which each
 * user has one, every later hop (to the user included) being a forward one-to-one or unique foreign key.
 * `series__owner`, where a user owns many series, is not one user's rows (a series may hold thousands).
 */
function oneToOneHops(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo | undefined, lookup: string): boolean {
  const parts = lookup.replace(/__(id|pk|exact|in)$/, "").split("__");
  let at = model;
  for (const [i, part] of parts.entries()) {
    const field = at?.fields.get(part);
    const unique = field?.kind === "o2o" || (field?.kind === "fk" && field.kwargs.unique === "True");
    if (!field || (field.kind !== "fk" && field.kind !== "o2o") || (i > 0 && !unique)) return false;
    if (i === parts.length - 1) return true;
    if (!field.target?.resolved) return false;
    at = models.get(field.target.model);
  }
  return false;
}

/** A project permission class of the view whose `has_permission` (its own or a base's) lets only staff through (rotation set 12: a manager-only permission). */
function staffPermission(ctx: IndexContext, targets: readonly string[]): { name: string; flag: string } | undefined {
  for (const qn of targets) {
    const definer = ctx.hierarchy.mro(qn).map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("has_permission"));
    if (definer?.staffOnly) return { name: qn.slice(qn.lastIndexOf(".") + 1), flag: definer.staffOnly };
  }
  return undefined;
}

/** The view's own `filter_queryset(self, queryset)` (the nearest along the chain) narrows every list to one user's or one URL parent's rows. */
function filterQuerysetBound(ctx: IndexContext, mro: readonly string[], attrs: ViewInfo["attrs"]): Pick<ViewInfo, "bound"> {
  const definer = mro.map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("filter_queryset"));
  const bound = definer?.filterBound;
  if (!bound) return backendBound(ctx, attrs);
  if (!(bound.via ?? []).every((name) => isUrlProperty(ctx, mro, name))) return {};
  if (bound.bound === "user") return { bound: { kind: "user", reason: "the list holds one user's rows (`filter_queryset` filters by `request.user`)" } };
  return { bound: { kind: "parent", reason: "the list holds one parent's rows (`filter_queryset` filters by a URL argument, `self.kwargs`)", ...(bound.lookups ? { lookups: bound.lookups } : {}) } };
}

/**
 * A project filter backend of the view (`filter_backends`) whose `filter_queryset` narrows every return to
 * one user's rows or to the URL's object (`queryset.filter(case_id=view.kwargs["pk"])`). DRF runs every
 * backend on the list, so one such backend bounds it.
 */
function backendBound(ctx: IndexContext, attrs: ViewInfo["attrs"]): Pick<ViewInfo, "bound"> {
  for (const backend of filterBackends(ctx, attrs)) {
    const bound = ctx.hierarchy.mro(backend).map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("filter_queryset"))?.backendBound;
    if (!bound || (bound.via ?? []).length > 0) continue;
    const name = `\`${backend.slice(backend.lastIndexOf(".") + 1)}\``;
    if (bound.bound === "user") return { bound: { kind: "user", reason: `the list holds one user's rows (the filter backend ${name} filters by \`request.user\`)` } };
    return { bound: { kind: "parent", reason: `the list holds one parent's rows (the filter backend ${name} filters by a URL argument, \`view.kwargs\`)`, ...(bound.lookups ? { lookups: bound.lookups } : {}) } };
  }
  return {};
}

function pinnedReason(pinned: PinnedBound, model: string): string {
  const lookups = pinned.lookups.map((l) => `\`${l}\``).join(", ");
  return pinned.kind === "row"
    ? `every list \`return\` of ${pinned.where} filters by a unique key of ${model} (${lookups}), so the list holds at most one row`
    : `every list \`return\` of ${pinned.where} filters by unique keys of ${model} (${lookups}), so the list holds the rows the request names`;
}

/** The first class of the view's MRO that defines `name` makes it a property reading `self.kwargs`. */
/** `self.<name>` is a property or a method of the view (the nearest along the chain) that reads the request's user or session. */
function isUserProperty(ctx: IndexContext, mro: readonly string[], name: string): boolean {
  for (const c of mro) {
    const cls = ctx.hierarchy.get(c)?.cls;
    if (!cls) continue;
    if (cls.userProperties?.includes(name)) return true;
    if (cls.properties.includes(name) || cls.methods.includes(name) || cls.attrs.some((a) => a.name === name)) return false;
  }
  return false;
}

function isUrlProperty(ctx: IndexContext, mro: readonly string[], name: string): boolean {
  for (const c of mro) {
    const cls = ctx.hierarchy.get(c)?.cls;
    if (!cls) continue;
    if (cls.urlProperties?.includes(name)) return true;
    if (cls.properties.includes(name) || cls.methods.includes(name) || cls.attrs.some((a) => a.name === name)) return false;
  }
  return false;
}

/**
 * `self.event.tags.all()`: the rows of a related manager on an object the index cannot type. They are
 * the serializer's model when that model is the one side of a relation whose accessor is `tags`
 * (a reverse FK / M2M accessor, or an M2M field of that name pointing at it).
 */
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

function serializerOf(ctx: IndexContext, mro: string[], attrs: ViewInfo["attrs"], serializers: Map<string, SerializerInfo>): ViewInfo["serializer"] {
  const fromAttr = (): ViewInfo["serializer"] => {
    const attr = attrs.get("serializer_class");
    if (!attr) return { unresolved: "no serializer_class" };
    if (attr.value.t !== "name") return { unresolved: `serializer_class = ${attr.value.text.slice(0, 60)}` };
    const mod = ctx.hierarchy.get(attr.classQn)?.mod;
    const found = mod ? ctx.symbols.resolveIn(mod, attr.value.dotted) : undefined;
    if (found?.kind !== "class" || !serializers.has(found.qn)) return { unresolved: `serializer_class ${attr.value.text} is not a known serializer` };
    return { qn: found.qn, line: attr.line, path: attr.path };
  };
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.serializerClassReturns !== undefined);
  if (!definer) return fromAttr();
  const dpc = ctx.hierarchy.get(definer);
  const returns = dpc?.cls.serializerClassReturns;
  if (!dpc || !returns) return { unresolved: "get_serializer_class returns something other than class names" };
  // The list action's serializer: the branches `if self.action == "list"` takes, else every branch not excluded.
  const forList = returns.filter((r) => r.when === "list");
  const candidates = forList.length > 0 ? forList : returns.filter((r) => r.when !== "other");
  const resolved = new Map<string, ViewInfo["serializer"]>();
  for (const { expr } of candidates) {
    if (expr === "default") {
      const base = fromAttr();
      if ("unresolved" in base) return base;
      resolved.set(base.qn, base);
      continue;
    }
    if (expr.t !== "name") return { unresolved: "get_serializer_class not readable" };
    const found = ctx.symbols.resolveIn(dpc.mod, expr.dotted);
    if (found?.kind !== "class" || !serializers.has(found.qn)) return { unresolved: `get_serializer_class returns ${expr.text}, not a known serializer` };
    if (!resolved.has(found.qn)) resolved.set(found.qn, { qn: found.qn });
  }
  // One class per branch is only decisive when every branch the list action may take returns the same one.
  if (resolved.size !== 1) return { unresolved: "get_serializer_class returns one of several serializers", candidates: [...resolved.keys()] };
  return [...resolved.values()][0] ?? { unresolved: "get_serializer_class returns nothing" };
}
