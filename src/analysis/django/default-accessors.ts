/**
 * `x.orderitem_set.filter(...)` where nothing says what `x` is: Django's default reverse accessor
 * `<model>_set` names the model whose ForeignKey or ManyToManyField (declared without related_name)
 * points back. When every relation of the project that gives some model this accessor is declared
 * by that one model, the manager's rows are that model's, whichever model `x` is.
 * The owner's loading stays unknown (no `via`): `x.orderitem_set.all()` may read a prefetch the
 * caller made, so the loop rules stay quiet about it (`loaded.ts`); a fresh `filter()` / `exclude()`
 * is a query of known rows.
 */
import type { SyntaxNode } from "../parser.js";
import type { ProjectIndex, ReverseRelation } from "../index/types.js";
import type { QuerySetInfo } from "./types.js";
import type { FileState } from "./state.js";
import { defaultManager } from "./querysets.js";
import { readsCache } from "./loaded.js";

const SUFFIX = "_set";

export function defaultAccessorManager(s: FileState, attr: SyntaxNode): QuerySetInfo | undefined {
  const object = attr.childForFieldName("object");
  const name = attr.childForFieldName("attribute")?.text;
  if (!object || !name?.endsWith(SUFFIX) || name.length === SUFFIX.length) return undefined;
  // A known row or class answers through its own relations (querysets.ts); this is for unknown owners.
  if (s.facts.instanceOf(object) || s.facts.modelOf(object) || s.facts.querySetOf(object)) return undefined;
  const relations = accessorsOf(s.index).get(name);
  const from = relations?.[0]?.fromModel;
  if (!from || relations.some((r) => r.fromModel !== from || r.kind === "reverse-o2o")) return undefined;
  const model = s.index.models.get(from);
  // Only the default spelling: a related_name that happens to end in `_set` names no model.
  if (!model || name !== `${model.name.toLowerCase()}${SUFFIX}`) return undefined;
  const manager = defaultManager(model);
  return { model, root: "related-manager", ...(manager ? { manager } : {}), calls: [], rootNode: attr, definitions: [] };
}

/** Every reverse relation of the project by accessor name, built once per index. */
const byIndex = new WeakMap<ProjectIndex, Map<string, ReverseRelation[]>>();

function accessorsOf(index: ProjectIndex): Map<string, ReverseRelation[]> {
  let map = byIndex.get(index);
  if (map) return map;
  map = new Map();
  for (const model of index.models.values()) {
    for (const relation of model.reverse.values()) {
      const list = map.get(relation.accessor);
      if (list) list.push(relation);
      else map.set(relation.accessor, [relation]);
    }
  }
  byIndex.set(index, map);
  return map;
}

/**
 * A related manager of an owner nothing is known about, read only through `all()`: the owner may carry
 * a prefetch of it (`Prefetch("orderitem_set")` on whatever query produced it), so whether it queries
 * at all is unknown.
 */
export function mayReadUnknownPrefetch(qs: QuerySetInfo): boolean {
  return qs.root === "related-manager" && qs.via === undefined && qs.calls.every(readsCache);
}
