/**
 * Reading Django's operation signatures: an argument by keyword or by its position in the
 * constructor (`AddField(model_name, name, field, preserve_default=True)`).
 */
import type { Expr } from "../expr.js";
import type { OperationFact } from "./facts.js";

const SIGNATURES: Record<string, readonly string[]> = {
  CreateModel: ["name", "fields", "options", "bases", "managers"],
  DeleteModel: ["name"],
  RenameModel: ["old_name", "new_name"],
  AlterModelTable: ["name", "table"],
  AlterModelOptions: ["name", "options"],
  AlterUniqueTogether: ["name", "unique_together"],
  AlterIndexTogether: ["name", "index_together"],
  AddField: ["model_name", "name", "field", "preserve_default"],
  AlterField: ["model_name", "name", "field", "preserve_default"],
  RemoveField: ["model_name", "name"],
  RenameField: ["model_name", "old_name", "new_name"],
  AddIndex: ["model_name", "index"],
  AddIndexConcurrently: ["model_name", "index"],
  RemoveIndex: ["model_name", "name"],
  RemoveIndexConcurrently: ["model_name", "name"],
  RenameIndex: ["model_name", "new_name", "old_name", "old_fields"],
  AddConstraint: ["model_name", "constraint"],
  AddConstraintNotValid: ["model_name", "constraint"],
  RemoveConstraint: ["model_name", "name"],
  ValidateConstraint: ["model_name", "name"],
  SeparateDatabaseAndState: ["database_operations", "state_operations"],
  RunSQL: ["sql", "reverse_sql", "state_operations", "hints", "elidable"],
  RunPython: ["code", "reverse_code", "atomic", "hints", "elidable"],
};

/** The argument `name` of an operation, by keyword or position; undefined when absent or unknowable. */
export function opArg(op: OperationFact, name: string): Expr | undefined {
  const kw = op.kwargs.get(name);
  if (kw) return kw;
  const index = SIGNATURES[op.kind]?.indexOf(name) ?? -1;
  return index >= 0 ? op.args[index] : undefined;
}

/** A string argument's value (`model_name="order"`). */
export function opString(op: OperationFact, name: string): string | undefined {
  const e = opArg(op, name);
  return e?.t === "str" ? e.value : undefined;
}

/** Operations nested in a list argument (`SeparateDatabaseAndState(state_operations=[...])`). */
export function nestedOperations(op: OperationFact, name: string): OperationFact[] | undefined {
  const e = opArg(op, name);
  if (!e) return [];
  if (e.t !== "seq") return undefined;
  return e.items.map((item) => operationOfExpr(item, op.line));
}

export function operationOfExpr(e: Expr, line: number): OperationFact {
  if (e.t !== "call") return { kind: "?", args: [], kwargs: new Map(), hasSplat: false, line, text: e.text };
  const fn = e.fn;
  const kind = fn.t === "name" ? fn.dotted.slice(fn.dotted.lastIndexOf(".") + 1) : fn.t === "attr" ? fn.attr : "?";
  return { kind, args: e.args, kwargs: e.kwargs, hasSplat: e.hasSplat, line, text: e.text };
}

/** Operations that only touch Django's state or data, never the schema of a model's table. */
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set(Object.keys(SIGNATURES));
