/**
 * DJP207 backward-incompatible-schema-change: `RemoveField`, `DeleteModel`, `RenameField`,
 * `RenameModel`, `AlterModelTable` and `AlterField` changing `db_column` on an existing table. The
 * application version still running during the deploy selects the old columns by name and fails.
 * State-only changes (`SeparateDatabaseAndState`) are the safe recipe and are not reported; tables the
 * change creates, and models the history does not know, are silent.
 */
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { columnOfTheChange, existingTable, migrationView, nullableColumn, oldReleaseStopped, operationAnchor, operationField, operationModel } from "../../src/analysis/django/migration-ops.js";
import { opString } from "../../src/analysis/index/migrations/operations.js";
import type { FieldState, ModelState } from "../../src/analysis/index/migrations/state.js";
import { columnOf } from "../../src/analysis/django/alter-field.js";

const SUPPRESS = "Already unused by the deployed code? `# djperf: safe[DJP207] <reason>`.";

export default defineRule({
  id: "DJP207",
  name: "backward-incompatible-schema-change",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "Dropping or renaming a column or table that the running (old) code still uses during the deploy.",
  messages: {
    dropColumn:
      "Dangerous operation: {{op}} drops the column {{field}} of {{model}}. The previous release, still serving requests while the migration runs, selects that column by name in every query on {{model}} and fails with `column does not exist` until all processes run the new code. Safe recipe: 1. release 1: {{firstStep}}; 2. release 2: drop the column with `RunSQL` or a plain RemoveField once no old code runs. " + SUPPRESS,
    dropJoinTable:
      "Dangerous operation: {{op}} drops the many-to-many field {{field}} of {{model}}, and with it its join table. The previous release, still serving requests while the migration runs, reads and writes that table whenever it touches {{field}} and fails with `relation does not exist` until all processes run the new code. Safe recipe: 1. release 1: remove the field from the model and make the migration state-only (`SeparateDatabaseAndState(state_operations=[RemoveField(...)], database_operations=[])`); 2. release 2: drop the join table once no old code runs. " + SUPPRESS,
    dropTable:
      "Dangerous operation: {{op}} drops the table of {{model}} while the previous release may still read and write it during the deploy. Safe recipe: 1. release 1: stop using the model in code (keep the table); 2. release 2: delete the model. " + SUPPRESS,
    rename:
      "Dangerous operation: {{op}} renames {{what}} of {{model}}: the previous release, still running during the deploy, uses the old name and fails on every query that touches it. Safe recipe: 1. rename in code only: keep the database name with `db_column=`/`db_table=` (no migration on the database); or 2. add the new column/table, write to both, backfill, switch reads, then drop the old one in a later release. " + SUPPRESS,
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    // Django writes these operations once the model code lost the field or class: when the change left the
    // app's code alone, the base (the previous release) had already lost it and selects nothing dropped here.
    const dir = view.facts?.dir ?? ctx.file.path.slice(0, ctx.file.path.lastIndexOf("/"));
    const appChanged = ctx.index.migrations.appCodeChanged(dir);
    // No previous release runs during a stop-migrate-start deploy (the config says so; never guessed): info.
    // One revision cannot show whether the previous release still used it (rotation 4: 25 of 64 right): info.
    const wholeRepository = appChanged === undefined ? { impact: { level: "low" as const, reason: "a whole-repository check cannot see whether the previous release still used it (`djperf diff` compares with the base)" } } : {};
    const unknownPrevious = oldReleaseStopped(ctx) ?? wholeRepository;
    // Migrating after the deploy: the new release serves first and already uses the new name, so a rename
    // breaks it until the migration has run; drops are safe (the new release no longer reads what is dropped).
    const renamed = ctx.project.deploy === "migrate-after-deploy" ? { ...wholeRepository, note: RENAME_AFTER_DEPLOY } : unknownPrevious;
    // A column an earlier migration of the same pull request added (or renamed to): the previous release never selects it.
    const newInChange = (f: FieldState | undefined): boolean => columnOfTheChange(ctx.index, f) !== undefined;
    // Django removes a deleted model's relation fields first: those RemoveFields are part of the DeleteModel, reported once.
    const deletedLater = (index: number, model: string): boolean =>
      view.ops.some((o) => o.index > index && o.fact.kind === "DeleteModel" && operationModel(o.fact) === model);
    for (const op of view.ops) {
      const kind = op.fact.kind;
      if (!["RemoveField", "DeleteModel", "RenameField", "RenameModel", "AlterModelTable", "AlterField"].includes(kind)) continue;
      ctx.applies();
      // Examined and safe: the previous release no longer has the field or model.
      if (appChanged === false) continue;
      const model = kind === "RenameModel" ? opString(op.fact, "old_name")?.toLowerCase() : operationModel(op.fact);
      if (!model || (kind !== "DeleteModel" && deletedLater(op.index, model))) continue;
      let messageId: "dropColumn" | "dropJoinTable" | "dropTable" | "rename";
      let what = "";
      let field = opString(op.fact, "name") ?? "";
      if (kind === "AlterField") {
        const after = operationField(op.fact);
        if (!after) continue;
        const state = existingTable(ctx, view, op, model);
        const before = state?.fields.get(after.name.toLowerCase());
        if (!state || !before || newInChange(before)) continue;
        // A db_column that names the column the field already had (`db_column="sku"` on `sku`) renames nothing.
        if (columnOf(before) === columnOf(after)) continue;
        // Say the column names, not the keyword: a relation becoming a plain column renames `x_id` to `x` with no db_column on either side.
        messageId = "rename";
        what = `the column of ${codeSpan(after.name)} (${codeSpan(columnOf(before))} → ${codeSpan(columnOf(after))})`;
        ctx.report({ node: operationAnchor(op), scope: op.node, messageId, data: { op: codeSpan(kind), model: codeSpan(state.name), what }, subject: `${kind}:${model}.${after.name}`, ...renamed });
        continue;
      }
      const state = existingTable(ctx, view, op, model);
      if (!state) continue;
      const column = kind === "RemoveField" ? field : kind === "RenameField" ? (opString(op.fact, "old_name") ?? "") : "";
      if (column && newInChange(state.fields.get(column.toLowerCase()))) continue;
      // A many-to-many field has no column: RemoveField drops its join table (rotation set 5, evennia).
      const removed = kind === "RemoveField" ? state.fields.get(column.toLowerCase()) : undefined;
      // A many-to-many field with its own `through` model has no table of its own: RemoveField runs no SQL, and the
      // through model's DeleteModel, reported on its own, drops the table (rotation set 12, SHARE).
      if (removed?.fieldClass === "ManyToManyField" && removed.kwargs.has("through")) continue;
      if (kind === "RemoveField") messageId = removed?.fieldClass === "ManyToManyField" ? "dropJoinTable" : "dropColumn";
      else if (kind === "DeleteModel") messageId = "dropTable";
      else {
        messageId = "rename";
        if (kind === "RenameField") {
          field = opString(op.fact, "old_name") ?? "";
          what = `the column ${codeSpan(field)} to ${codeSpan(opString(op.fact, "new_name") ?? "?")}`;
          // A field with its own db_column keeps the column: renaming it is state-only.
          if (state.fields.get(field.toLowerCase())?.kwargs.has("db_column")) continue;
        } else if (kind === "RenameModel") {
          what = "the table";
          if (state.dbTable) continue;
        } else {
          what = "the table";
          // Django's alter_db_table does nothing when the name stays: `db_table` written out as the table's current name.
          if (opString(op.fact, "table") === currentTable(state)) continue;
        }
      }
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId,
        data: { op: codeSpan(kind), model: codeSpan(state.name), field: codeSpan(field), what, firstStep: removed ? firstStepOfDrop(removed) : "" },
        subject: `${kind}:${model}.${field}`,
        ...(messageId === "rename" ? renamed : unknownPrevious),
      });
    }
  },
});

