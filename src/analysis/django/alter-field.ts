/**
 * Does an AlterField run SQL? Django's schema editor first compares the previous and the new field
 * (`BaseDatabaseSchemaEditor._field_should_be_altered`): it leaves out the keywords in
 * `Field.non_db_attrs`, a `to=` naming the same model and a `db_column` that keeps the column name,
 * and runs nothing when the rest is equal. What is left reaches the database in two ways:
 * - a foreign key with its constraint: any remaining difference drops the FOREIGN KEY constraint and
 *   adds it back (`_alter_field`), which validates every row while both tables are locked;
 * - any field: the keywords that define the column, its NULL, its default, its indexes and constraints
 *   (SCHEMA_KWARGS); the others (`default` without `db_default`, `upload_to`, `auto_now`) change
 *   nothing in the database.
 * The ignored list depends on the Django version (see ignoredKwargs).
 */
import type { FieldState } from "../index/migrations/state.js";
import type { Expr } from "../index/expr.js";
import type { Versions } from "../index/versions.js";
import { isRelationField, literalFlag } from "./migration-ops.js";

/**
 * `Field.non_db_attrs` (django/db/models/fields/__init__.py, Django 4.1 to 5.2). Django 3.2 and 4.0
 * held the same list inside `_field_should_be_altered`, without `choices` (ticket #33471 added it in
 * 4.1); before 3.2 every keyword counted (ticket #25253).
 */
const NON_DB_KWARGS: readonly string[] = [
  "blank", "choices", "db_column", "editable", "error_messages", "help_text", "limit_choices_to",
  "on_delete", "related_name", "related_query_name", "validators", "verbose_name",
];

/** Field keywords that change the column, its constraints or its indexes (`to` and `db_column` are compared as the model and the column they name). */
const SCHEMA_KWARGS: readonly string[] = [
  "null", "max_length", "max_digits", "decimal_places", "db_index", "unique", "primary_key", "db_default", "db_constraint", "to_field", "db_collation", "db_comment", "db_tablespace",
];

/** Keyword values Django's `deconstruct()` leaves out: written or not, the field is the same. */
function defaultText(field: FieldState, kwarg: string): string | undefined {
  switch (kwarg) {
    case "null":
    case "unique":
    case "primary_key":
    case "blank":
      return "False";
    case "db_index":
      return isRelationField(field) ? "True" : "False";
    case "db_constraint":
    case "editable":
    case "serialize":
      return "True";
  }
  return undefined;
}

function kwargText(field: FieldState, kwarg: string): string | undefined {
  const text = field.kwargs.get(kwarg)?.text;
  return text === defaultText(field, kwarg) ? undefined : text;
}

/** The model a relation field points to, as `app.model` in lower case where the text shows it. */
function targetOf(field: FieldState, app: string | undefined): string | undefined {
  const to: Expr | undefined = field.kwargs.get("to") ?? field.args[0];
  if (!to) return undefined;
  if (to.t !== "str") return to.text;
  const value = to.value;
  if (value === "self") return value;
  const dot = value.lastIndexOf(".");
  // Django resolves a model name case-insensitively within its app; the app label is exact.
  if (dot >= 0) return `${value.slice(0, dot)}.${value.slice(dot + 1).toLowerCase()}`;
  return app !== undefined ? `${app}.${value.toLowerCase()}` : value.toLowerCase();
}

/** The column name the field gives (`db_column`, else the name, with `_id` for a relation); the text of a computed `db_column`. */
export function columnOf(field: FieldState): string {
  const column = field.kwargs.get("db_column");
  if (column && column.t !== "none") return column.t === "str" ? column.value : column.text;
  return isRelationField(field) ? `${field.name}_id` : field.name;
}

/**
 * The keywords Django ignores when it decides whether to alter the field, for the project's Django
 * version: undefined proves a version below 3.2 (every keyword counts). An unknown version is taken
 * as a supported one (3.2 and later).
 */
function ignoredKwargs(versions: Pick<Versions, "djangoAtLeast">): ReadonlySet<string> | undefined {
  if (versions.djangoAtLeast("3.2") === false) return undefined;
  if (versions.djangoAtLeast("4.1") === false) return new Set(NON_DB_KWARGS.filter((k) => k !== "choices"));
  return new Set(NON_DB_KWARGS);
}

/**
 * Does the AlterField from `before` to `after` run SQL on PostgreSQL? Undefined when the previous
 * definition is not known. `app` is the migration's app label (a `to=` without one names a model of it).
 */
export function alterFieldRunsSql(before: FieldState | undefined, after: FieldState, app: string | undefined, versions: Pick<Versions, "djangoAtLeast">): boolean | undefined {
  if (!before) return undefined;
  if (before.fieldClass !== after.fieldClass) return true;
  if (columnOf(before) !== columnOf(after)) return true;
  const relation = isRelationField(after);
  if (relation && targetOf(before, app) !== targetOf(after, app)) return true;
  if (SCHEMA_KWARGS.some((k) => kwargText(before, k) !== kwargText(after, k))) return true;
  // A foreign key keeps its constraint only when nothing outside the ignored keywords changed.
  const constrained = relation && literalFlag(before, "db_constraint") !== false && literalFlag(after, "db_constraint") !== false;
  if (!constrained) return false;
  const ignored = ignoredKwargs(versions);
  const compared = new Set([...before.kwargs.keys(), ...after.kwargs.keys()]);
  compared.delete("to");
  // Before 3.2 a db_column written out, even one that keeps the column name, counted too.
  if (ignored) compared.delete("db_column");
  return [...compared].some((k) => !ignored?.has(k) && kwargText(before, k) !== kwargText(after, k));
}
