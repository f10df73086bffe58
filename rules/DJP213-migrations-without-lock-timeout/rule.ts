/**
 * DJP213 migrations-without-lock-timeout: a migration that locks an existing table (schema change,
 * index build, constraint, DDL in RunSQL) while nothing bounds how long it may wait for that lock: no
 * `lock_timeout` in the database OPTIONS, no django-pg-zero-downtime-migrations LOCK_TIMEOUT, no `SET
 * lock_timeout` in the migration. A waiting ACCESS EXCLUSIVE request queues every later query on the
 * table behind it, so a migration stuck behind one long transaction takes the site down.
 */
import { z } from "zod";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import {
  NO_COLUMN_FIELDS,
  databaseFacts,
  droppedLater,
  migrationView,
  operationAnchor,
  operationField,
  operationModel,
  runSqlTexts,
  tableOf,
  type MigrationOp,
  type MigrationView,
} from "../../src/analysis/django/migration-ops.js";
import { alterFieldRunsSql } from "../../src/analysis/django/alter-field.js";
import type { ProjectIndex } from "../../src/analysis/index/types.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";

/** Operations that take a lock on an existing table (ACCESS EXCLUSIVE, or SHARE for a plain index build). */
const LOCKING = new Set([
  "AddField", "AlterField", "RemoveField", "RenameField", "AddIndex", "RemoveIndex", "AlterIndexTogether", "AlterUniqueTogether",
  "AddConstraint", "RemoveConstraint", "AlterModelTable", "RenameModel", "DeleteModel",
]);
/** DDL that locks a table, as it starts a RunSQL statement. */
const LOCKING_SQL = /^\s*(ALTER\s+TABLE|CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)|DROP\s+INDEX\s+(?!CONCURRENTLY)|LOCK\s+TABLE|DROP\s+TABLE)/im;
const SETS_TIMEOUT = /\bSET\s+(LOCAL\s+|SESSION\s+)?lock_timeout\b/i;

const options = z.object({ lock_timeout: z.enum(["check", "external"]).default("check") }).strict();

export default defineRule({
  id: "DJP213",
  name: "migrations-without-lock-timeout",
  category: "migrations",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  options,
  summary: "A migration locks an existing table while nothing bounds how long it waits for the lock (no lock_timeout).",
  messages: {
    noTimeout:
      "{{op}} locks {{table}}, and no `lock_timeout` is set ({{where}}). If a long transaction holds the table, the migration waits for its lock, and {{queue}}. Safe recipe: 1. set a lock timeout for migrations, e.g. `\"OPTIONS\": {\"options\": \"-c lock_timeout=5s\"}` on a migrations-only database alias, `ZERO_DOWNTIME_MIGRATIONS_LOCK_TIMEOUT` with django-pg-zero-downtime-migrations, or `migrations.RunSQL(\"SET lock_timeout = '5s'\")` first in the migration; 2. retry the deploy when it times out; 3. keep a longer `statement_timeout` for migrations only. Timeouts set by the deploy tooling? Set `lock_timeout: external` in the rule's options.",
  },
  check(ctx) {
    if (ctx.options.lock_timeout === "external") return;
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const db = databaseFacts(ctx.index);
    if (db.vendor !== "postgresql") return;
    const locking = view.ops.filter((op) => locksTable(ctx.index, view, op));
    if (locking.length === 0) return;
    ctx.applies();
    if (setsTimeout(view)) return;
    const configured = timeoutInSettings(ctx.index);
    if (configured !== "no") {
      if (configured === "unknown") ctx.unverified("the database OPTIONS or the zero-downtime LOCK_TIMEOUT setting come from the environment");
      return;
    }
    for (const op of locking) {
      const model = operationModel(op.fact);
      const table = model ? tableOf(view, ctx.index, op, model) : undefined;
      // RunSQL names no model: its DDL is on a table the statement names, assumed existing.
      if (table && table.status !== "existing") continue;
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId: "noTimeout",
        data: {
          op: codeSpan(op.fact.kind),
          table: table?.status === "existing" ? `the existing table of ${codeSpan(table.model.name)}` : "the table its SQL names",
          where: "database OPTIONS, zero-downtime settings and this migration",
          queue: locking.every(takesShareLock) ? SHARE_QUEUE : EXCLUSIVE_QUEUE,
        },
        subject: `${view.file.path}:lock-timeout`,
      });
      return;
    }
  },
});

