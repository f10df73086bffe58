/**
 * DJP202 concurrent-op-in-transaction: a migration that keeps Django's default `atomic = True` but
 * runs `AddIndexConcurrently`, `RemoveIndexConcurrently` or `RunSQL` with CONCURRENTLY (PostgreSQL
 * refuses CONCURRENTLY inside a transaction block, so `migrate` fails), and non-atomic migrations
 * that mix such operations with others (a failure leaves the migration half applied).
 */
import { normaliseSource } from "../../src/analysis/fingerprint.js";
import type { TextEdit } from "../../src/analysis/finding.js";
import { defineRule } from "../../src/analysis/rule.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { INDEX_OPERATIONS, migrationView, operationAnchor, runSqlTexts, type MigrationOp, type MigrationView } from "../../src/analysis/django/migration-ops.js";
import { sqlStatements, hasWords } from "../../src/analysis/sql/tokens.js";

export default defineRule({
  id: "DJP202",
  name: "concurrent-op-in-transaction",
  category: "migrations",
  status: "preview",
  level: "block",
  confidence: "high",
  fix: "sometimes",
  target: "migration",
  reportsApplicability: true,
  summary: "A concurrent index operation in an atomic migration (migrate fails), or mixed with other operations in a non-atomic one.",
  messages: {
    inTransaction:
      "{{op}} runs CONCURRENTLY, but this migration is atomic (Django's default): PostgreSQL refuses `CREATE/DROP INDEX CONCURRENTLY` inside a transaction block, so `migrate` fails at deploy time. Safe recipe: 1. set `atomic = False` on the migration class; 2. keep only the concurrent index operations in this migration. Handled elsewhere (a custom operation)? `# djperf: safe[DJP202] <reason>`.",
    mixed:
      "This migration has `atomic = False` for {{op}} but also runs {{others}}: without a transaction a failure half-way (an index build that fails on a duplicate, a timeout) leaves the earlier operations applied and the migration unrecorded, and re-running it fails. Safe recipe: 1. move the other operations to their own (atomic) migration; 2. keep only the concurrent index operations here. Intended? `# djperf: safe[DJP202] <reason>`.",
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const concurrent = view.ops.filter(isConcurrent);
    if (concurrent.length === 0) return;
    ctx.applies();
    if (!view.nonAtomic) {
      if (view.atomicNode && view.atomicNode.text !== "True") {
        ctx.unverified(`atomic is not a literal (${view.atomicNode.text})`);
        return;
      }
      const fix = atomicFix(view);
      concurrent.forEach((op, i) => {
        ctx.report({
          node: operationAnchor(op),
          scope: op.node,
          messageId: "inTransaction",
          data: { op: codeSpan(op.fact.kind) },
          subject: `inTransaction:${normaliseSource(op.fact.text)}`,
          ...(i === 0 && fix ? { fix } : {}),
        });
      });
      return;
    }
    const others = view.ops.filter((op) => !isConcurrent(op) && !INDEX_OPERATIONS.has(op.fact.kind) && op.fact.kind !== "RunPython" && !isNoOp(op));
    if (others.length === 0) return;
    const first = concurrent[0]!;
    ctx.report({
      node: operationAnchor(first),
      scope: first.node,
      messageId: "mixed",
      data: { op: codeSpan(first.fact.kind), others: [...new Set(others.map((o) => codeSpan(o.fact.kind)))].join(", ") },
      level: "warn",
      subject: `mixed:${others.map((o) => o.fact.kind).join(",")}`,
    });
  },
});

function isConcurrent(op: MigrationOp): boolean {
  if (op.fact.kind === "AddIndexConcurrently" || op.fact.kind === "RemoveIndexConcurrently") return true;
  if (op.fact.kind !== "RunSQL") return false;
  const texts = runSqlTexts(op.fact);
  return texts !== undefined && texts.some((sql) => sqlStatements(sql).some((s) => hasWords(s, ["CONCURRENTLY"])));
}

/** Operations that do nothing to the database (state-only). */
function isNoOp(op: MigrationOp): boolean {
  return op.fact.kind === "AlterModelOptions" || op.fact.kind === "AlterModelManagers";
}

/** `atomic = False`: safe when every operation is an index operation or concurrent SQL (nothing to half-apply). */
function atomicFix(view: MigrationView): { safety: "safe"; title: string; edits: TextEdit[] } | undefined {
  if (!view.ops.every((op) => isConcurrent(op) || INDEX_OPERATIONS.has(op.fact.kind))) return undefined;
  let edit: TextEdit;
  if (view.atomicNode) edit = { range: rangeOf(view.atomicNode), newText: "False" };
  else {
    const first = view.cls.childForFieldName("body")?.namedChildren[0];
    if (!first) return undefined;
    const start = { line: first.startPosition.row + 1, column: 1 };
    edit = { range: { start, end: start }, newText: `${" ".repeat(first.startPosition.column)}atomic = False\n\n` };
  }
  return { safety: "safe", title: "Run the migration outside a transaction: atomic = False", edits: [edit] };
}
