/**
 * Which lookups pin a row down: the primary key, a `unique=True` field, a one-to-one, or every field of
 * a `unique_together` / unconditional `UniqueConstraint`. A filter that pins one yields at most one row
 * (a loop over it runs once, `.exists()` saves nothing); an upsert's `unique_fields` must be one of
 * these sets or PostgreSQL rejects the ON CONFLICT target.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import { EQUALITY_LOOKUPS } from "./lookups.js";


/**
 * How far uniqueness is read. `models`: follow a relation (`profile__email` pins `profile` when email is
 * unique on the profile's model). `conditional`: a conditional UniqueConstraint counts too (unique among
 * the rows its condition keeps: few rows per key, not one; for cost questions, never for "runs once").
 */
export interface UniqueKeyOptions {
  models?: ReadonlyMap<string, ModelInfo>;
  conditional?: boolean;
}

const MAX_HOPS = 3;

/** The field a keyword lookup pins by equality: `sku`, `sku__iexact`, `customer_id` → `customer`, `pk`; undefined for ranges, `__in`, joins. */
export function pinnedField(model: ModelInfo, lookup: string, keys: UniqueKeyOptions = {}, hops = 0): string | undefined {
  const parts = lookup.split("__");
  const [head, ...rest] = parts;
  if (head && rest.length > 0 && keys.models && hops < MAX_HOPS && !(rest.length === 1 && EQUALITY_LOOKUPS.has(rest[0]!))) {
    // `customer__email` pins customer when email is unique (alone) on the customer model.
    const relation = model.fields.get(head);
    const target = relation && (relation.kind === "fk" || relation.kind === "o2o") && relation.target?.resolved ? keys.models.get(relation.target.model) : undefined;
    const field = target ? pinnedField(target, rest.join("__"), keys, hops + 1) : undefined;
    return target && field && uniqueFieldSets(target, keys).some((set) => set.length === 1 && set[0] === field) ? head : undefined;
  }
  if (!head || rest.length > 1 || (rest.length === 1 && !EQUALITY_LOOKUPS.has(rest[0]!))) return undefined;
  if (head === "pk") return primaryKeyName(model);
  if (model.fields.has(head)) return head;
  // `customer_id=` is the attname of the `customer` foreign key.
  const base = head.endsWith("_id") ? head.slice(0, -3) : undefined;
  const field = base ? model.fields.get(base) : undefined;
  return field && (field.kind === "fk" || field.kind === "o2o") ? base : undefined;
}

export function primaryKeyName(model: ModelInfo): string {
  for (const field of model.fields.values()) if (field.kwargs.primary_key === "True") return field.name;
  return "id";
}

/** Sets of fields whose values identify at most one row. */
export function uniqueFieldSets(model: ModelInfo, keys: UniqueKeyOptions = {}): string[][] {
  const sets: string[][] = [[primaryKeyName(model)]];
  for (const field of model.fields.values()) {
    if (field.kwargs.unique === "True" || field.kwargs.primary_key === "True" || field.kind === "o2o") sets.push([field.name]);
  }
  for (const index of model.meta.indexes) {
    if ((index.kind === "UniqueConstraint" || index.kind === "unique_together") && (keys.conditional === true || !index.hasCondition) && index.fields.length > 0) sets.push(index.fields);
  }
  return sets;
}

/** Every field of some unique set is pinned. */
export function pinsUniqueKey(model: ModelInfo, pinned: ReadonlySet<string>, keys: UniqueKeyOptions = {}): boolean {
  return uniqueFieldSets(model, keys).some((set) => set.every((f) => pinned.has(f)));
}

/** The fields the keyword arguments of one `filter(...)` / `get(...)` call pin by equality. */
export function pinnedByArguments(model: ModelInfo, args: SyntaxNode, keys: UniqueKeyOptions = {}): Set<string> {
  const pinned = new Set<string>();
  for (const arg of args.namedChildren) {
    if (arg.type !== "keyword_argument") continue;
    const field = pinnedField(model, arg.childForFieldName("name")?.text ?? "", keys);
    if (field) pinned.add(field);
  }
  return pinned;
}
