/**
 * DJP202 concurrent-op-in-transaction: a migration that keeps Django's default `atomic = True` but
 * runs `AddIndexConcurrently`, `RemoveIndexConcurrently` or `RunSQL` with CONCURRENTLY (PostgreSQL
 * refuses CONCURRENTLY inside a transaction block, so `migrate` fails).
 *
 * A non-atomic migration that also runs other operations is not reported (it was, at warn, until
 * branch i8e): the harm it was said to cause, a failure that leaves the migration half applied and a
 * re-run that fails, comes from the concurrent build itself (a failed `CREATE INDEX CONCURRENTLY`
 * leaves an INVALID index, and the re-run stops on it whatever else the migration holds), and the
 * lock an added field's index takes in such a mix is DJP203's finding, reported at that operation.
 * See docs/corpus/migrations.md, "Branch i8e".
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
  summary: "A concurrent index operation in an atomic migration: PostgreSQL refuses CONCURRENTLY in a transaction, so migrate fails.",
  messages: {
    inTransaction:
      "{{op}} runs CONCURRENTLY, but this migration is atomic (Django's default): PostgreSQL refuses `CREATE/DROP INDEX CONCURRENTLY` inside a transaction block, so `migrate` fails at deploy time. Safe recipe: 1. set `atomic = False` on the migration class; 2. move any other operations to a migration of their own, so they keep their transaction. Handled elsewhere (a custom operation)? `# djperf: safe[DJP202] <reason>`.",
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const concurrent = view.ops.filter(isConcurrent);
    if (concurrent.length === 0) return;
    ctx.applies();
    // Non-atomic: nothing for this rule (see the header).
    if (view.nonAtomic) return;
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
  },
});

function isConcurrent(op: MigrationOp): boolean {
  if (op.fact.kind === "AddIndexConcurrently" || op.fact.kind === "RemoveIndexConcurrently") return true;
  if (op.fact.kind !== "RunSQL") return false;
  const texts = runSqlTexts(op.fact);
  return texts !== undefined && texts.some((sql) => sqlStatements(sql).some((s) => hasWords(s, ["CONCURRENTLY"])));
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
