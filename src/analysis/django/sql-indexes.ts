/**
 * Indexes a project creates with raw SQL in migrations (`RunSQL("CREATE INDEX … USING gin (tags)")`):
 * the model's Meta does not list them, so index rules ask here before saying an index is missing.
 */
import type { OperationFact } from "../index/migrations/facts.js";
import { nestedOperations } from "../index/migrations/operations.js";
import type { FieldInfo, ModelInfo, ProjectIndex } from "../index/types.js";
import { runSqlTexts } from "./migration-ops.js";
import { nameAt, sqlStatements, wordAt, type SqlToken } from "../sql/tokens.js";

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

/**
 * Some migration of the model's app runs SQL that builds a B-tree index led by the field's own column
 * on the model's table (`CREATE INDEX CONCURRENTLY … ON shop_order (email)`): the column is indexed though
 * Meta does not say so. An expression index (`(upper(email))`) and other methods do not count.
 */
export function btreeCreatedBySql(index: ProjectIndex, model: ModelInfo, field: FieldInfo): boolean {
  const table = (model.meta.dbTable ?? `${model.appLabel}_${model.name}`).toLowerCase();
  const dbColumn = field.kwargs["db_column"];
  const column = (dbColumn !== undefined ? dbColumn.replace(/^['"]|['"]$/g, "") : field.kind === "fk" || field.kind === "o2o" ? `${field.name}_id` : field.name).toLowerCase();
  return index.migrations.all().some(
    (m) => m.app === model.appLabel && (m.operations ?? []).some((op) => sqlOf(op).some((sql) => sqlStatements(sql).some((s) => {
      const head = btreeIndexHead(s);
      return head?.table === table && head.column === column;
    }))),
  );
}

const NAME_END: ReadonlySet<string> = new Set([",", ")"]);
const ORDER_WORDS: ReadonlySet<string> = new Set(["ASC", "DESC", "NULLS", "COLLATE"]);

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] [schema.]table [USING btree] (column …`. */
function btreeIndexHead(tokens: readonly SqlToken[]): { table: string; column: string } | undefined {
  const word = (i: number): string | undefined => wordAt(tokens, i);
  const name = (i: number): string | undefined => nameAt(tokens, i);
  let i = 1;
  if (word(0) !== "CREATE") return undefined;
  if (word(i) === "UNIQUE") i++;
  if (word(i) !== "INDEX") return undefined;
  const on = tokens.findIndex((tok, at) => at > i && tok.t === "word" && tok.value === "ON");
  if (on < 0) return undefined;
  i = on + 1;
  if (word(i) === "ONLY") i++;
  let table = name(i);
  while (table !== undefined && tokens[i + 1]?.t === "punct" && tokens[i + 1]?.value === ".") {
    i += 2;
    table = name(i);
  }
  i++;
  if (word(i) === "USING") {
    if (word(i + 1) !== "BTREE") return undefined;
    i += 2;
  }
  if (table === undefined || tokens[i]?.t !== "punct" || tokens[i]?.value !== "(") return undefined;
  const column = name(i + 1);
  const next = tokens[i + 2];
  const ends = next !== undefined && ((next.t === "punct" && NAME_END.has(next.value)) || (next.t === "word" && ORDER_WORDS.has(next.value)));
  return column !== undefined && ends ? { table, column } : undefined;
}
