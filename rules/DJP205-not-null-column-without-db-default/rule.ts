/**
 * DJP205 not-null-column-without-db-default: `AddField` on an existing table of a NOT NULL column
 * that has no database default (`db_default`), or whose `db_default` is volatile. Django fills the
 * existing rows with `default` and then drops the default from the column, so the application version
 * still running during the deploy inserts rows without the column and fails; on PostgreSQL < 11 (and
 * with a volatile default on any version) the ADD COLUMN also rewrites the table under an ACCESS
 * EXCLUSIVE lock.
 */
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import {
  NO_COLUMN_FIELDS,
  databaseFacts,
  existingTable,
  fieldClassFromOutside,
  literalFlag,
  nullableColumn,
  migrationView,
  operationAnchor,
  operationField,
  operationModel,
  lockedTableLevel,
  notNullColumnOfTheChange,
  oldReleaseStopped,
} from "../../src/analysis/django/migration-ops.js";
import { opArg } from "../../src/analysis/index/migrations/operations.js";
import type { Expr } from "../../src/analysis/index/expr.js";

/** Database functions that return a new value per row: a column default made of them rewrites the table. */
const VOLATILE = new Set(["RandomUUID", "Random", "GenRandomUUID", "UUID4"]);

const SUPPRESS = "Deployed with downtime, or the table is tiny? `# djperf: safe[DJP205] <reason>`.";

export default defineRule({
  id: "DJP205",
  name: "not-null-column-without-db-default",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "AddField of a NOT NULL column without a database default on an existing table: old code's inserts fail during the deploy.",
  messages: {
    noDbDefault:
      "Dangerous operation: {{op}} adds the NOT NULL column {{field}} to the existing table of {{model}} {{how}}. Django fills the existing rows and then drops the default from the column, so the old application version, still running while the migration deploys, inserts rows without {{field}} and gets a NOT NULL violation{{rewrite}}. Safe recipe: {{recipe}} " + SUPPRESS,
    volatileDbDefault:
      "Dangerous operation: {{op}} adds {{field}} to the existing table of {{model}} with the volatile database default {{dbDefault}}: PostgreSQL computes it per row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Safe recipe: 1. add the column with `null=True` and no database default; 2. backfill in batches in a separate migration (see DJP208); 3. make it NOT NULL in a later migration. " + SUPPRESS,
    notNullOfTheChange:
      "Dangerous operation: {{op}} makes {{field}} of the existing table of {{model}} NOT NULL without a database default, and the column is new: {{addedIn}}, a migration of this change, adds it. The old application version, still running while the migrations deploy, does not know {{field}}: its inserts leave it NULL and fail with a NOT NULL violation from this migration on (and SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock). Safe recipe: 1. leave this AlterField out of the release: the column stays nullable, as the change adds it, and the new code fills it; 2. deploy, then backfill the remaining NULLs in batches (DJP208); 3. make it NOT NULL in a later release, once no old code runs (DJP206 shows how PostgreSQL ≥ 12 skips the scan). On Django ≥ 5.0 a `db_default` on the field also keeps the old code's inserts working. " + SUPPRESS,
    defaultRewrite:
      "Dangerous operation: {{op}} adds {{field}} with a default to the existing table of {{model}}, and the database is PostgreSQL {{version}} (`database.postgres_version`): before PostgreSQL 11, ADD COLUMN with a default rewrites the whole table under an ACCESS EXCLUSIVE lock. Safe recipe: 1. add the column with `null=True` and no default; 2. set the default in a separate migration (new rows only); 3. backfill existing rows in batches (DJP208). " + SUPPRESS,
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const db = databaseFacts(ctx.index);
    if (db.zeroDowntime) return;
    const modern = ctx.index.versions.djangoAtLeast("5.0");
    const stopped = oldReleaseStopped(ctx);
    for (const op of view.ops) {
      if (op.fact.kind !== "AddField" && op.fact.kind !== "AlterField") continue;
      ctx.applies();
      const model = operationModel(op.fact);
      const field = operationField(op.fact);
      // A third-party field class may set `null` itself: the migration does not say the column is NOT NULL.
      if (!model || !field || NO_COLUMN_FIELDS.has(field.fieldClass) || fieldClassFromOutside(field, ctx.index)) continue;
      if (op.fact.kind === "AlterField") {
        // NOT NULL now on a column an earlier migration of the change added: the same break as an AddField.
        if (nullableColumn(field) || field.kwargs.has("db_default")) continue;
        const state = existingTable(ctx, view, op, model);
        const before = state?.fromModels ? undefined : state?.fields.get(field.name.toLowerCase());
        const addedIn = state && before ? notNullColumnOfTheChange(ctx.index, before, field) : undefined;
        if (!state || !addedIn) continue;
        const data = { op: codeSpan("AlterField"), field: codeSpan(field.name), model: codeSpan(state.name), addedIn: codeSpan(addedIn.slice(addedIn.lastIndexOf("/") + 1)) };
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "notNullOfTheChange", data, subject: `AlterField:${model}.${field.name}:not-null`, ...lockedTableLevel(ctx, view, state, "warn", "warn"), ...stopped });
        continue;
      }
      const pg = ctx.project.postgresVersion;
      if (field.fieldClass === "NullBooleanField" || (literalFlag(field, "null") !== false && field.kwargs.has("null"))) {
        // Nullable: only PostgreSQL < 11 rewrites, and only when Django fills a default into existing rows.
        if (pg === undefined || pg >= 11 || !hasFillingDefault(field.kwargs.get("default") ?? field.kwargs.get("db_default"))) continue;
        const state = existingTable(ctx, view, op, model);
        if (!state) continue;
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "defaultRewrite", data: { op: codeSpan("AddField"), field: codeSpan(field.name), model: codeSpan(state.name), version: pg }, subject: `AddField:${model}.${field.name}:rewrite`, ...lockedTableLevel(ctx, view, state, "warn", "warn") });
        continue;
      }
      if (literalFlag(field, "primary_key") === true || field.fieldClass.endsWith("AutoField")) continue;
      const dbDefault = field.kwargs.get("db_default");
      if (dbDefault && !isVolatile(dbDefault)) continue;
      const state = existingTable(ctx, view, op, model);
      if (!state) continue;
      const base = { op: codeSpan("AddField"), field: codeSpan(field.name), model: codeSpan(state.name) };
      const subject = `AddField:${model}.${field.name}`;
      const sized = lockedTableLevel(ctx, view, state, "warn", "warn");
      if (dbDefault) {
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "volatileDbDefault", data: { ...base, dbDefault: codeSpan(dbDefault.text) }, subject, ...sized });
        continue;
      }
      const def = field.kwargs.get("default");
      const oneOff = opArg(op.fact, "preserve_default")?.text === "False";
      const how = !def ? "without any default" : oneOff ? `with a one-off default (${codeSpan("preserve_default=False")})` : `with only a Python-side ${codeSpan("default=")}`;
      ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "noDbDefault", data: { ...base, how, recipe: recipeFor(def, modern), rewrite: rewriteNote(ctx.project.postgresVersion) }, subject, ...sized, ...stopped });
    }
  },
});

