/**
 * How an AlterField changes the column, in PostgreSQL terms: the column type each built-in field class
 * maps to, and which changes are metadata-only (varchar → text, a longer varchar, more digits at the
 * same decimal scale). A class outside the table (a custom or third-party field) is unknown: no answer.
 */
import type { FieldState } from "../../src/analysis/index/migrations/state.js";

export type ColumnChange = { kind: "type"; from: string; to: string } | { kind: "shorter"; from: number; to: number } | { kind: "decimal"; from: string; to: string };

/** Built-in field class → PostgreSQL column type (Django's `data_types` for the postgresql backend). */
const COLUMN_TYPES: Record<string, string> = {
  CharField: "varchar",
  SlugField: "varchar",
  EmailField: "varchar",
  URLField: "varchar",
  FileField: "varchar",
  ImageField: "varchar",
  FilePathField: "varchar",
  TextField: "text",
  SmallIntegerField: "smallint",
  PositiveSmallIntegerField: "smallint",
  SmallAutoField: "smallint",
  IntegerField: "integer",
  PositiveIntegerField: "integer",
  AutoField: "integer",
  BigIntegerField: "bigint",
  PositiveBigIntegerField: "bigint",
  BigAutoField: "bigint",
  FloatField: "double precision",
  DecimalField: "numeric",
  BooleanField: "boolean",
  NullBooleanField: "boolean",
  DateField: "date",
  DateTimeField: "timestamp with time zone",
  TimeField: "time",
  DurationField: "interval",
  UUIDField: "uuid",
  BinaryField: "bytea",
  JSONField: "jsonb",
  GenericIPAddressField: "inet",
  IPAddressField: "inet",
};

export function columnChange(before: FieldState, after: FieldState): ColumnChange | undefined {
  const from = COLUMN_TYPES[before.fieldClass];
  const to = COLUMN_TYPES[after.fieldClass];
  if (!from || !to) return undefined;
  if (from !== to) return from === "varchar" && to === "text" ? undefined : { kind: "type", from, to };
  if (from === "varchar") {
    const a = intKwarg(before, "max_length");
    const b = intKwarg(after, "max_length");
    return a !== undefined && b !== undefined && b < a ? { kind: "shorter", from: a, to: b } : undefined;
  }
  if (from === "numeric") {
    const [digitsA, placesA, digitsB, placesB] = [intKwarg(before, "max_digits"), intKwarg(before, "decimal_places"), intKwarg(after, "max_digits"), intKwarg(after, "decimal_places")];
    if ([digitsA, placesA, digitsB, placesB].some((n) => n === undefined)) return undefined;
    const wider = placesA === placesB && digitsB! >= digitsA!;
    return wider ? undefined : { kind: "decimal", from: `(${digitsA}, ${placesA})`, to: `(${digitsB}, ${placesB})` };
  }
  return undefined;
}

function intKwarg(field: FieldState, name: string): number | undefined {
  const text = field.kwargs.get(name)?.text;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
