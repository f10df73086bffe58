/**
 * DJP203 field-adds-index-or-fk: `AddField` on an existing table whose field brings an index or a
 * foreign key (ForeignKey / OneToOneField, `db_index=True`, `unique=True`), or `AlterField` that turns
 * one of those on compared with the replayed state. The implicit CREATE INDEX locks writes for the
 * build, and ADD CONSTRAINT … FOREIGN KEY validates every row while locking both tables.
 */
import { concurrentIndexStep } from "../../src/analysis/django/migration-recipes.js";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import {
  databaseFacts,
  existingTable,
  fieldIndexKind,
  lockRulesApply,
  migrationView,
  operationAnchor,
  operationField,
  operationModel,
  lockedTableLevel,
} from "../../src/analysis/django/migration-ops.js";

const SUPPRESS = "Tiny table? `# djperf: safe[DJP203] <reason>`.";

export default defineRule({
  id: "DJP203",
  name: "field-adds-index-or-fk",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "AddField/AlterField adds a foreign key or an index to an existing table, built under lock.",
  messages: {
    foreignKey:
      "Dangerous operation: {{op}} adds the {{kind}} {{field}} to the existing table of {{model}}. Django creates its index with a plain CREATE INDEX (writes blocked for the whole build) and adds the FOREIGN KEY constraint, which checks every row while holding a lock on both tables. Safe recipe: 1. add the field with `db_index=False, db_constraint=False` (and `null=True`); 2. build the column's index separately, with {{concurrently}}; 3. add the constraint with `RunSQL(\"ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … NOT VALID\")` inside `SeparateDatabaseAndState`, then `VALIDATE CONSTRAINT` in a later migration. " + SUPPRESS,
    index:
      "Dangerous operation: {{op}} gives the existing table of {{model}} the {{kind}} column {{field}}: Django builds its index with a plain CREATE INDEX, which blocks every write to the table until the build finishes. Safe recipe: 1. add or alter the field without {{kwarg}}; 2. add the index separately, with {{concurrently}}{{uniqueStep}}. " + SUPPRESS,
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view || !lockRulesApply(databaseFacts(ctx.index))) return;
    const db = databaseFacts(ctx.index);
    for (const op of view.ops) {
      const kind = op.fact.kind;
      if (kind !== "AddField" && kind !== "AlterField") continue;
      ctx.applies();
      const model = operationModel(op.fact);
      const field = operationField(op.fact);
      if (!model || !field) continue;
      const adds = fieldIndexKind(field);
      if (!adds) continue;
      const state = existingTable(ctx, view, op, model);
      if (!state) continue;
      if (kind === "AlterField") {
        // Only a change that turns the index or the constraint on; unknown prior field → silent.
        const before = state.fields.get(field.name.toLowerCase());
        if (!before) {
          ctx.unverified(`the state of ${model}.${field.name} before this migration is not known`);
          continue;
        }
        if (fieldIndexKind(before) !== undefined) continue;
      }
      const relation = adds === "fk" || adds === "o2o";
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId: relation ? "foreignKey" : "index",
        data: {
          op: codeSpan(kind),
          model: codeSpan(state.name),
          field: codeSpan(field.name),
          concurrently: concurrentIndexStep(ctx.index.versions, "add"),
          kind: adds === "fk" ? "foreign key" : adds === "o2o" ? "one-to-one key" : adds === "unique" ? "unique" : "indexed",
          kwarg: codeSpan(adds === "unique" ? "unique=True" : "db_index=True"),
          uniqueStep: adds === "unique" ? " (a unique index: `models.Index(..., name=...)` cannot be unique, so use `RunSQL(\"CREATE UNIQUE INDEX CONCURRENTLY …\")` with `SeparateDatabaseAndState`, then switch the field to `unique=True` in state only)" : "",
        },
        subject: `${kind}:${model}.${field.name}:${adds}`,
        ...lockedTableLevel(ctx, view, state, db.vendor === "unknown" ? "info" : "warn", "warn"),
      });
    }
  },
});
