/**
 * DJP306 serializer-relation-not-eager-loaded: a DRF list view whose serializer walks relations
 * (nested serializers, `source="a.b"`, many-valued related fields, `Meta.depth`) that the view's
 * queryset does not select_related / prefetch_related. Every row of every page then costs a query
 * per missing relation. Cross-file: the view, its queryset (attribute or `get_queryset`), the
 * serializer and the models come from the index's DRF graph; anything it cannot prove is unverified.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { serializerWalk, missingPaths, provenPaths, type SerializerWalk, type WalkedPath } from "../../src/analysis/index/drf/walks.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import { classMember, classNodeAt, listRenderers, listsOneRow, originMember } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { eagerLoadFix, maximalPaths } from "../../src/analysis/django/eager-fix.js";
import type { Fix, Impact } from "../../src/analysis/finding.js";
import type { FieldInfo, ModelInfo } from "../../src/analysis/index/types.js";
import type { QuerySetInfo, RelationAccess } from "../../src/analysis/django/types.js";
import { emptyLoads } from "../../src/analysis/index/drf/loads.js";
import { classOfMethod, enclosingFunction, keywordArg, positionalArgs } from "../../src/analysis/django/syntax.js";
import { atMostOneRow } from "../../src/analysis/django/rows.js";
import { ownerKeyOf, pinnedModel, queriesPerRow, urlParentRows } from "../../src/analysis/django/parent-rows.js";

export default defineRule({
  id: "DJP306",
  name: "serializer-relation-not-eager-loaded",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "sometimes",
  target: "python",
  reportsApplicability: true,
  summary: "A DRF list view's serializer walks relations its queryset does not select_related / prefetch_related.",
  messages: {
    notEagerLoaded:
      "{{view}} lists {{model}} rows with {{serializer}}, which walks {{paths}} for every row ({{via}}), and the queryset does not eager-load {{them}}: each page costs 1 + N queries per missing relation. Add {{fix}} to the queryset.",
    callNotEagerLoaded:
      "{{serializer}}(..., many=True) renders {{model}} rows and walks {{paths}} for every row ({{via}}), and the queryset does not eager-load {{them}}: 1 + N queries per missing relation. Add {{fix}} to the queryset.",
    // The walk reached parts it cannot read: the paths named are proven, the rest was not checked.
    notEagerLoadedPartial:
      "{{view}} lists {{model}} rows with {{serializer}}, which walks {{paths}} for every row ({{via}}), and the queryset does not eager-load {{them}}: each page costs 1 + N queries per missing relation. Add {{fix}} to the queryset. Other paths were not checked ({{unchecked}}).",
    callNotEagerLoadedPartial:
      "{{serializer}}(..., many=True) renders {{model}} rows and walks {{paths}} for every row ({{via}}), and the queryset does not eager-load {{them}}: 1 + N queries per missing relation. Add {{fix}} to the queryset. Other paths were not checked ({{unchecked}}).",
  },
  check(ctx) {
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      if (!view.listCapable) continue;
      ctx.applies();
      // A base never routed itself lists nothing: each subclass reports what it inherits.
      if (!view.unrouted) checkView(ctx, view);
    }
    checkManyCalls(ctx);
  },
});

function checkView(ctx: RuleContext, view: ViewInfo): void {
  // A custom list() renders whatever it wants (DJP302 looks at those); one that renders the view's rows
  // with its serializer, as DRF's does, walks what the serializer walks.
  if (view.listOverride === "custom" || view.listOverride === "no-serializer") return;
  // At most one row: one query per missing relation, not one per row.
  if (listsOneRow(view)) return;
  if ("unresolved" in view.queryset) return ctx.unverified(`${view.name}: ${view.queryset.unresolved}`);
  if ("unresolved" in view.serializer) return ctx.unverified(`${view.name}: ${view.serializer.unresolved}`);
  const serializer = ctx.index.drf.serializers.get(view.serializer.qn);
  const model = ctx.index.models.get(view.queryset.model);
  if (!serializer || !model) return;
  // A base the index cannot read may declare the `objects` manager the queryset starts from (and eager-load
  // in it): the index's `objects` is then Django's implicit one (no class written), which it may not be.
  if (!model.complete && model.managers.get("objects")?.className === undefined) return ctx.unverified(`${view.name}: ${model.name}'s manager may come from a base class the index could not read`);
  const walk = serializerWalk(ctx.index, serializer.qn, model.qualifiedName);
  if (walk.blind.length > 0) return ctx.unverified(`${view.name}: ${walk.blind[0] ?? ""}`);
  // Past a relation the walk cannot read further, nothing is proven; the relation itself is.
  for (const reason of uncheckedOf(walk)) ctx.unverified(`${view.name}: ${reason}`);
  const missing = missingPaths(provenPaths(walk), view.queryset.loads);
  if (missing.length === 0) return;
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  const anchor = anchorOf(cls, view);
  const fix = querysetLineFix(ctx, cls, view, model, missing);
  ctx.report({
    ...(fix ? { fix } : {}),
    node: anchor,
    scope: cls,
    messageId: uncheckedOf(walk).length > 0 ? "notEagerLoadedPartial" : "notEagerLoaded",
    data: {
      view: codeSpan(view.name),
      model: codeSpan(model.name),
      serializer: codeSpan(serializer.name),
      ...missingData(missing, walk),
    },
    related: relatedOf(missing),
    subject: `${view.qn}:${missing.map((p) => p.path).join(",")}`,
    model: model.qualifiedName,
    ...rowsImpact(ctx, view, model, missing),
  });
}

/**
 * One user's rows or the rows the request names (the view's bound) are few: reported at info with the
 * reason (rotation set 8: a staff member's own e-mails). A table the project lists whole in one widget
 * is not taken as small here: that trace also marks tables of hundreds (a course's runs).
 */