const RENAME_AFTER_DEPLOY =
  "Note: the config says the project migrates after the new release has replaced the old one (`migrations.deploy: migrate-after-deploy`): the new release, serving before this migration runs, uses the new name and fails until it has run.";

/**
 * The table's name in the replayed state: its `db_table`, else Django's default `<app label>_<model>`
 * (lower-case model name). The label is the one the migrations spell now: a table created under an
 * earlier label (an app renamed, its django_migrations rows rewritten) keeps the old name in the
 * database, which no migration shows (DJP207 README).
 */
function currentTable(state: ModelState): string {
  return state.dbTable ?? `${state.app}_${state.name.toLowerCase()}`;
}

const STATE_ONLY = "remove the field from the model and make the migration state-only (`SeparateDatabaseAndState(state_operations=[RemoveField(...)], database_operations=[])`)";

/**
 * Release 1 of dropping a column. A state-only removal is enough for a column that allows NULL or has a
 * database default; a NOT NULL column without one also needs its NOT NULL dropped in that release: the new
 * release's inserts no longer name the column and would fail on it (rotation set 12, SHARE's judged PR mode).
 */
function firstStepOfDrop(field: FieldState): string {
  if (nullableColumn(field) || field.kwargs.has("db_default")) return STATE_ONLY;
  return `make the column nullable (\`AlterField\` with \`null=True\`: PostgreSQL drops NOT NULL without a scan) and ${STATE_ONLY} in the same release: the column is NOT NULL, so with the state-only removal alone the new release's inserts, which no longer name it, fail`;
}