/** What queues behind a waiting lock request: everything (ACCESS EXCLUSIVE), or only writes (SHARE, a plain index build). */
const EXCLUSIVE_QUEUE = "every query on the table queues behind the waiting migration: a short DDL becomes an outage";
const SHARE_QUEUE = "every write to the table (INSERT, UPDATE, DELETE) queues behind the waiting migration, which asks for a SHARE lock (reads continue): a short index build becomes a write outage";
const CREATE_INDEX_SQL = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)/i;

/**
 * The operation only builds an index without CONCURRENTLY (`AddIndex`, `RunSQL("CREATE INDEX …")`): a SHARE
 * lock, which conflicts with writes but not with reads.
 */
function takesShareLock(op: MigrationOp): boolean {
  if (op.fact.kind === "AddIndex") return true;
  if (op.fact.kind !== "RunSQL") return false;
  const texts = (runSqlTexts(op.fact) ?? []).filter((sql) => LOCKING_SQL.test(sql));
  return texts.length > 0 && texts.every((sql) => CREATE_INDEX_SQL.test(sql) && !/;\s*\S/.test(sql.trim().replace(/;\s*$/, "")));
}

function locksTable(index: ProjectIndex, view: MigrationView, op: MigrationOp): boolean {
  // A table the migration drops: only the previous release still queries it (DJP207 says those queries
  // break anyway), and the fields, indexes and constraints Django removes before the DeleteModel go with it.
  const dropped = operationModel(op.fact);
  if (op.fact.kind === "DeleteModel" || (dropped !== undefined && droppedLater(view, op, dropped))) return false;
  const field = op.fact.kind === "AddField" || op.fact.kind === "AlterField" ? operationField(op.fact) : undefined;
  // A many-to-many field has no column: adding one creates a new join table.
  if (field && NO_COLUMN_FIELDS.has(field.fieldClass)) return false;
  if (op.fact.kind === "AlterField" && field) {
    const model = operationModel(op.fact);
    const table = model ? tableOf(view, index, op, model) : undefined;
    const before = table?.status === "existing" && !table.model.fromModels ? table.model.fields.get(field.name.toLowerCase()) : undefined;
    // An unknown previous definition cannot show that the AlterField runs SQL: not counted.
    return alterFieldRunsSql(before, field, view.facts?.app, index.versions) === true;
  }
  if (LOCKING.has(op.fact.kind)) return true;
  if (op.fact.kind !== "RunSQL") return false;
  return (runSqlTexts(op.fact) ?? []).some((sql) => LOCKING_SQL.test(sql));
}

function setsTimeout(view: MigrationView): boolean {
  return view.ops.some((op) => op.fact.kind === "RunSQL" && (runSqlTexts(op.fact) ?? []).some((sql) => SETS_TIMEOUT.test(sql)));
}

/** "yes" when a literal setting bounds the lock wait, "unknown" when env-driven, else "no". */
function timeoutInSettings(index: ProjectIndex): "yes" | "no" | "unknown" {
  const zeroDowntime = index.settings.effective("ZERO_DOWNTIME_MIGRATIONS_LOCK_TIMEOUT");
  if (zeroDowntime.status === "set") return "yes";
  const databases = index.settings.effective("DATABASES");
  if (databases.status === "unknown") return "unknown";
  // PostgreSQL reads `-c lock_timeout=…` from the libpq `options` string (psycopg passes OPTIONS through).
  const options = settingAt(databases, ["default", "OPTIONS", "options"]);
  if (options.status === "set" && options.value.kind === "str" && /lock_timeout/i.test(options.value.value)) return "yes";
  const unknown = zeroDowntime.status === "unknown" || options.status === "unknown";
  return unknown ? "unknown" : "no";
}
