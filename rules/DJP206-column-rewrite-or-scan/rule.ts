/**
 * DJP206 column-rewrite-or-scan: `AlterField` on an existing table that changes the column in a way
 * PostgreSQL can only apply by rewriting the table (a different column type, a shorter varchar, a
 * different decimal scale) or by scanning it (NOT NULL on a nullable column), both under an ACCESS
 * EXCLUSIVE lock. The previous definition comes from the migration history; without it the rule is
 * silent.
 */
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import {
  NO_COLUMN_FIELDS,
  columnOfTheChange,
  databaseFacts,
  existingTable,
  literalFlag,
  lockedTableLevel,
  makesNotNull,
  migrationView,
  notNullColumnOfTheChange,
  type MigrationOp,
  type MigrationView,
  operationAnchor,
  operationField,
  operationModel,
} from "../../src/analysis/django/migration-ops.js";
import { columnChange, type ColumnChange } from "./column-change.js";

const SUPPRESS = "Small table, or a maintenance window? `# djperf: safe[DJP206] <reason>`.";
const EXPAND_CONTRACT =
  "1. add a new column with the new definition (nullable); 2. write to both columns in the application; 3. backfill the new column in batches in a separate migration (DJP208); 4. switch reads to the new column, and drop the old one in a later release (see DJP207).";

export default defineRule({
  id: "DJP206",
  name: "column-rewrite-or-scan",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "AlterField that rewrites or scans an existing table under an ACCESS EXCLUSIVE lock (type change, shorter varchar, decimal scale, NOT NULL).",
  messages: {
    rewrite:
      "Dangerous operation: {{op}} changes {{field}} of the existing table of {{model}} ({{change}}). PostgreSQL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done. Safe recipe: {{recipe}} " + SUPPRESS,
    notNull:
      "Dangerous operation: {{op}} makes {{field}} of the existing table of {{model}} NOT NULL. `SET NOT NULL` scans every row under an ACCESS EXCLUSIVE lock, and fails if a NULL is left. Safe recipe: {{recipe}} " + SUPPRESS,
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const db = databaseFacts(ctx.index);
    if (db.vendor !== "postgresql" && db.vendor !== "unknown") return;
    for (const op of view.ops) {
      if (op.fact.kind !== "AlterField") continue;
      ctx.applies();
      const model = operationModel(op.fact);
      const after = operationField(op.fact);
      if (!model || !after || NO_COLUMN_FIELDS.has(after.fieldClass)) continue;
      const state = existingTable(ctx, view, op, model);
      // models.py gives the new definition, not the previous one: nothing to compare with.
      if (!state || state.fromModels) continue;
      const before = state.fields.get(after.name.toLowerCase());
      if (before && NO_COLUMN_FIELDS.has(before.fieldClass)) continue;
      if (!before) {
        ctx.unverified(`the previous definition of ${model}.${after.name} is not in the migration history`);
        continue;
      }
      const change = columnChange(before, after);
      // NOT NULL on a column the change itself added: DJP205 reports it (the old code's inserts fail), the scan with it.
      const notNull = makesNotNull(before, after) && !notNullColumnOfTheChange(ctx.index, before, after);
      if (!change && !notNull) continue;
      const base = { op: codeSpan("AlterField"), field: codeSpan(after.name), model: codeSpan(state.name) };
      // A primary key's type change rewrites the foreign keys to it as well: their tables' size counts too.
      const primaryKey = change?.kind === "type" && (literalFlag(before, "primary_key") === true || literalFlag(after, "primary_key") === true);
      const sized = lockedTableLevel(ctx, view, state, db.vendor === "unknown" ? "info" : "warn", "warn", primaryKey);
      const addedIn = columnOfTheChange(ctx.index, before);
      if (change) {
        const recipe = addedIn ? `the column is new in this change (${codeSpan(addedIn.slice(addedIn.lastIndexOf("/") + 1))} adds it) and nothing deployed uses its old definition: give it this definition in the migration that adds it (edit it, or squash the change's migrations) and leave this AlterField out; adding a nullable column rewrites nothing.` : EXPAND_CONTRACT;
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "rewrite", data: { ...base, change: describe(change), recipe }, subject: `AlterField:${model}.${after.name}:${change.kind}`, ...sized });
      } else {
        const earlier = !view.nonAtomic && before.addedIn === view.file.path ? addedEarlierHere(view, op, model, after.name) : undefined;
        const recipe = earlier
          ? "give the column its final definition in the AddField that adds it: NOT NULL with a `default` (PostgreSQL ≥ 11 adds a column with a constant default without a rewrite; on Django ≥ 5.0 `db_default` keeps it in the database) instead of adding it nullable, backfilling and then setting NOT NULL."
          : notNullRecipe(ctx.project.postgresVersion, ctx.index.versions.djangoAtLeast("4.0"));
        // The column is new in this very migration: its AddField took the table's ACCESS EXCLUSIVE lock, held until
        // the migration's transaction commits, so the scan lengthens that lock and takes no new one (rotation set 14).
        const level = earlier && !ctx.project.isLargeModel(state.app, state.name)
          ? { ...sized, impact: { level: "low" as const, reason: `${codeSpan(after.name)} is added by this same migration (line ${earlier}), whose transaction has held the table's ACCESS EXCLUSIVE lock since then: the scan lengthens that lock and takes no new one` } }
          : sized;
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId: "notNull", data: { ...base, recipe }, subject: `AlterField:${model}.${after.name}:not-null`, ...level });
      }
    }
  },
});

