/**
 * DJP209 unsafe-raw-sql-in-migration: `RunSQL` whose SQL (read with a small tokenizer) takes a long
 * lock or rewrites a whole table: CREATE [UNIQUE] INDEX or DROP INDEX without CONCURRENTLY, ADD
 * CONSTRAINT … FOREIGN KEY/CHECK without NOT VALID, ALTER COLUMN … TYPE, SET NOT NULL, UPDATE/DELETE
 * without WHERE, LOCK TABLE, VACUUM FULL, CLUSTER. SQL built at run time (f-strings, concatenation,
 * names) is unknown; statements on a table created by the same SQL, this migration or the change are
 * exempt.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { ProjectIndex } from "../../src/analysis/index/types.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { databaseFacts, lockRulesApply, migrationView, operationAnchor, operationModel, runSqlTexts, tableOf, type MigrationView } from "../../src/analysis/django/migration-ops.js";
import { hasWords, indexOfWords, nameAt, sqlStatements, wordAt, type SqlToken } from "../../src/analysis/sql/tokens.js";

export default defineRule({
  id: "DJP209",
  name: "unsafe-raw-sql-in-migration",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "RunSQL that locks or rewrites an existing table (index without CONCURRENTLY, constraint without NOT VALID, type change, unbounded UPDATE, …).",
  messages: {
    unsafeSql:
      "Dangerous SQL in `RunSQL`: {{hazard}} on {{table}}. {{why}} Safe recipe: {{recipe}} Small table or run in a maintenance window? `# djperf: safe[DJP209] <reason>`.",
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view || !lockRulesApply(databaseFacts(ctx.index))) return;
    for (const op of view.ops) {
      if (op.fact.kind !== "RunSQL") continue;
      ctx.applies();
      const texts = runSqlTexts(op.fact);
      if (!texts) {
        ctx.unverified("RunSQL with SQL built at run time (f-string, concatenation or a name) is not read");
        continue;
      }
      const newTables = newTablesBefore(ctx, view.file.path, op.index);
      const created = new Set<string>();
      // Tables the migration's transaction already holds an ACCESS EXCLUSIVE lock on (atomic migrations only).
      const locked = view.nonAtomic ? new Set<string>() : lockedBefore(ctx, view, op.index);
      let found: Hazard | undefined;
      for (const statement of texts.flatMap(sqlStatements)) {
        const createdTable = createTableName(statement);
        if (createdTable) created.add(createdTable);
        const alteredTable = view.nonAtomic ? undefined : exclusiveAlterTable(statement);
        if (alteredTable) locked.add(alteredTable);
        const hazard = hazardOf(statement);
        if (!hazard || (hazard.table && (created.has(hazard.table) || newTables.has(hazard.table)))) continue;
        // DROP INDEX locks its table ACCESS EXCLUSIVE: nothing more when the transaction holds that lock already.
        if (hazard.droppedIndex && locked.has(indexTable(ctx, view.file.path, op.index, hazard.droppedIndex) ?? "")) continue;
        found = hazard;
        break;
      }
      if (!found) continue;
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId: "unsafeSql",
        data: { hazard: found.what, table: found.table ? codeSpan(found.table) : "a table", why: found.why, recipe: found.recipe },
        subject: `RunSQL:${found.what}:${found.table ?? ""}`,
      });
    }
  },
});

interface Hazard {
  what: string;
  table?: string;
  /** DROP INDEX: the index's name (its table is not in the statement). */
  droppedIndex?: string;
  why: string;
  recipe: string;
}

const WRITE_LOCK = "PostgreSQL blocks every write to the table until it finishes.";
const FULL_LOCK = "PostgreSQL holds an ACCESS EXCLUSIVE lock (no reads, no writes) until it finishes.";

function nameAfter(tokens: readonly SqlToken[], at: number): string | undefined {
  for (let i = at; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.t === "word" && ["ONLY", "IF", "NOT", "EXISTS", "TABLE"].includes(t.value)) continue;
    // schema.table → table (after a bare schema name)
    const dot = tokens[i + 1];
    const table = t.t === "word" && dot?.t === "punct" && dot.value === "." ? nameAt(tokens, i + 2) : undefined;
    return table ?? nameAt(tokens, i);
  }
  return undefined;
}

