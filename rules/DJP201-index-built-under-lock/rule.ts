/**
 * DJP201 index-built-under-lock: `AddIndex` / `RemoveIndex` / `AlterIndexTogether` on a table that
 * already exists (migration history: created by a migration before this one that the change did not
 * add). PostgreSQL's plain CREATE INDEX holds a SHARE lock for the whole build (no writes), DROP INDEX
 * an ACCESS EXCLUSIVE lock. New tables, non-PostgreSQL databases and the zero-downtime backend are
 * silent; an unknown table is unverified, never a finding.
 */
import { normaliseSource } from "../../src/analysis/fingerprint.js";
import type { TextEdit } from "../../src/analysis/finding.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { concurrentIndexStep } from "../../src/analysis/django/migration-recipes.js";
import { defineRule } from "../../src/analysis/rule.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import {
  INDEX_OPERATIONS,
  databaseFacts,
  migrationView,
  operationAnchor,
  operationModel,
  existingTable,
  lockedTableLevel,
  type MigrationOp,
  type MigrationView,
} from "../../src/analysis/django/migration-ops.js";

const LOCKING: Record<string, string> = { AddIndex: "AddIndexConcurrently", RemoveIndex: "RemoveIndexConcurrently" };

export default defineRule({
  id: "DJP201",
  name: "index-built-under-lock",
  category: "migrations",
  status: "preview",
  level: "block",
  confidence: "high",
  fix: "sometimes",
  target: "migration",
  reportsApplicability: true,
  summary: "AddIndex / RemoveIndex / AlterIndexTogether on an existing PostgreSQL table locks writes for the whole index build.",
  messages: {
    addIndex:
      "Dangerous operation: {{op}} builds an index on the existing table of {{model}} with a plain CREATE INDEX. PostgreSQL blocks every INSERT, UPDATE and DELETE on the table until the build finishes (minutes on a large table). Safe recipe: 1. build it with {{concurrently}}; 2. keep other operations in a separate migration. Tiny table? `# djperf: safe[DJP201] <reason>`.",
    removeIndex:
      "Dangerous operation: {{op}} drops an index of the existing table of {{model}} with a plain DROP INDEX, which takes an ACCESS EXCLUSIVE lock: it waits behind running queries and blocks all reads and writes queued behind it. Safe recipe: 1. drop it with {{concurrently}}; 2. keep other operations in a separate migration. Tiny table? `# djperf: safe[DJP201] <reason>`.",
    indexTogether:
      "Dangerous operation: {{op}} creates or drops indexes on the existing table of {{model}} without CONCURRENTLY, locking writes for the whole build. Safe recipe: 1. declare the index in `Meta.indexes` instead of `index_together`; 2. add it with {{concurrently}} (wrap in `SeparateDatabaseAndState` if the index already exists under the old name). Tiny table? `# djperf: safe[DJP201] <reason>`.",
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const db = databaseFacts(ctx.index);
    if ((db.vendor !== "postgresql" && db.vendor !== "unknown") || db.zeroDowntime) return;
    let fixed = false;
    for (const op of view.ops) {
      const kind = op.fact.kind;
      if (kind !== "AddIndex" && kind !== "RemoveIndex" && kind !== "AlterIndexTogether") continue;
      ctx.applies();
      const model = operationModel(op.fact);
      if (!model) continue;
      // A new table (nobody holds it yet), a proxy or unmanaged model (no table), or an unknown one: nothing to report.
      const state = existingTable(ctx, view, op, model);
      if (!state) continue;
      const messageId = kind === "AddIndex" ? "addIndex" : kind === "RemoveIndex" ? "removeIndex" : "indexTogether";
      // Unknown vendor: the lock is PostgreSQL's; without proof it is PostgreSQL, warn instead of block.
      const sized = lockedTableLevel(ctx, view, state, db.vendor === "postgresql" ? "block" : "warn", "block");
      const fix = !fixed && kind !== "AlterIndexTogether" ? concurrentFix(ctx, view) : undefined;
      if (fix) fixed = true;
      ctx.report({
        node: operationAnchor(op),
        scope: op.node,
        messageId,
        data: { op: codeSpan(kind), model: codeSpan(state.name), concurrently: concurrentIndexStep(ctx.index.versions, kind === "RemoveIndex" ? "remove" : "add") },
        subject: `${kind}:${model}:${normaliseSource(op.fact.text)}`,
        ...sized,
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * Safe only when every operation is an index operation (then the migration can be non-atomic without
 * partial-apply risk): rename the calls, import the concurrent classes, set `atomic = False`.
 */
function concurrentFix(ctx: RuleContext<unknown>, view: MigrationView): { safety: "safe"; title: string; edits: TextEdit[] } | undefined {
  if (!view.ops.every((op) => INDEX_OPERATIONS.has(op.fact.kind))) return undefined;
  const edits: TextEdit[] = [];
  const needed = new Set<string>();
  for (const op of view.ops) {
    const replacement = LOCKING[op.fact.kind];
    const fn = op.node.childForFieldName("function");
    if (!replacement || !fn) continue;
    needed.add(replacement);
    edits.push({ range: rangeOf(fn), newText: replacement });
  }
  const imported = importedNames(ctx);
  const missing = [...needed].filter((n) => !imported.has(n)).sort();
  if (missing.length > 0) {
    const lastImport = lastImportStatement(ctx);
    if (!lastImport) return undefined;
    const end = rangeOf(lastImport).end;
    edits.push({ range: { start: end, end }, newText: `\nfrom django.contrib.postgres.operations import ${missing.join(", ")}` });
  }
  if (!view.nonAtomic) {
    if (view.atomicNode) edits.push({ range: rangeOf(view.atomicNode), newText: "False" });
    else {
      const first = view.cls.childForFieldName("body")?.namedChildren[0];
      if (!first) return undefined;
      const start = { line: first.startPosition.row + 1, column: 1 };
      edits.push({ range: { start, end: start }, newText: `${" ".repeat(first.startPosition.column)}atomic = False\n\n` });
    }
  }
  return { safety: "safe", title: "Build the index concurrently: AddIndexConcurrently / RemoveIndexConcurrently and atomic = False", edits };
}

function importedNames(ctx: RuleContext<unknown>): Set<string> {
  const names = new Set<string>();
  for (const stmt of ctx.file.tree.rootNode.namedChildren) {
    if (stmt.type !== "import_from_statement") continue;
    for (const n of stmt.childrenForFieldName("name")) names.add((n.childForFieldName("alias") ?? n).text.split(".").pop() ?? "");
  }
  return names;
}

function lastImportStatement(ctx: RuleContext<unknown>): MigrationOp["node"] | undefined {
  let last: MigrationOp["node"] | undefined;
  for (const stmt of ctx.file.tree.rootNode.namedChildren) if (stmt.type === "import_statement" || stmt.type === "import_from_statement") last = stmt;
  return last;
}
