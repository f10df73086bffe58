/**
 * DJP211 index-advisor: indexes the project's own queries ask for, from the repository-wide lookup
 * count in the index (src/analysis/index/lookup-stats.ts): a column filtered in ≥ 3 call sites that no
 * index starts with, two columns filtered together in ≥ 3 sites without a composite index, a constant
 * flag or status filter in ≥ 3 sites (a partial index), and DRF `search_fields` searched with
 * `icontains` (a trigram GIN index). Info only: table sizes and selectivity are unknown statically.
 *
 * Where it reports: once per advice at the model (the field, or `class Meta`), which a whole-repository
 * `check` shows; and at each call site that counts towards it, which only pull-request mode shows
 * (src/report/advisor-window.ts), where the diff filter keeps the site the change added.
 */
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import type { IndexAdvice } from "../../src/analysis/index/lookup-stats.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { modelAnchors } from "./anchors.js";
import { databaseFacts } from "../../src/analysis/django/migration-ops.js";
import { searchFieldsWithoutTrigram } from "./search-fields.js";
import { useNode } from "./use-node.js";
import { btreeCreatedBySql } from "../../src/analysis/django/sql-indexes.js";

const CONCURRENT = "created with `AddIndexConcurrently` in a non-atomic migration (DJP201, DJP202)";
const SUPPRESS = "Small or rarely queried table? `# djperf: ignore[DJP211] <reason>` or `index_advisor: off`.";
const SAFE = `${CONCURRENT}. ${SUPPRESS}`;

export default defineRule({
  id: "DJP211",
  name: "index-advisor",
  category: "migrations",
  status: "preview",
  level: "info",
  confidence: "low",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Indexes the project's queries ask for: a column filtered in ≥ 3 call sites with no index, a column pair without a composite index, a constant flag filter (partial index), DRF search_fields (trigram GIN).",
  messages: {
    field:
      "{{model}}.{{field}} is filtered in {{count}} call sites ({{where}}), and no index starts with {{field}}: each of those queries scans the table. Add `models.Index(fields=[\"{{rawField}}\"], name=\"...\")` to `{{modelName}}.Meta.indexes`, " + SAFE,
    pair:
      "{{model}} is filtered on {{fields}} together in {{count}} call sites ({{where}}), and no index starts with both: add a composite `models.Index(fields=[{{fieldList}}], name=\"...\")` (most selective column first) to `{{modelName}}.Meta.indexes`, " + SAFE,
    partial:
      "{{model}} is filtered on {{condition}} in {{count}} call sites ({{where}}). A plain index on a flag rarely helps; a partial index does: `models.Index(fields=[...], condition=Q({{conditionCode}}), name=\"...\")` with the columns those queries filter or order by, " + SAFE,
    useField:
      "This lookup makes {{count}} call sites that filter {{model}}.{{field}}, and no index starts with {{field}}. Add `models.Index(fields=[\"{{rawField}}\"], name=\"...\")` to `{{modelName}}.Meta.indexes`, " + SAFE,
    usePair:
      "This lookup makes {{count}} call sites that filter {{model}} on {{fields}} together, with no composite index: add `models.Index(fields=[{{fieldList}}], name=\"...\")` to `{{modelName}}.Meta.indexes`, " + SAFE,
    usePartial:
      "This query makes {{count}} call sites that filter {{model}} on {{condition}}: a partial index (`condition=Q({{conditionCode}})`) on the columns they filter or order by serves them, " + SAFE,
    searchCast:
      "{{view}} searches {{model}}.{{field}} with `icontains` (`search_fields` without a prefix), ORed with {{cast}}, which is not a text column: `SearchFilter` matches each term against every field, and casting {{cast}} to text for every row defeats any index, so an index on {{field}} alone still scans the table. Take {{cast}} out of `search_fields` (filter it by exact value with a filter field instead: even `={{rawCast}}` compares a cast for a UUID), then add `GinIndex(fields=[\"{{rawField}}\"], name=\"...\", opclasses=[\"gin_trgm_ops\"])` (the `pg_trgm` extension, `TrigramExtension()` in a migration), " + CONCURRENT + ". " + SUPPRESS,
    search:
      "{{view}} searches {{model}}.{{field}} with `icontains` (`search_fields` without a prefix): `LIKE '%…%'` cannot use a B-tree index, so every search scans the table. Add `GinIndex(fields=[\"{{rawField}}\"], name=\"...\", opclasses=[\"gin_trgm_ops\"])` (the `pg_trgm` extension, `TrigramExtension()` in a migration), " + CONCURRENT + "; or search by prefix: `^{{rawField}}` (istartswith) or `={{rawField}}` (exact). " + SUPPRESS,
  },
  check(ctx) {
    if (!ctx.project.indexAdvisor || ctx.index.lookups.files === 0) return;
    // A table listed in small_models, or one the project lists whole in one widget (a select over every
    // row, an admin sidebar filter) and nowhere treats as large: a handful of rows, no index needed.
    const small = (qn: string): boolean => {
      const model = ctx.index.models.get(qn);
      return !model || ctx.project.isSmallModel(model.appLabel, model.name) || (ctx.sizes.small(qn) !== undefined && ctx.sizes.large(qn) === undefined);
    };
    // A partial index pays when the flag picks a small part of a big table: only on a table the project
    // shows to be large (large_models, or its own traces: raw id boxes, iterator(), pagination). A flag
    // on a lookup table of a few rows (note types, ranks) needs nothing.
    // MySQL has no partial indexes (Django ignores `condition=` there, models.W037).
    const partialIndexes = databaseFacts(ctx.index).vendor !== "mysql";
    const partialPays = (model: ModelInfo): boolean => partialIndexes && (ctx.project.isLargeModel(model.appLabel, model.name) || ctx.sizes.large(model.qualifiedName) !== undefined);
    // A migration's raw SQL may have built the index Meta does not list (`RunSQL("CREATE INDEX … (email)")`):
    // then one of the advised columns leads an index already (for a pair, silent rather than guess the second).
    const builtBySql = (model: ModelInfo, a: IndexAdvice): boolean =>
      a.fields.some((name) => {
        const field = model.fields.get(name);
        return field !== undefined && btreeCreatedBySql(ctx.index, model, field);
      });
    const unwanted = (model: ModelInfo, a: IndexAdvice): boolean => (a.kind === "partial" && !partialPays(model)) || builtBySql(model, a);
    for (const model of ctx.index.models.values()) {
      const advice = ctx.index.lookups.advice(model.qualifiedName);
      if (advice.length === 0 || small(model.qualifiedName)) continue;
      for (const a of advice) {
        if (unwanted(model, a)) continue;
        const place = placeOf(ctx, model, a);
        if (!place) continue;
        ctx.applies();
        ctx.report({
          node: place.node,
          messageId: a.kind,
          data: dataOf(a, model.name),
          subject: subjectOf(a),
          model: a.model,
          ...(place.causes.length > 0 ? { causes: place.causes } : {}),
          related: a.uses.slice(0, 5).map((u) => ({ path: u.path, range: { start: { line: u.line, column: u.column + 1 }, end: { line: u.line, column: u.column + 1 } }, message: "filtered here" })),
        });
      }
    }
    for (const { use, advice } of ctx.index.lookups.usesIn(ctx.file.path)) {
      const model = ctx.index.models.get(advice.model);
      if (!model || small(advice.model) || unwanted(model, advice)) continue;
      const node = useNode(ctx.file.tree.rootNode, use.line, use.column);
      if (!node) continue;
      ctx.applies();
      const modelName = model.name;
      ctx.report({ node, messageId: USE_MESSAGE[advice.kind], data: dataOf(advice, modelName), subject: `${subjectOf(advice)}:use`, model: advice.model });
    }
    for (const hit of searchFieldsWithoutTrigram(ctx)) {
      if (small(hit.model.qualifiedName)) continue;
      const cast = hit.castWith?.[0];
      ctx.report({
        node: hit.node,
        messageId: cast ? "searchCast" : "search",
        data: { view: codeSpan(hit.view), model: codeSpan(hit.model.name), field: codeSpan(hit.field), rawField: hit.field, ...(cast ? { cast: codeSpan(cast), rawCast: cast } : {}) },
        subject: `${hit.viewQn}.search_fields:${hit.field}`,
        model: hit.model.qualifiedName,
      });
    }
  },
});

