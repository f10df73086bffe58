/**
 * DJP212 containment-lookup-without-gin: a `filter()` / `exclude()` / `get()` (or a `Q(...)` inside
 * one) with a containment, key or full-text lookup (`tags__contains`, `data__has_key`,
 * `search__search`) on a JSONField / ArrayField / HStoreField / SearchVectorField of the model, when
 * no GIN or GiST index covers that field. Such lookups cannot use a B-tree index: without a GIN index
 * every query scans the whole table. Silent where a GIN index would not change that: a negated lookup
 * (`exclude()`, `~Q`), a database other than PostgreSQL, a third-party field of the same name (a text
 * column), or a QuerySet that other filters already narrow to one object's rows.
 */
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { containmentIndexOn } from "../../src/analysis/django/indexed-columns.js";
import { databaseFacts, largeTable } from "../../src/analysis/django/migration-ops.js";
import { lookupSites } from "../../src/analysis/django/lookups.js";
import { atMostOneRow, filtersByUnwrittenKeys } from "../../src/analysis/django/rows.js";
import { commandOnlyReason, pinnedInEveryBranch, rowsOfOneParent } from "../../src/analysis/django/impact.js";
import type { FieldInfo } from "../../src/analysis/index/types.js";
import { ginCreatedBySql } from "../../src/analysis/django/sql-indexes.js";

const LOOKUPS: ReadonlySet<string> = new Set(["contains", "contained_by", "has_key", "has_keys", "has_any_keys", "overlap", "search", "trigram_similar"]);
const CONTAINER_FIELDS: ReadonlySet<string> = new Set(["JSONField", "ArrayField", "HStoreField", "SearchVectorField"]);

export default defineRule({
  id: "DJP212",
  name: "containment-lookup-without-gin",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Containment / key / full-text lookup on a JSON, array, hstore or search-vector field that no GIN index covers: a full table scan per query.",
  messages: {
    noGin:
      "{{lookup}} on {{model}}.{{field}} ({{fieldClass}}) cannot use a B-tree index, and no GIN/GiST index covers {{field}}: every such query reads the whole table. Add `GinIndex(fields=[\"{{rawField}}\"], name=\"...\")` to `{{modelName}}.Meta.indexes` and create it with `AddIndexConcurrently` in a non-atomic migration (DJP201, DJP202). Small table? `# djperf: ignore[DJP212] <reason>`.",
  },
  check(ctx) {
    // GIN, jsonb containment and the `?` operators are PostgreSQL's; an unknown vendor keeps the finding.
    const vendor = databaseFacts(ctx.index).vendor;
    if (vendor !== "postgresql" && vendor !== "unknown") return;
    // One finding per filter call and field: `Q(data__contains=a) | Q(data__contains=b)` is one query.
    const reported = new Set<string>();
    for (const site of lookupSites(ctx.django)) {
      const parts = site.name.split("__");
      // `data__key__contains` (a key transform) is not served by a GIN index on `data`; related paths name another table.
      if (parts.length !== 2) continue;
      const [fieldName, lookup] = parts as [string, string];
      if (!LOOKUPS.has(lookup)) continue;
      const model = site.qs.model;
      const field = model.fields.get(fieldName);
      if (!field || !containerColumn(field)) continue;
      ctx.applies();
      if (!model.complete || model.isAbstract) continue;
      // NOT (col @> x) reads every row with or without a GIN index.
      if (site.negated) continue;
      // Narrowed by another indexed filter to a row or one object's rows (or by keys the code does not show).
      // A related manager reads one instance's rows through the foreign key's index, in a loop or not.
      const narrowed = site.qs.root === "related-manager" || rowsOfOneParent(ctx.django, site.qs) || pinnedInEveryBranch(site.qs) || atMostOneRow(site.qs) || filtersByUnwrittenKeys(site.qs);
      if (narrowed) continue;
      const key = `${site.call.id}:${field.name}`;
      if (reported.has(key)) continue;
      const covered = containmentIndexOn(model, field);
      if (covered !== "no") continue;
      if (ginCreatedBySql(ctx.index, model, field.name)) continue;
      reported.add(key);
      ctx.report({
        node: site.node,
        messageId: "noGin",
        data: { lookup: codeSpan(site.name), model: codeSpan(model.name), modelName: model.name, field: codeSpan(field.name), rawField: field.name, fieldClass: field.fieldClass },
        subject: `${model.qualifiedName}.${field.name}__${lookup}`,
        model: model.qualifiedName,
        ...largeTable(ctx, model.appLabel, model.name, "warn", "warn"),
        ...commandOnly(ctx.django, site.node),
      });
    }
  },
});

/**
 * The column is jsonb, an array, hstore or tsvector: the field is Django's class (django.db.models,
 * django.contrib.postgres), or a project class extending one. A third-party `JSONField` (the
 * `jsonfield` package stores JSON in a text column: `__contains` is a LIKE) or a class the imports do
 * not show is not.
 */
function containerColumn(field: FieldInfo): boolean {
  const origin = field.origin;
  return origin !== undefined && origin.startsWith("django.") && CONTAINER_FIELDS.has(origin.slice(origin.lastIndexOf(".") + 1));
}

/** A scan only a management command runs (rotation set 14: a prune command's `__contains` over saved queries): info, with the reason. */
function commandOnly(django: Parameters<typeof commandOnlyReason>[0], node: Parameters<typeof commandOnlyReason>[1]): { impact?: { level: "low"; reason: string } } {
  const reason = commandOnlyReason(django, node);
  return reason ? { impact: { level: "low", reason } } : {};
}
