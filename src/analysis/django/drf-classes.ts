/** Finding the syntax of DRF classes the index knows of (views, serializers) in the analysed file. */
import type { SyntaxNode } from "../parser.js";
import type { Impact } from "../finding.js";
import type { SerializerInfo, ViewInfo, ViewQueryset } from "../index/drf/types.js";
import type { ProjectIndex } from "../index/types.js";
import { settingAt } from "../index/settings/accessors.js";

/**
 * A list view whose rows are bounded (one user's, one parent's) or that only staff call: its list rules
 * still report, at info, with the reason in the message ("Reported at info: …"). A bound the request's
 * session holds (one tenant's rows: ViewInfo.bound.session) bounds a sort (`sorting`), not a page or a
 * response: a tenant may own thousands of rows (rotation set 14: per-committee transaction lists).
 */
export function boundImpact(view: ViewInfo | undefined, sorting = false): { impact?: Impact } {
  return view?.bound && (sorting || !view.bound.session) ? { impact: { level: "low", reason: view.bound.reason } } : {};
}

/**
 * Whether the view's list is split into pages: its chain's `pagination_class` (None: not paged), else
 * `REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]`; `unknown` when a base outside the project or settings
 * the index cannot read may decide it.
 */
export function listPagination(index: ProjectIndex, view: ViewInfo): "paged" | "unpaged" | "unknown" {
  const attr = view.attrs.get("pagination_class");
  if (attr) return attr.value.t === "none" ? "unpaged" : "paged";
  if (legacyPaged(index, view)) return "paged";
  if (view.drfBases.length === 0 || "unresolved" in view.queryset) return "unknown";
  const paginator = settingAt(index.settings.effective("REST_FRAMEWORK"), ["DEFAULT_PAGINATION_CLASS"]);
  if (paginator.status === "unknown") return "unknown";
  return paginator.status === "set" && paginator.value.kind !== "none" ? "paged" : "unpaged";
}

/** The class member a view's queryset is written in: `queryset =`, `get_queryset`, or DRF 2's `model =`. */
export function originMember(origin: ViewQueryset["origin"]): string {
  return origin.kind === "attr" ? "queryset" : origin.kind;
}

/**
 * DRF before 3.3 paged a list through `paginate_by = N` on the view (or `REST_FRAMEWORK["PAGINATE_BY"]`);
 * 3.3 removed both (3.1 replaced them with paginators). Paged that way unless the dependency files prove DRF 3.3 or later.
 */
export function legacyPaged(index: ProjectIndex, view: ViewInfo): boolean {
  if (index.versions.package("djangorestframework")?.atLeast("3.3") === true) return false;
  const attr = view.attrs.get("paginate_by");
  if (attr) return attr.value.t !== "none";
  const size = settingAt(index.settings.effective("REST_FRAMEWORK"), ["PAGINATE_BY"]);
  return size.status === "set" && size.value.kind !== "none";
}

/** The list holds at most one row (every `return` of `get_queryset` pins a unique key): paging or sorting it costs nothing. */
export function listsOneRow(view: ViewInfo | undefined): boolean {
  return view?.bound?.kind === "row";
}

/**
 * What a whole-table cost (a sort without an index, a list without pagination) is worth when nothing
 * else is known: low, raised to the rule's level by the engine when the project shows the table is large
 * (src/analysis/django/table-size.ts) or lists it in `large_models`. Most tables of a project hold a few
 * hundred rows: held-out sets found such findings right but negligible far more often than not.
 */
export function wholeTableImpact(qualifiedName: string, name: string): Impact {
  return { level: "low", of: "table", walks: qualifiedName, reason: `nothing shows that ${name} holds many rows (list it in \`large_models\` if it does)` };
}

/** A list view's whole-table cost: its bound when it has one (one user's, one parent's rows), else {@link wholeTableImpact}. */
export function listImpact(view: ViewInfo | undefined, model: { qualifiedName: string; name: string }, sorting = false): Impact {
  return boundImpact(view, sorting).impact ?? wholeTableImpact(model.qualifiedName, model.name);
}

/** The class statement named `name` that starts on `line` (1-based), at any nesting under module-level blocks. */
export function classNodeAt(root: SyntaxNode, name: string, line: number): SyntaxNode | undefined {
  const visit = (node: SyntaxNode): SyntaxNode | undefined => {
    for (const child of node.namedChildren) {
      const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (def?.type === "class_definition") {
        if (def.startPosition.row + 1 === line && def.childForFieldName("name")?.text === name) return def;
        continue;
      }
      if (child.type === "if_statement" || child.type === "try_statement" || child.type === "block" || child.type === "else_clause" || child.type === "except_clause" || child.type === "ERROR") {
        const found = visit(child);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(root);
}

/** A class-body statement: `name = ...` (the assignment) or `def name` (the function), when present. */
export function classMember(cls: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type === "assignment" && assign.childForFieldName("left")?.text === name) return assign;
  }
  return undefined;
}

/**
 * Who renders any of the serializers `renders` (qualified names) row by row: list views whose list
 * serializer is one of them (a `list()` that answers without its serializer, or a list pinned to one row, aside), and serializers
 * that nest one with `many=True`. A list view whose `get_serializer_class` picks one of several known
 * serializers renders each of them; a serializer nested with `many=False` in one rendered row by row is
 * rendered once per row too (rotation set 11: a credit serializer nested in a check serializer that a
 * list view names). `renders` in the answer includes those parents; `indirect`: a renderer was found
 * only through one, so its rows are of another model; `direct` / `directNested`: how many of `views` /
 * `nested` (first) render one of `renders` itself.
 */
export function listRenderers(index: ProjectIndex, renders: ReadonlySet<string>): { views: ViewInfo[]; direct: number; nested: SerializerInfo[]; directNested: number; renders: ReadonlySet<string>; indirect: boolean } {
  const all = new Set(renders);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of index.drf.serializers.values()) {
      if (all.has(s.qn) || ![...s.declared.values()].some((f) => f.kind === "nested" && !f.many && f.serializer !== undefined && all.has(f.serializer))) continue;
      all.add(s.qn);
      grew = true;
    }
  }
  const rendered = (v: ViewInfo, set: ReadonlySet<string>) => ("unresolved" in v.serializer ? (v.serializer.candidates ?? []).some((qn) => set.has(qn)) : set.has(v.serializer.qn));
  const nestsMany = (s: SerializerInfo, set: ReadonlySet<string>) => [...s.declared.values()].some((f) => f.kind === "nested" && f.many && f.serializer !== undefined && set.has(f.serializer));
  // A list pinned to one row (every `get_queryset` return filters by a unique key) renders one object.
  // Views that render one of `renders` itself first: the message names the first.
  // A view never routed itself lists nothing: its subclasses are views of their own, each with the serializer it ends up with
  // (rotation set 12: a base's full serializer, which every routed subclass replaces with a list one).
  const views = [...index.drf.views.values()].filter((v) => v.listCapable && !v.unrouted && v.listOverride !== "no-serializer" && !listsOneRow(v) && rendered(v, all)).sort((a, b) => Number(rendered(b, renders)) - Number(rendered(a, renders)));
  const nested = [...index.drf.serializers.values()].filter((s) => nestsMany(s, all)).sort((a, b) => Number(nestsMany(b, renders)) - Number(nestsMany(a, renders)));
  const direct = views.filter((v) => rendered(v, renders)).length;
  const directNested = nested.filter((s) => nestsMany(s, renders)).length;
  const indirect = direct < views.length || directNested < nested.length;
  return { views, direct, nested, directNested, renders: all, indirect };
}