/** Words between CREATE and TABLE / VIEW that still create a new relation. */
const CREATE_MODIFIERS = new Set(["OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "MATERIALIZED", "RECURSIVE"]);

/**
 * The relation a statement creates: `CREATE TABLE t`, `CREATE [OR REPLACE] [MATERIALIZED] VIEW v`.
 * An index built on it in the same RunSQL locks nothing anyone else uses yet.
 */
function createTableName(tokens: readonly SqlToken[]): string | undefined {
  if (wordAt(tokens, 0) !== "CREATE") return undefined;
  let i = 1;
  while (CREATE_MODIFIERS.has(wordAt(tokens, i) ?? "")) i++;
  const kind = wordAt(tokens, i);
  return kind === "TABLE" || kind === "VIEW" ? nameAfter(tokens, i + 1) : undefined;
}

function hazardOf(s: readonly SqlToken[]): Hazard | undefined {
  const first = s[0]?.t === "word" ? s[0].value : "";
  if (first === "CREATE" && (hasWords(s, ["CREATE", "INDEX"]) || hasWords(s, ["CREATE", "UNIQUE", "INDEX"])) && !hasWords(s, ["CONCURRENTLY"])) {
    const on = indexOfWords(s, ["ON"]);
    return {
      what: "`CREATE INDEX` without `CONCURRENTLY`",
      ...(on >= 0 ? { table: nameAfter(s, on + 1) } : {}),
      why: WRITE_LOCK,
      recipe: "1. `CREATE INDEX CONCURRENTLY`; 2. `atomic = False` on the migration; 3. nothing else in it.",
    };
  }
  if (first === "DROP" && hasWords(s, ["DROP", "INDEX"]) && !hasWords(s, ["CONCURRENTLY"])) {
    const name = nameAfter(s, indexOfWords(s, ["INDEX"]) + 1);
    return { what: "`DROP INDEX` without `CONCURRENTLY`", ...(name ? { droppedIndex: name } : {}), why: FULL_LOCK, recipe: "1. `DROP INDEX CONCURRENTLY`; 2. `atomic = False` on the migration." };
  }
  if (first === "ALTER" && hasWords(s, ["ALTER", "TABLE"])) {
    const table = nameAfter(s, indexOfWords(s, ["TABLE"]) + 1);
    const base = table ? { table } : {};
    if (hasWords(s, ["ADD", "CONSTRAINT"]) && (hasWords(s, ["FOREIGN", "KEY"]) || hasWords(s, ["CHECK"])) && !hasWords(s, ["NOT", "VALID"])) {
      return { what: "`ADD CONSTRAINT` without `NOT VALID`", ...base, why: "PostgreSQL checks every existing row while holding a lock that blocks writes.", recipe: "1. `ADD CONSTRAINT … NOT VALID`; 2. `VALIDATE CONSTRAINT` in a later migration." };
    }
    if (hasWords(s, ["TYPE"]) && hasWords(s, ["ALTER", "COLUMN"])) {
      return { what: "`ALTER COLUMN … TYPE`", ...base, why: `Most type changes rewrite the whole table; ${FULL_LOCK}`, recipe: "1. add a new column; 2. write to both; 3. backfill in batches; 4. switch reads and drop the old column later." };
    }
    if (hasWords(s, ["SET", "NOT", "NULL"])) {
      return { what: "`SET NOT NULL`", ...base, why: `PostgreSQL scans the whole table to check it; ${FULL_LOCK}`, recipe: "1. `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`; 2. `VALIDATE CONSTRAINT` later; 3. then `SET NOT NULL` (PostgreSQL ≥ 12 skips the scan)." };
    }
    return undefined;
  }
  if ((first === "UPDATE" || first === "DELETE") && !hasWords(s, ["WHERE"])) {
    const table = first === "UPDATE" ? nameAfter(s, 1) : nameAfter(s, indexOfWords(s, ["FROM"]) + 1);
    return { what: `\`${first}\` without \`WHERE\``, ...(table ? { table } : {}), why: "One statement rewrites every row and keeps them all locked until the migration commits.", recipe: "1. a separate migration with `atomic = False`; 2. update in primary-key ranges, one transaction per batch." };
  }
  if (first === "LOCK") return { what: "`LOCK TABLE`", ...(nameAfter(s, 1) ? { table: nameAfter(s, 1)! } : {}), why: "An explicit table lock blocks other sessions for the rest of the migration.", recipe: "1. remove the explicit lock; 2. use the concurrent or NOT VALID variants of the DDL instead." };
  if (first === "VACUUM" && hasWords(s, ["FULL"])) return { what: "`VACUUM FULL`", why: `It rewrites the table; ${FULL_LOCK}`, recipe: "1. run it outside the deploy, in a maintenance window, or use pg_repack." };
  if (first === "CLUSTER") return { what: "`CLUSTER`", why: `It rewrites the table; ${FULL_LOCK}`, recipe: "1. run it outside the deploy, in a maintenance window, or use pg_repack." };
  return undefined;
}

/** Tables new for this migration (its earlier operations, a migration the change adds, an initial sibling: isNewFor; default `<app>_<model>` names and db_table). */
function newTablesBefore(ctx: { index: ProjectIndex }, path: string, opIndex: number): Set<string> {
  const out = new Set<string>();
  const answer = ctx.index.migrations.stateBeforeOperation(path, opIndex);
  if (answer.status !== "known") return out;
  for (const models of answer.state.apps.values()) {
    for (const m of models.values()) {
      if (!ctx.index.migrations.isNewFor(path, m)) continue;
      out.add((m.dbTable ?? `${m.app}_${m.name}`).toLowerCase());
    }
  }
  return out;
}

/** `ALTER TABLE t` that drops, adds, alters or renames: ACCESS EXCLUSIVE on t until the transaction ends. */
function exclusiveAlterTable(s: readonly SqlToken[]): string | undefined {
  if (wordAt(s, 0) !== "ALTER" || !hasWords(s, ["ALTER", "TABLE"])) return undefined;
  const exclusive = hasWords(s, ["DROP"]) || hasWords(s, ["ADD", "COLUMN"]) || hasWords(s, ["ALTER", "COLUMN"]) || hasWords(s, ["RENAME"]);
  return exclusive ? nameAfter(s, indexOfWords(s, ["TABLE"]) + 1)?.toLowerCase() : undefined;
}

/** Django operations that take ACCESS EXCLUSIVE on their (existing) table. */
const EXCLUSIVE_OPS: ReadonlySet<string> = new Set(["AddField", "RemoveField", "RenameField", "RemoveIndex", "RemoveConstraint"]);

/** Tables an earlier operation of the migration locked ACCESS EXCLUSIVE: Django's schema changes, RunSQL `ALTER TABLE`. */
function lockedBefore(ctx: { index: ProjectIndex }, view: MigrationView, opIndex: number): Set<string> {
  const out = new Set<string>();
  for (const earlier of view.ops) {
    if (earlier.index >= opIndex) break;
    if (earlier.fact.kind === "RunSQL") {
      for (const statement of (runSqlTexts(earlier.fact) ?? []).flatMap(sqlStatements)) {
        const table = exclusiveAlterTable(statement);
        if (table) out.add(table);
      }
      continue;
    }
    const model = EXCLUSIVE_OPS.has(earlier.fact.kind) ? operationModel(earlier.fact) : undefined;
    const table = model ? tableOf(view, ctx.index, earlier, model) : undefined;
    if (table?.status === "existing") out.add((table.model.dbTable ?? `${table.model.app}_${table.model.name}`).toLowerCase());
  }
  return out;
}

/** The table of the index named `name` (an `Index` or a constraint of a model) in the state before the operation. */
function indexTable(ctx: { index: ProjectIndex }, path: string, opIndex: number, name: string): string | undefined {
  const answer = ctx.index.migrations.stateBeforeOperation(path, opIndex);
  if (answer.status !== "known") return undefined;
  const wanted = name.toLowerCase();
  for (const models of answer.state.apps.values()) {
    for (const m of models.values()) {
      if ([...m.indexes, ...m.constraints].some((i) => i.name?.toLowerCase() === wanted)) return (m.dbTable ?? `${m.app}_${m.name}`).toLowerCase();
    }
  }
  return undefined;
}
