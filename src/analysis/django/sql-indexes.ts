/**
 * Indexes a project creates with raw SQL in migrations (`RunSQL("CREATE INDEX … USING gin (tags)")`):
 * the model's Meta does not list them, so index rules ask here before saying an index is missing.
 */
import type { OperationFact } from "../index/migrations/facts.js";
import { nestedOperations } from "../index/migrations/operations.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import { runSqlTexts } from "./migration-ops.js";

const GIN_OR_GIST = /\busing\s+(gin|gist)\b/i;

/** Some migration of the model's app runs SQL that builds a GIN/GiST index naming the field's column. */
export function ginCreatedBySql(index: ProjectIndex, model: ModelInfo, field: string): boolean {
  const column = new RegExp(`\\b${field.replace(/[^\w]/g, "")}\\b`, "i");
  return index.migrations.all().some(
    (m) => m.app === model.appLabel && (m.operations ?? []).some((op) => sqlOf(op).some((sql) => GIN_OR_GIST.test(sql) && column.test(sql))),
  );
}

function sqlOf(op: OperationFact): string[] {
  if (op.kind === "RunSQL") return runSqlTexts(op) ?? [];
  if (op.kind === "SeparateDatabaseAndState") return (nestedOperations(op, "database_operations") ?? []).flatMap(sqlOf);
  return [];
}
