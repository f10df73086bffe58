/**
 * Reverse accessors: each relation field of a concrete model gives its target an attribute, named by
 * `related_name` or `<model>_set` (fk, m2m) / `<model>` (o2o). `related_name="+"` (or ending in "+")
 * hides it; a symmetrical `ManyToManyField("self")` has none. Subclasses (proxies, multi-table
 * children) inherit their parents' accessors as Python attributes.
 */
import type { LocalRelation } from "./models.js";
import type { Notes } from "./notes.js";
import type { ModelInfo, ReverseKind } from "./types.js";

const REVERSE_KIND: Record<string, ReverseKind> = { fk: "reverse-fk", o2o: "reverse-o2o", m2m: "reverse-m2m" };

export function addReverseAccessors(models: ReadonlyMap<string, ModelInfo>, relations: LocalRelation[], notes: Notes): void {
  for (const { model, field } of relations) {
    const { info } = field;
    const kind = REVERSE_KIND[info.kind];
    if (!kind || !info.target?.resolved || field.symmetricalSelf) continue;
    // A related_name that is not a literal names an accessor we cannot know; do not invent one.
    if (info.kwargs.related_name !== undefined && info.relatedName === undefined) continue;
    if (info.relatedName?.endsWith("+")) continue;
    const target = models.get(info.target.model);
    if (!target) continue;
    const lower = model.name.toLowerCase();
    const accessor = info.relatedName ?? (info.kind === "o2o" ? lower : `${lower}_set`);
    const existing = target.reverse.get(accessor);
    if (existing) {
      notes.add(`${target.qualifiedName}.${accessor}: reverse accessor clash (${existing.fromModel}.${existing.fromField}, ${model.qualifiedName}.${info.name})`);
      continue;
    }
    target.reverse.set(accessor, { accessor, kind, fromModel: model.qualifiedName, fromField: info.name });
  }
  const done = new Set<string>();
  for (const model of models.values()) inheritReverse(model, models, done, new Set());
}

function inheritReverse(model: ModelInfo, models: ReadonlyMap<string, ModelInfo>, done: Set<string>, visiting: Set<string>): void {
  if (done.has(model.qualifiedName) || visiting.has(model.qualifiedName)) return;
  visiting.add(model.qualifiedName);
  for (const baseQn of model.resolvedBases) {
    const base = models.get(baseQn);
    if (!base || base.isAbstract) continue;
    inheritReverse(base, models, done, visiting);
    for (const [accessor, rel] of base.reverse) {
      // The parent's accessor back to this very child (`place.restaurant`) is not the child's business.
      if (rel.fromModel === model.qualifiedName || model.reverse.has(accessor)) continue;
      model.reverse.set(accessor, rel);
    }
  }
  visiting.delete(model.qualifiedName);
  done.add(model.qualifiedName);
}
