/**
 * Which columns of a model have an index, from the model index (RULES.md §3 "M"): the primary key,
 * `db_index=True`, `unique=True`, foreign keys and one-to-ones (unless `db_index=False`), and the
 * first column of every B-tree `Index` / `UniqueConstraint` / `unique_together` / `index_together`.
 * GIN/GiST indexes are listed apart: they serve containment lookups, not ordering or equality on the
 * first column. Answers are about concrete, complete models; callers stay silent otherwise.
 */
import type { FieldInfo, ModelInfo } from "../index/types.js";

/** Index classes whose first column serves ordering and equality (B-tree). */
const BTREE_KINDS: ReadonlySet<string> = new Set(["Index", "BTreeIndex", "UniqueConstraint", "unique_together", "index_together"]);
/** Index classes that serve containment, key and full-text lookups. */
const CONTAINMENT_KINDS: ReadonlySet<string> = new Set(["GinIndex", "GistIndex", "BloomIndex", "SpGistIndex"]);

const RELATION_KINDS: ReadonlySet<string> = new Set(["fk", "o2o"]);

/** The model field a name (`created`, `customer_id`, `pk`) stands for, with the column it means. */
export function fieldByName(model: ModelInfo, name: string): FieldInfo | undefined {
  if (name === "pk") return [...model.fields.values()].find((f) => f.kwargs["primary_key"] === "True") ?? model.fields.get("id");
  const direct = model.fields.get(name);
  if (direct) return direct;
  const attname = name.endsWith("_id") ? model.fields.get(name.slice(0, -3)) : undefined;
  return attname && RELATION_KINDS.has(attname.kind) ? attname : undefined;
}

/** Does the field's column lead a B-tree index (so ORDER BY / equality on it can use the index)? */
export function leadsBtreeIndex(model: ModelInfo, field: FieldInfo): boolean {
  const kw = field.kwargs;
  if (kw["primary_key"] === "True" || kw["unique"] === "True" || kw["db_index"] === "True") return true;
  if (field.autoCreated && field.name === "id") return true;
  if (RELATION_KINDS.has(field.kind) && kw["db_index"] !== "False") return true;
  // Django indexes a SlugField unless told not to (`db_index=True` is its default).
  if (/SlugField$/.test(field.fieldClass) && kw["db_index"] !== "False") return true;
  return model.meta.indexes.some((i) => BTREE_KINDS.has(i.kind) && i.fields[0] === field.name);
}

/**
 * A B-tree index (no condition) lists the field right after one or more foreign keys
 * (`UniqueConstraint(fields=["system", "name"])`): the rows are one parent's children, and a list of
 * one parent's rows (`WHERE system_id = ? ORDER BY name`, `system.services.all()`) reads them in index
 * order. The keys must be NOT NULL: every row has a parent. The parent key the index names; undefined when
 * no such index exists.
 */
export function orderedUnderParentKey(model: ModelInfo, field: FieldInfo): string | undefined {
  for (const index of model.meta.indexes) {
    if (!BTREE_KINDS.has(index.kind) || index.hasCondition) continue;
    const at = index.fields.findIndex((name) => fieldByName(model, name)?.name === field.name);
    if (at < 1) continue;
    const prefix = index.fields.slice(0, at).map((name) => fieldByName(model, name));
    // A nullable key: rows without a parent exist, and the model is listed across parents (awx's credentials).
    if (prefix.every((f) => f !== undefined && RELATION_KINDS.has(f.kind) && f.kwargs["null"] !== "True")) return prefix[0]!.name;
  }
  return undefined;
}

/** A GIN/GiST (or similar) index lists the field; "unknown" when a containment index is built on expressions only. */
export function containmentIndexOn(model: ModelInfo, field: FieldInfo): "yes" | "no" | "unknown" {
  const indexes = model.meta.indexes.filter((i) => CONTAINMENT_KINDS.has(i.kind));
  if (indexes.some((i) => i.fields.includes(field.name))) return "yes";
  return indexes.some((i) => i.fields.length === 0) ? "unknown" : "no";
}
