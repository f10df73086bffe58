/**
 * DJP101's deferred-field variant: the loop's queryset uses only()/defer() and the body reads a column
 * left out, so Django loads it with one query per row (refresh_from_db on attribute access).
 */
import type { DjangoFacts, EagerCoverage, QuerySetInfo } from "../../src/analysis/django/types.js";
import type { FieldInfo, ModelInfo } from "../../src/analysis/index/types.js";
import type { Fix } from "../../src/analysis/finding.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { hasSplat, positionalArgs, stringValue } from "../../src/analysis/django/syntax.js";

export interface DeferredRead {
  /** The field name only()/defer() use: `customer` for a read of `customer_id`. */
  field: string;
  via: "only" | "defer";
}

/** The column `attr` reads on `model`, when only()/defer() in `coverage` leave it out. */
export function deferredRead(django: DjangoFacts, model: ModelInfo, attr: string, coverage: EagerCoverage): DeferredRead | undefined {
  if (coverage.unknown || coverage.mitigated || coverage.valuesMode) return undefined;
  const field = columnField(django, model, attr);
  if (!field || isPrimaryKey(field)) return undefined;
  if (coverage.defer?.has(field.name)) return { field: field.name, via: "defer" };
  if (coverage.only) {
    // only("customer__name") names the FK column too.
    const named = new Set([...coverage.only].map((p) => p.split("__")[0]));
    if (!named.has(field.name)) return { field: field.name, via: "only" };
  }
  return undefined;
}

function columnField(django: DjangoFacts, model: ModelInfo, attr: string): FieldInfo | undefined {
  const rel = django.relation(model, attr);
  if (rel?.kind === "concrete") return rel.field;
  if (attr.endsWith("_id")) {
    const fk = django.relation(model, attr.slice(0, -3));
    if (fk?.kind === "forward" && (fk.field.kind === "fk" || fk.field.kind === "o2o")) return fk.field;
  }
  return undefined;
}

function isPrimaryKey(field: FieldInfo): boolean {
  return field.kwargs.primary_key === "True" || field.name === "id";
}

/** Append the field to the chain's only(...): safe, it loads one more column and changes no rows. */
export function addToOnlyFix(qs: QuerySetInfo, field: string): Fix | undefined {
  const onlyCalls = qs.calls.filter((c) => c.name === "only");
  if (onlyCalls.length !== 1 || qs.calls.some((c) => c.name === "defer")) return undefined;
  const argList = onlyCalls[0]!.args;
  const args = positionalArgs(argList);
  const last = args[args.length - 1];
  if (!last || hasSplat(argList) || args.some((a) => stringValue(a) === undefined)) return undefined;
  const at = rangeOf(last).end;
  const literal = JSON.stringify(field);
  return {
    safety: "safe",
    title: `Add ${literal} to only()`,
    edits: [{ range: { start: at, end: at }, newText: `, ${literal}` }],
  };
}
