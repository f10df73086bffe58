/**
 * DJP210 ordering-on-unindexed-field: a model's default `Meta.ordering`, or an ad-hoc `order_by()`,
 * whose leading field has no B-tree index that starts with it, and `order_by("?")`. Every list query
 * on the model then sorts the whole matching set (and a paginated page still sorts everything before
 * taking its LIMIT). Only the leading field is checked: it decides whether an index can serve the sort.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { stringValue } from "../../src/analysis/index/expr.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import type { Impact } from "../../src/analysis/finding.js";
import { listImpact, listsOneRow, wholeTableImpact } from "../../src/analysis/django/drf-classes.js";
import { fieldByName, leadsBtreeIndex, orderedUnderParentKey } from "../../src/analysis/django/indexed-columns.js";
import { databaseFacts, indexCreationAdvice, largeTable } from "../../src/analysis/django/migration-ops.js";
import { metaOrderingNodes } from "./meta-ordering.js";
import { boundByParentLookup, filtersOnMissingField, narrowedByIndexedFilter } from "./narrowed.js";
import { inPrefetchQueryset } from "../../src/analysis/django/prefetch-querysets.js";
import { cursorSites, orderingFieldsSites } from "../../src/analysis/django/drf-orderings.js";

const RECIPE = "{{recipe}}";

export default defineRule({
  id: "DJP210",
  name: "ordering-on-unindexed-field",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Default Meta.ordering or order_by() on a field no index starts with, and order_by(\"?\"): every list query sorts the whole set.",
  messages: {
    metaOrdering:
      "{{model}} orders every query by {{field}} (`Meta.ordering`), and no index starts with {{field}}: each list query, admin page and paginated API page sorts all matching rows before returning the first ones. Safe fix: " + RECIPE + " Small table? `# djperf: ignore[DJP210] <reason>`.",
    orderBy:
      "`order_by({{order}})` sorts {{model}} by {{field}}, which no index starts with: the database sorts every matching row. If this runs on a large table, " + RECIPE,
    drfOrdering:
      "{{view}} lists {{model}} ordered by {{field}} (`ordering`), and no index starts with {{field}}: every page of the endpoint sorts all matching rows first. Safe fix: " + RECIPE + " Small table? `# djperf: ignore[DJP210] <reason>`.",
    orderingFields:
      "{{view}} lets clients sort {{model}} by {{field}} (`ordering_fields`), and no index starts with {{field}}: a list request with `?ordering={{order}}` sorts all matching rows before returning a page. Safe fix: " + RECIPE + " Or drop it from `ordering_fields`. Small table? `# djperf: ignore[DJP210] <reason>`.",
    cursor:
      "{{view}} is a cursor pagination ordered by {{field}} (`{{order}}`) and paginates {{model}}, where no index starts with {{field}}: every page filters and sorts on that column. Safe fix: " + RECIPE + " Small table? `# djperf: ignore[DJP210] <reason>`.",
    random:
      "`order_by(\"?\")` makes the database compute a random value for every row of {{model}} and sort them all. Pick random primary keys instead (e.g. sample ids from `values_list(\"pk\", flat=True)` with a bounded range) and fetch those rows.",
  },
  check(ctx) {
    const create = indexCreationAdvice(databaseFacts(ctx.index));
    for (const model of ctx.index.models.values()) {
      if (model.path !== ctx.file.path || model.isAbstract || model.isProxy || !model.complete) continue;
      const items = metaOrderingNodes(ctx.file.tree.rootNode, model);
      const first = items[0];
      if (!first) continue;
      ctx.applies();
      // A later key across a relation (`"lead__client__name"`) makes every query join and sort the joined
      // rows: no index of this table can serve that sort, so the index advice would be wrong.
      if (items.some((item) => sortsAcrossRelation(item.value))) continue;
      const problem = unindexedOrdering(ctx.index.models, model, first.value);
      // The composite index the advice asks for is there: the field follows the parent's key in it.
      if (!problem || orderedUnderParentKey(model, fieldByName(model, problem)!)) continue;
      ctx.report({
        node: first.node,
        messageId: "metaOrdering",
        data: { model: codeSpan(model.name), field: codeSpan(problem), recipe: recipe(model.name, first.value, create) },
        subject: `${model.qualifiedName}.Meta.ordering:${first.value}`,
        model: model.qualifiedName,
        ...largeTable(ctx, model.appLabel, model.name, "warn", "warn"),
        impact: sortImpact(wholeTableImpact(model.qualifiedName, model.name)),
      });
    }
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      const ordering = view.attrs.get("ordering");
      if (!view.listCapable || !ordering || ordering.path !== ctx.file.path || "unresolved" in view.queryset || listsOneRow(view)) continue;
      const model = ctx.index.models.get(view.queryset.model);
      const first = ordering.value.t === "seq" ? ordering.value.items[0] : ordering.value;
      if (!model || !model.complete || first?.t !== "str") continue;
      ctx.applies();
      const problem = unindexedOrdering(ctx.index.models, model, first.value);
      const node = problem ? assignmentAt(ctx.django.nodesOfType("assignment"), ordering.line, "ordering") : undefined;
      const scope = scopeColumn(view, model);
      if (!problem || !node || (scope && scopedIndexExists(model, scope, problem))) continue;
      ctx.report({
        node,
        messageId: "drfOrdering",
        data: { view: codeSpan(view.name), model: codeSpan(model.name), field: codeSpan(problem), recipe: recipe(model.name, first.value, create, scope) },
        subject: `${view.qn}.ordering:${first.value}`,
        model: model.qualifiedName,
        ...largeTable(ctx, model.appLabel, model.name, "warn", "warn"),
        impact: sortImpact(listImpact(view, model)),
      });
    }
    for (const site of [...orderingFieldsSites(ctx), ...cursorSites(ctx)]) {
      if (listsOneRow(site.view)) continue;
      const problem = unindexedOrdering(ctx.index.models, site.model, site.order);
      const model = site.model;
      const scope = scopeColumn(site.view, model);
      if (!problem || (scope && scopedIndexExists(model, scope, problem))) continue;
      ctx.report({
        node: site.node,
        messageId: site.kind,
        data: { view: codeSpan(site.owner), model: codeSpan(model.name), field: codeSpan(problem), order: site.order, recipe: recipe(model.name, site.order, create, scope) },
        subject: `${site.ownerQn}.${site.kind}:${model.qualifiedName}:${site.order}`,
        model: model.qualifiedName,
        ...largeTable(ctx, model.appLabel, model.name, "warn", "warn"),
        impact: sortImpact(listImpact(site.view, model, true)),
      });
    }
    for (const call of ctx.django.nodesOfType("call")) {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "order_by") continue;
      const arg = call.childForFieldName("arguments")?.namedChildren[0];
      const value = arg ? stringValue(arg) : undefined;
      if (!arg || value === undefined) continue;
      const qs = ctx.django.querySetOf(call);
      if (!qs || !qs.model.complete) continue;
      ctx.applies();
      const model = qs.model;
      const sized = largeTable(ctx, model.appLabel, model.name, "info", "info");
      if (value === "?") {
        ctx.report({ node: arg, messageId: "random", data: { model: codeSpan(model.name) }, subject: `${model.qualifiedName}.order_by:?`, model: model.qualifiedName, level: "info", ...sized });
        continue;
      }
      const problem = unindexedOrdering(ctx.index.models, model, value);
      // A related manager's rows, and a Prefetch queryset's (Django adds the parents' keys), are one parent's few.
      if (!problem || qs.root === "related-manager" || narrowedByIndexedFilter(qs, ctx.index.models) || filtersOnMissingField(qs, ctx.index.models) || inPrefetchQueryset(call) || boundByParentLookup(call, qs, ctx.index.models)) continue;
      ctx.report({
        node: arg,
        messageId: "orderBy",
        data: { model: codeSpan(model.name), field: codeSpan(problem), order: value, recipe: recipe(model.name, value, create) },
        subject: `${model.qualifiedName}.order_by:${value}`,
        model: model.qualifiedName,
        level: "info",
        ...sized,
      });
    }
  },
});

/**
 * A sort of every row costs only on a table of very many rows (a few thousand sort in milliseconds): of the
 * project's size traces only those that say so raise it (Impact.manyRows). Rotation set 9: lookup tables
 * behind a raw id box, a paginated admin list, models inheriting an audit mixin's indexed `created_on`
 * were reported at warn.
 */
