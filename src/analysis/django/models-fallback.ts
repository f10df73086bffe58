/**
 * When the migration history cannot say whether a model's table exists (its CreateModel is in a
 * migration the repository no longer has, an ancestor is unreadable, a dependency is missing), the
 * project's models.py stands in (issue 8: "fall back to models.py"): a concrete model of the same app
 * that no migration of the change creates has a table already. Only existence is taken from it: the
 * model index reads the analysed revision, whose fields are the new definitions, so the state is
 * marked `fromModels` and rules that compare a field with its previous definition stay silent.
 */
import type { Expr } from "../index/expr.js";
import type { MigrationHistory, TableAnswer } from "../index/migrations/history.js";
import type { FieldState, IndexState, ModelState } from "../index/migrations/state.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";

export function tableFromModels(index: ProjectIndex, history: MigrationHistory, app: string, modelName: string, unknown: TableAnswer & { status: "unknown" }): TableAnswer {
  const name = modelName.toLowerCase();
  const created = history.createdByChange(app, name);
  if (created !== "no") return created === "yes" ? { status: "unknown", reason: `${unknown.reason}; a migration of the change creates ${app}.${modelName}` } : unknown;
  const matches = [...index.models.values()].filter((m) => m.appLabel === app && m.name.toLowerCase() === name && !m.isAbstract && !m.isProxy);
  if (matches.length !== 1 || !matches[0]!.complete) return unknown;
  return { status: "existing", model: stateOfModel(matches[0]!, app) };
}

function stateOfModel(info: ModelInfo, app: string): ModelState {
  const fields = new Map<string, FieldState>();
  for (const f of info.fields.values()) {
    const kwargs = new Map<string, Expr>([...Object.entries(f.kwargs)].map(([k, text]) => [k, exprOfText(text)]));
    fields.set(f.name.toLowerCase(), { name: f.name, fieldClass: f.fieldClass, args: [], kwargs, text: `${f.fieldClass}(...)` });
  }
  const indexes: IndexState[] = [];
  const constraints: IndexState[] = [];
  const uniqueTogether: string[][] = [];
  const indexTogether: string[][] = [];
  for (const i of info.meta.indexes) {
    if (i.kind === "unique_together") uniqueTogether.push(i.fields);
    else if (i.kind === "index_together") indexTogether.push(i.fields);
    else (i.kind === "UniqueConstraint" ? constraints : indexes).push({ kind: i.kind, fields: i.fields, hasCondition: i.hasCondition, ...(i.name ? { name: i.name } : {}) });
  }
  return {
    name: info.name,
    app,
    fields,
    indexes,
    constraints,
    uniqueTogether,
    indexTogether,
    ...(info.meta.dbTable ? { dbTable: info.meta.dbTable } : {}),
    createdIn: info.path,
    fromModels: true,
  };
}

/** The model index keeps keyword values as source text; the literal kinds the rules test for are restored. */
function exprOfText(text: string): Expr {
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return { t: "str", value: quoted[2]!, text };
  if (text === "None") return { t: "none", text };
  return { t: "other", text };
}