function describe(change: ColumnChange): string {
  switch (change.kind) {
    case "type":
      return `column type ${codeSpan(change.from)} → ${codeSpan(change.to)}`;
    case "shorter":
      return `${codeSpan("max_length")} ${change.from} → ${change.to}`;
    case "decimal":
      return `${codeSpan("DecimalField")} ${change.from} → ${change.to}`;
  }
}

/**
 * The line of an `AddField` of the same model and field earlier in this migration, if any: the column is
 * new here (FieldState.addedIn says which migration added it; this finds the operation).
 */
function addedEarlierHere(view: MigrationView, op: MigrationOp, model: string, field: string): number | undefined {
  for (const earlier of view.ops) {
    if (earlier === op) return undefined;
    if (earlier.fact.kind === "AddField" && operationModel(earlier.fact)?.toLowerCase() === model.toLowerCase() && operationField(earlier.fact)?.name.toLowerCase() === field.toLowerCase()) return earlier.node.startPosition.row + 1;
  }
  return undefined;
}

/**
 * PostgreSQL ≥ 12 skips the scan when a validated CHECK constraint already proves the column has no NULLs.
 * `AddConstraintNotValid` / `ValidateConstraint` came with Django 4.0: before it (the dependency files say so)
 * the same steps are written in SQL.
 */
function notNullRecipe(postgres: number | undefined, django40: boolean | undefined): string {
  const check =
    django40 === false
      ? "1. backfill NULLs in batches (DJP208); 2. `RunSQL(\"ALTER TABLE … ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID\")` (this project's Django is older than 4.0, which has no `AddConstraintNotValid`); 3. in a later migration `RunSQL(\"ALTER TABLE … VALIDATE CONSTRAINT …\")` (only a SHARE UPDATE EXCLUSIVE lock); 4. then this AlterField: PostgreSQL ≥ 12 uses the validated constraint and skips the scan; 5. drop the constraint with `RunSQL`."
      : "1. backfill NULLs in batches (DJP208); 2. add `CheckConstraint(check=Q(col__isnull=False), ...)` with `AddConstraintNotValid` (Django ≥ 4.0); 3. `ValidateConstraint` in a later migration (only a SHARE UPDATE EXCLUSIVE lock); 4. then this AlterField: PostgreSQL ≥ 12 uses the validated constraint and skips the scan; 5. remove the constraint.";
  if (postgres !== undefined && postgres < 12) {
    return `on PostgreSQL ${postgres} (\`database.postgres_version\`) the scan cannot be skipped: 1. backfill NULLs in batches (DJP208); 2. run this AlterField in a quiet period with a short \`lock_timeout\` (DJP213), or keep the column nullable and enforce the value in the application until the upgrade to PostgreSQL ≥ 12.`;
  }
  return postgres === undefined ? `${check} (Before PostgreSQL 12 the scan cannot be skipped; set \`database.postgres_version\` in the config for exact advice.)` : check;
}