function sortImpact(impact: Impact): Impact {
  return impact.walks === undefined ? impact : { ...impact, manyRows: true, reason: `nothing shows that ${impact.walks.slice(impact.walks.lastIndexOf(".") + 1)} holds very many rows, and a sort of a few thousand costs little (list it in \`large_models\` if it does)` };
}

/**
 * The safe fix: an index led by the sort column, or, when every list of the view filters by one column
 * first (one user's, one committee's rows: the view's bound), the composite index (that column, the sort
 * column). Under that filter PostgreSQL reads the scope's rows by the scope's index and sorts them; an index on
 * the sort column alone would not be used (rotation set 14: per-committee contact and transaction lists).
 */
function recipe(modelName: string, order: string, create: string, scope?: string): string {
  if (scope) return `add the composite index \`models.Index(fields=["${scope}", "${order}"], name="...")\` to \`${modelName}.Meta.indexes\` (every list filters by \`${scope}\` first, so an index on the sort column alone would not serve it), ${create}.`;
  return `add \`models.Index(fields=["${order}"], name="...")\` to \`${modelName}.Meta.indexes\` (or a composite index led by the column you filter on), ${create}.`;
}

/**
 * The column a bounded view's list always filters on by equality (`filter(committee_account_id=...)` in
 * `get_queryset`, the view's bound lookups): the field's name when it is one column of the model's own table.
 */
