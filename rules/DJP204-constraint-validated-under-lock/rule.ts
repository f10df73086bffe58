/**
 * DJP204 constraint-validated-under-lock: `AddConstraint` (UniqueConstraint, CheckConstraint)
 * on an existing table (AlterUniqueTogether: not yet). A unique constraint builds its unique
 * index under an ACCESS EXCLUSIVE lock; a check constraint scans every row under that lock. New
 * tables, non-PostgreSQL databases, the zero-downtime backend and `AddConstraintNotValid` are silent.
 */
import { normaliseSource } from "../../src/analysis/fingerprint.js";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { databaseFacts, existingTable, lockRulesApply, migrationView, operationAnchor, operationModel, lockedTableLevel } from "../../src/analysis/django/migration-ops.js";
import { opArg } from "../../src/analysis/index/migrations/operations.js";

const SUPPRESS = "Tiny table? `# djperf: safe[DJP204] <reason>`.";

export default defineRule({
  id: "DJP204",
  name: "constraint-validated-under-lock",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "AddConstraint (unique or check) on an existing table validates or builds under an ACCESS EXCLUSIVE lock.",
  messages: {
    unique:
      "Dangerous operation: {{op}} adds a unique constraint to the existing table of {{model}}: PostgreSQL builds its unique index while holding an ACCESS EXCLUSIVE lock, so every read and write of the table waits for the whole build. Safe recipe: 1. in a migration with `atomic = False`, `RunSQL(\"CREATE UNIQUE INDEX CONCURRENTLY <name> ON <table> (...)\")`; 2. `SeparateDatabaseAndState`: database `RunSQL(\"ALTER TABLE <table> ADD CONSTRAINT <name> UNIQUE USING INDEX <name>\")`, state the {{op}} as written. " + SUPPRESS,
    uniqueIndex:
      "Dangerous operation: {{op}} adds a conditional (or expression) unique constraint to the existing table of {{model}}: Django creates it with a plain CREATE UNIQUE INDEX, which blocks every write to the table until the build finishes. Safe recipe: 1. in a migration with `atomic = False`, `SeparateDatabaseAndState`: database `RunSQL(\"CREATE UNIQUE INDEX CONCURRENTLY … WHERE …\")`, state the {{op}} as written. " + SUPPRESS,
    check:
      "Dangerous operation: {{op}} adds a check constraint to the existing table of {{model}}: PostgreSQL checks every row while holding an ACCESS EXCLUSIVE lock. Safe recipe: {{recipe}} " + SUPPRESS,
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    const db = databaseFacts(ctx.index);
    if (!view || !lockRulesApply(db)) return;
    const notValid = ctx.index.versions.djangoAtLeast("4.0");
    for (const op of view.ops) {
      const kind = op.fact.kind;
      // AlterUniqueTogether is not reported yet: its usual `{("a", "b")}` set display is not read into
      // the replayed state, so an added set cannot be told from a kept one (README, Known problems).
      if (kind !== "AddConstraint") continue;
      ctx.applies();
      const model = operationModel(op.fact);
      if (!model) continue;
      let messageId: "unique" | "uniqueIndex" | "check";
      const c = opArg(op.fact, "constraint");
      const cls = c?.t === "call" ? (c.fn.t === "name" ? c.fn.dotted.split(".").pop() : c.fn.t === "attr" ? c.fn.attr : undefined) : undefined;
      if (cls === "UniqueConstraint") messageId = c?.t === "call" && (c.kwargs.has("condition") || c.args.length > 0) ? "uniqueIndex" : "unique";
      else if (cls === "CheckConstraint") messageId = "check";
      else continue;
      const state = existingTable(ctx, view, op, model);
      if (!state) continue;
      const recipe =
        notValid === false
          ? "1. `RunSQL(\"ALTER TABLE … ADD CONSTRAINT … CHECK (…) NOT VALID\")` in `SeparateDatabaseAndState` with the AddConstraint as state; 2. in a later migration `RunSQL(\"ALTER TABLE … VALIDATE CONSTRAINT …\")` (only a SHARE UPDATE EXCLUSIVE lock)."
          : "1. `AddConstraintNotValid` from `django.contrib.postgres.operations` (Django ≥ 4.0) instead of AddConstraint; 2. `ValidateConstraint` in a later migration (only a SHARE UPDATE EXCLUSIVE lock).";
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId,
        data: { op: codeSpan(kind), model: codeSpan(state.name), recipe },
        subject: `${kind}:${model}:${normaliseSource(op.fact.text)}`,
        ...lockedTableLevel(ctx, view, state, db.vendor === "unknown" ? "info" : "warn", "warn"),
      });
    }
  },
});