/**
 * Where the model's advice goes in this file, so that it is said once: one-column advice (a plain or a
 * partial index) at the field's definition, on the abstract base when it is declared there (where the
 * index would be declared too; the base's file, not each model's); a pair at the model's `class Meta`
 * (or its name). Its causes are the definitions of the fields it names and `Meta`, so a change to
 * either is blamed for it.
 */
function placeOf(ctx: { file: { path: string; tree: { rootNode: SyntaxNode } }; index: { models: ReadonlyMap<string, ModelInfo> } }, model: ModelInfo, a: IndexAdvice): { node: SyntaxNode; causes: SyntaxNode[] } | undefined {
  const root = ctx.file.tree.rootNode;
  const own = model.path === ctx.file.path ? modelAnchors(root, model) : undefined;
  const declared = a.fields.map((name) => {
    const base = ctx.index.models.get(model.fields.get(name)?.declaredOn ?? "");
    if (base && base !== model && base.isAbstract) return { onBase: true, node: base.path === ctx.file.path ? modelAnchors(root, base)?.fields.get(name) : undefined };
    return { onBase: false, node: own?.fields.get(name) };
  });
  const fieldNodes = declared.flatMap((d) => (d.node ? [d.node] : []));
  const causes = [...fieldNodes, ...(own?.meta ? [own.meta] : [])];
  const single = a.fields.length === 1 ? declared[0] : undefined;
  if (single?.node) return { node: single.node, causes };
  // Declared on an abstract base in another file: said there.
  if (single?.onBase || !own) return undefined;
  return { node: own.meta ?? own.name, causes };
}

const USE_MESSAGE = { field: "useField", pair: "usePair", partial: "usePartial" } as const;

function subjectOf(a: IndexAdvice): string {
  return `${a.model}:${a.kind}:${a.fields.join("+")}${a.value !== undefined ? `=${a.value}` : ""}`;
}

function dataOf(a: IndexAdvice, modelName: string): Record<string, string | number> {
  const files = new Set(a.uses.map((u) => u.path));
  const first = [...files].slice(0, 2).map((p) => codeSpan(p)).join(", ");
  return {
    model: codeSpan(modelName),
    modelName,
    field: codeSpan(a.fields[0] ?? ""),
    rawField: a.fields[0] ?? "",
    fields: a.fields.map((f) => codeSpan(f)).join(" and "),
    fieldList: a.fields.map((f) => JSON.stringify(f)).join(", "),
    condition: codeSpan(`${a.fields[0] ?? ""}=${a.value ?? ""}`),
    conditionCode: `${a.fields[0] ?? ""}=${a.value ?? ""}`,
    count: a.uses.length,
    where: files.size > 2 ? `${first} and ${files.size - 2} more file${files.size - 2 === 1 ? "" : "s"}` : first,
  };
}