function scopeColumn(view: ViewInfo | undefined, model: ModelInfo): string | undefined {
  const bound = view?.bound;
  if ((bound?.kind !== "user" && bound?.kind !== "parent") || bound.lookups?.length !== 1) return undefined;
  const lookup = (bound.lookups[0] ?? "").replace(/__exact$/, "");
  const field = lookup.includes("__") ? undefined : fieldByName(model, lookup);
  return field && (field.kind === "concrete" || field.kind === "fk" || field.kind === "o2o") ? field.name : undefined;
}

/** A B-tree index (no condition) on (scope, sort column, ...): the composite index the advice asks for is there. */
function scopedIndexExists(model: ModelInfo, scope: string, sort: string): boolean {
  return model.meta.indexes.some((i) => !i.hasCondition && i.fields.length >= 2 && fieldByName(model, i.fields[0] ?? "")?.name === scope && fieldByName(model, (i.fields[1] ?? "").replace(/^-/, ""))?.name === sort);
}

/** `"lead__client__name"` / `"-lead__name"`: an ordering key on another table (a join per query). */
function sortsAcrossRelation(key: string): boolean {
  return key.replace(/^-/, "").includes("__");
}

/** The `name = …` assignment on a 1-based line. */
function assignmentAt(assignments: readonly SyntaxNode[], line: number, name: string): SyntaxNode | undefined {
  return assignments.find((a) => a.startPosition.row + 1 === line && a.childForFieldName("left")?.text === name);
}

/**
 * The field name when `order` (`-created`) names a concrete column of the model's own table that no
 * B-tree index starts with; undefined when it is indexed, a relation (ordered by the other model's
 * ordering), a related path, an expression, or not a field the index knows.
 */
function unindexedOrdering(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, order: string): string | undefined {
  const name = order.replace(/^[-+]/, "");
  // Django's own tables (auth_user, auth_permission) take no index from the project's models.
  if (model.builtin || name === "" || name.includes("__") || name === "?") return undefined;
  const field = fieldByName(model, name);
  if (!field || field.kind !== "concrete") return undefined;
  // A sort by a flag: an index led by a two-valued column serves no page of it (rotation set 14: `memo_code`).
  if (/(^|\.)(Null)?BooleanField$/.test(field.fieldClass)) return undefined;
  const owner = models.get(field.declaredOn);
  // A multi-table parent's column lives in the parent's table.
  if (owner && owner !== model && !owner.isAbstract) return undefined;
  return leadsBtreeIndex(model, field) ? undefined : field.name;
}