function rowsImpact(ctx: RuleContext, view: ViewInfo, model: ModelInfo, missing: WalkedPath[]): { impact?: Impact } {
  const bound = view.bound;
  if ((bound?.kind === "user" && !bound.session) || bound?.kind === "keys") return { impact: { level: "low", reason: bound.reason } };
  if (bound?.kind !== "parent" || !bound.lookups || "unresolved" in view.queryset) return {};
  const parents = bound.lookups.map((l) => pinnedModel(ctx.django, model, l));
  const parent = parents[0];
  if (!parent || parents.some((p) => p?.qualifiedName !== parent.qualifiedName)) return {};
  const few = fewPerParent(ctx, parent, missing, view.queryset.loads.loads);
  return few ? { impact: { level: "low", reason: `${bound.reason.replace(/\)$/, `: \`${bound.lookups[0] ?? ""}\`)`)}; ${few}` } } : {};
}

/** Cheap enough per row to leave at info: at most this many extra queries for each of one child object's rows. */
const FEW_QUERIES_PER_ROW = 3;

/**
 * One parent's rows are few when the parent is a child object itself (a required key to another model of
 * the project, parent-rows.ts) and each row costs at most FEW_QUERIES_PER_ROW extra queries: the clause
 * saying so, or undefined. A top-level owner (an organisation, a team) collects every row below it, and a
 * row that walks many relations (a product's dozen nested lookups) costs a page's worth of queries even for
 * a handful of rows: those stay warn.
 */
function fewPerParent(ctx: RuleContext, parent: ModelInfo, missing: WalkedPath[], loaded: readonly string[]): string | undefined {
  const owner = ownerKeyOf(ctx.index, parent);
  const queries = queriesPerRow(missing, loaded);
  if (!owner || queries > FEW_QUERIES_PER_ROW) return undefined;
  return `${codeSpan(parent.name)} is itself a child object (its required key \`${owner.field}\` points to ${codeSpan(owner.target.name)}), so one ${codeSpan(parent.name)} holds few rows, and each costs ${queries} extra quer${queries === 1 ? "y" : "ies"}`;
}

/**
 * `S(qs, many=True)` anywhere (a function, an APIView method, a task): the serializer iterates the
 * QuerySet and walks its relations for every row, exactly as a list view does. Only a proven QuerySet
 * of instances (not values(), not filtered to one row) and a serializer the index knows; a walk that
 * cannot be read in full stays silent.
 */
function checkManyCalls(ctx: RuleContext): void {
  for (const call of ctx.django.nodesOfType("call")) {
    const args = call.childForFieldName("arguments");
    const many = keywordArg(args, "many");
    const data = positionalArgs(args)[0] ?? keywordArg(args, "instance");
    if (many?.text !== "True" || !data) continue;
    const fn = call.childForFieldName("function");
    const dotted = fn ? ctx.django.qualifiedName(fn) : undefined;
    const qn = dotted === undefined ? undefined : ctx.index.drf.serializers.has(dotted) ? dotted : ctx.index.resolveQualified(dotted);
    const serializer = qn === undefined ? undefined : ctx.index.drf.serializers.get(qn);
    const qs = serializer ? ctx.django.querySetOf(data) : undefined;
    if (!serializer || !qs || atMostOneRow(qs, data)) continue;
    const coverage = ctx.django.coverage(qs);
    if (coverage.valuesMode || coverage.mitigated || coverage.unknown) continue;
    const walk = serializerWalk(ctx.index, serializer.qn, qs.model.qualifiedName);
    if (walk.blind.length > 0) continue;
    const loads = { ...emptyLoads(), loads: [...coverage.selectRelated, ...coverage.prefetch], selectsAll: coverage.selectsAll };
    // Rows of `obj.<reverse>.all()` know their parent: Django's related manager hands each row the
    // instance it was asked from, so walking the key back to it runs no query, and a single-valued path
    // past it reads the same cached parent for every row, one query at most (kpi's asset files).
    const parentKey = qs.root === "related-manager" && qs.via?.relation.kind === "reverse" && qs.via.relation.relation.kind !== "reverse-m2m" ? qs.via.relation.relation.fromField : undefined;
    const throughParent = (p: WalkedPath): boolean => parentKey !== undefined && !p.many && (p.path === parentKey || p.path.startsWith(`${parentKey}__`));
    const missing = missingPaths(provenPaths(walk), loads).filter((p) => !(coverage.forwardMitigated && !p.many) && !throughParent(p));
    if (missing.length === 0) continue;
    const once = qs.root === "related-manager" || filtersByRenderedObject(data, call) ? renderedOncePerResponse(ctx, call) : undefined;
    const low = once ?? oneUrlParent(ctx, qs, data, missing, loads.loads);
    ctx.report({
      node: call,
      scope: enclosingFunction(call) ?? call,
      ...(low ? { impact: { level: "low" as const, reason: low } } : {}),
      messageId: uncheckedOf(walk).length > 0 ? "callNotEagerLoadedPartial" : "callNotEagerLoaded",
      data: {
        serializer: codeSpan(serializer.name),
        model: codeSpan(qs.model.name),
        ...missingData(missing, walk),
      },
      related: relatedOf(missing),
      subject: `${serializer.qn} many ${qs.model.qualifiedName}:${missing.map((p) => p.path).join(",")}`,
      model: qs.model.qualifiedName,
    });
  }
}

/**
 * `S(Document.objects.filter(case_id=pk), many=True)` in a view method `get(self, request, pk)`: the rows
 * of the one object the URL names, few when that object is a child object and each row is cheap.
 */
function oneUrlParent(ctx: RuleContext, qs: QuerySetInfo, data: SyntaxNode, missing: WalkedPath[], loaded: readonly string[]): string | undefined {
  const rows = urlParentRows(ctx.django, qs, data);
  const few = rows ? fewPerParent(ctx, rows.parent, missing, loaded) : undefined;
  return rows && few ? `the rows are one ${codeSpan(rows.parent.name)}'s (\`${rows.lookup}\` is taken from the URL); ${few}` : undefined;
}

/**
 * `Member.objects.filter(team_id=obj.id)` in a method `get_x(self, obj)`: the rows are the rendered
 * object's children as `obj.members.all()` would be (a lookup equal to the object, its `id` or `pk`).
 */
function filtersByRenderedObject(data: SyntaxNode, call: SyntaxNode): boolean {
  const fn = enclosingFunction(call);
  const params = fn?.childForFieldName("parameters")?.namedChildren.filter((p) => p.type === "identifier") ?? [];
  const obj = params[0]?.text === "self" ? params[1]?.text : undefined;
  if (!obj) return false;
  const same = new RegExp(`^${obj}(\\.(id|pk))?$`);
  // `hosts = Member.objects.filter(team_id=obj.id)` then `S(hosts, many=True)`: the one assignment of the name.
  const assigned = data.type === "identifier" && fn ? fn.descendantsOfType("assignment").filter((a) => a.childForFieldName("left")?.text === data.text) : [];
  const source = assigned.length === 1 ? assigned[0]?.childForFieldName("right") ?? data : data;
  return source.descendantsOfType("keyword_argument").some((kw) => same.test(kw.childForFieldName("value")?.text ?? ""));
}

/**
 * The call renders one object's related rows (`obj.groups.all()`) inside a method of a serializer that no
 * list view and no `many=True` field renders, nor any subclass that inherits the method: it runs once
 * per response, over one object's children (rotation set 9: a questionnaire's groups on its detail page).
 */
function renderedOncePerResponse(ctx: RuleContext, call: SyntaxNode): string | undefined {
  const fn = enclosingFunction(call);
  const cls = fn ? classOfMethod(fn) : undefined;
  const method = fn?.childForFieldName("name")?.text;
  const line = (cls?.startPosition.row ?? -1) + 1;
  const ser = ctx.index.drf.serializersIn(ctx.file.path).find((s) => s.name === cls?.childForFieldName("name")?.text && s.line === line);
  if (!ser || !method) return undefined;
  const renders = new Set([ser.qn, ...[...ctx.index.drf.serializers.values()].filter((s) => s.methodDefiners.get(method) === ser.qn).map((s) => s.qn)]);
  const { views, nested } = listRenderers(ctx.index, renders);
  if (views.length > 0 || nested.length > 0) return undefined;
  // A page rendered with `S(page, many=True)` (not the requesting user's rows) is a list as a view's is.
  const calls = [...renders].flatMap((qn) => ctx.index.drf.serializers.get(qn)?.manyCalls ?? []);
  if (calls.some((c) => c.page && !c.user)) return undefined;
  if (calls[0]) return `the rows are one object's related rows, and ${codeSpan(ser.name)} is rendered in a list only with many=True in ${codeSpan(calls[0].fn)} (${calls[0].path}:${calls[0].line}), where nothing shows many rows`;
  return `the rows are one object's related rows, and no list view or \`many=True\` field is known to render ${codeSpan(ser.name)}: likely once per response`;
}

/**
 * The `queryset =` line or the `get_queryset` definition when this class writes it; when a base's
 * `get_queryset` refines the rows (`super().get_queryset()` cached or filtered in a mixin), this class's
 * own `queryset =`, where they start and the eager loads go; else the class name.
 */
function anchorOf(cls: SyntaxNode, view: ViewInfo): SyntaxNode {
  if (!("unresolved" in view.queryset)) {
    const own = view.queryset.origin.classQn === view.qn;
    const member = classMember(cls, own ? originMember(view.queryset.origin) : "queryset");
    const target = member?.type === "function_definition" ? member.childForFieldName("name") : member;
    if (target && (own || view.attrs.get("queryset")?.classQn === view.qn)) return target;
  }
  return cls.childForFieldName("name") ?? cls;
}

/** What the walk could not read: past relations (`partial`, grouped by reason) or beside the walked fields (`unchecked`). */
function uncheckedOf(walk: SerializerWalk): string[] {
  const past = new Map<string, string[]>();
  for (const p of walk.partial) past.set(p.reason, [...(past.get(p.reason) ?? []), codeSpan(p.prefix.slice(0, -2))]);
  return [...[...past].map(([reason, prefixes]) => `past ${[...new Set(prefixes)].join(", ")}: ${reason}`), ...new Set(walk.unchecked)];
}

/** The message parts that name the missing paths, the fields walking them, the eager loads to add and what was not checked. */
function missingData(missing: WalkedPath[], walk: SerializerWalk): Record<string, string> {
  const unchecked = uncheckedOf(walk);
  return {
    paths: missing.map((p) => codeSpan(p.path)).join(", "),
    via: [...new Set(missing.map((p) => p.via))].join(", "),
    them: missing.length === 1 ? "it" : "them",
    fix: fixText(missing),
    ...(unchecked.length > 0 ? { unchecked: unchecked.slice(0, 3).join("; ") + (unchecked.length > 3 ? `; ${unchecked.length - 3} more` : "") } : {}),
  };
}

function relatedOf(missing: WalkedPath[]): { path: string; range: { start: { line: number; column: number }; end: { line: number; column: number } }; message: string }[] {
  return missing.slice(0, 5).map((p) => ({ path: p.path_, range: { start: { line: p.line, column: 1 }, end: { line: p.line, column: 1 } }, message: `${p.via} walks ${p.path}` }));
}

function fixText(missing: WalkedPath[]): string {
  const single = missing.filter((p) => !p.many).map((p) => JSON.stringify(p.path));
  const many = missing.filter((p) => p.many).map((p) => JSON.stringify(p.path));
  const parts: string[] = [];
  if (single.length > 0) parts.push(`.select_related(${single.join(", ")})`);
  if (many.length > 0) parts.push(`.prefetch_related(${many.join(", ")})`);
  return codeSpan(parts.join(""));
}

/**
 * The missing paths added to the view's own `queryset = M.objects...` line (issue 9: "a suggestion that
 * adds exactly the missing paths"). Offered only where the shared eager-load fix is provably safe for
 * that chain (eager-fix.ts declines values(), only(), unions, ...), and only when both the
 * select_related and the prefetch_related part can be added.
 */
function querysetLineFix(ctx: RuleContext, cls: SyntaxNode, view: ViewInfo, model: ModelInfo, missing: WalkedPath[]): Fix | undefined {
  if ("unresolved" in view.queryset || view.queryset.origin.kind !== "attr" || view.queryset.origin.classQn !== view.qn) return undefined;
  const member = classMember(cls, "queryset");
  const assign = member?.type === "assignment" ? member : member?.parent?.type === "assignment" ? member.parent : undefined;
  const value = assign?.childForFieldName("right");
  const qs = value ? ctx.django.querySetOf(value) : undefined;
  if (!qs || qs.model.qualifiedName !== model.qualifiedName) return undefined;
  const single = maximalPaths(missing.filter((p) => !p.many).map((p) => p.path));
  const many = maximalPaths(missing.filter((p) => p.many).map((p) => p.path));
  const unconstrained = single.some((path) => hopsOf(ctx, model, path).some((f) => f?.kwargs.db_constraint === "False"));
  const nullable = single.some((path) => hopsOf(ctx, model, path).some((f) => f?.nullable !== false));
  const parts = [
    single.length > 0 ? eagerLoadFix({ qs, method: "select_related", paths: single, nullable, unconstrained }) : null,
    many.length > 0 ? eagerLoadFix({ qs, method: "prefetch_related", paths: many }) : null,
  ];
  if (parts.some((p) => p === undefined)) return undefined;
  const fixes = parts.filter((p): p is Fix => p !== null && p !== undefined);
  const edits = fixes.flatMap((f) => f.edits);
  // Both inserted right after the manager: one edit, select_related first.
  const merged = edits.length === 2 && JSON.stringify(edits[0]?.range) === JSON.stringify(edits[1]?.range) ? [{ range: edits[0]!.range, newText: edits.map((e) => e.newText).join("") }] : edits;
  return {
    safety: fixes.every((f) => f.safety === "safe") ? "safe" : "unsafe",
    title: `Eager-load ${[...single, ...many].join(", ")} in the queryset`,
    edits: merged,
  };
}

/** The forward fields along a path (`customer__region`), undefined for hops that are not forward FKs. */
function hopsOf(ctx: RuleContext, model: ModelInfo, path: string): (FieldInfo | undefined)[] {
  const out: (FieldInfo | undefined)[] = [];
  let current: ModelInfo | undefined = model;
  for (const name of path.split("__")) {
    const rel: RelationAccess | undefined = current ? ctx.django.relation(current, name) : undefined;
    const field: FieldInfo | undefined = rel?.kind === "forward" ? rel.field : undefined;
    out.push(field);
    current = field?.target?.resolved ? ctx.index.models.get(field.target.model) : undefined;
  }
  return out;
}