/** The ADD COLUMN rewrite is version-dependent: said as a condition unless `database.postgres_version` settles it. */
function rewriteNote(pg: number | undefined): string {
  if (pg === undefined) return " (PostgreSQL < 11 also rewrites the whole table under an ACCESS EXCLUSIVE lock)";
  return pg < 11 ? `; on PostgreSQL ${pg} the ADD COLUMN also rewrites the whole table under an ACCESS EXCLUSIVE lock` : "";
}

/** A default Django writes into existing rows: anything but `None` (absent or `default=None` fills nothing). */
function hasFillingDefault(e: Expr | undefined): boolean {
  return e !== undefined && e.t !== "none";
}

function isVolatile(e: Expr): boolean {
  if (e.t !== "call") return false;
  const fn = e.fn;
  const name = fn.t === "name" ? fn.dotted.slice(fn.dotted.lastIndexOf(".") + 1) : fn.t === "attr" ? fn.attr : "";
  return VOLATILE.has(name);
}

/** A number or boolean token (Expr keeps them as text); strings are Expr `str`. */
const LITERAL_TOKEN = /^(-?\d+(\.\d+)?|True|False)$/;

function recipeFor(def: Expr | undefined, modern: boolean | undefined): string {
  const nullable = "1. add the column with `null=True`; 2. deploy, then backfill existing rows in batches in a separate migration (DJP208); 3. make it NOT NULL in a later migration, once no old code runs.";
  if (!def || !(def.t === "str" || (def.t === "other" && LITERAL_TOKEN.test(def.text)))) return nullable;
  const withDbDefault = `set ${codeSpan(`db_default=${def.text}`)} on the model field as well as \`default\`, and regenerate the migration: the column keeps the default in the database, so old code's inserts succeed and PostgreSQL ≥ 11 adds it without a rewrite.`;
  if (modern === true) return withDbDefault;
  if (modern === false) return `${nullable} (On Django ≥ 5.0: ${withDbDefault})`;
  return `on Django ≥ 5.0, ${withDbDefault} Before 5.0: ${nullable}`;
}
