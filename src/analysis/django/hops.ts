/**
 * Walks `v.a.b.c` along single-object relations of v's model: each hop is a forward FK/O2O (or a
 * reverse O2O) whose object a lazy access loads with one query. Stops at the first attribute that is
 * not such a relation (a column, a related manager, a method, an unknown name). A literal
 * `getattr(v, "a")` is the same read as `v.a`, at any hop.
 */
import type { SyntaxNode } from "../parser.js";
import type { FieldInfo, ModelInfo, ProjectIndex } from "../index/types.js";
import type { DjangoFacts, RelationAccess } from "./types.js";
import { accessedName, accessOf, attributeName, sameNode } from "./syntax.js";

export interface Hop {
  /** The attribute node whose evaluation loads the related object (`v.a`, then `v.a.b`). */
  node: SyntaxNode;
  name: string;
  /** `__`-joined path from v's model: `a__b`. */
  path: string;
  model: ModelInfo;
  /** The FK/O2O field; absent for a reverse O2O. */
  field?: FieldInfo;
  /** The related model, when the index resolved it. */
  target?: ModelInfo;
  nullable: boolean;
  /**
   * The hop walks back across a one-to-one the previous hop crossed (`customer.profile.customer`):
   * Django caches both sides of a one-to-one, so it is never a query.
   */
  backReference: boolean;
  /** Reached through another property of the model that the member reads (`self.deriver.x` where `deriver` reads `self.source`). */
  via?: string;
}

export function relationHops(django: DjangoFacts, index: ProjectIndex, model: ModelInfo, first: SyntaxNode): Hop[] {
  const hops: Hop[] = [];
  let node = first;
  let current: ModelInfo | undefined = model;
  while (current) {
    const name = accessedName(node);
    if (!name) break;
    const rel = django.relation(current, name);
    let target: ModelInfo | undefined;
    let field: FieldInfo | undefined;
    if (rel?.kind === "forward" && (rel.field.kind === "fk" || rel.field.kind === "o2o")) {
      field = rel.field;
      target = rel.field.target?.resolved ? index.models.get(rel.field.target.model) : undefined;
    } else if (rel?.kind === "reverse" && rel.relation.kind === "reverse-o2o") {
      target = index.models.get(rel.relation.fromModel);
    } else break;
    const previous = hops[hops.length - 1];
    const path = previous ? `${previous.path}__${name}` : name;
    const backReference = previous !== undefined && isOneToOneBack(previous, current, rel, field);
    // A reverse O2O may be missing (DoesNotExist), which select_related() without arguments never follows.
    hops.push({ node, name, path, model: current, ...(field ? { field } : {}), ...(target ? { target } : {}), nullable: field ? field.nullable : true, backReference });
    const next = accessOf(node);
    if (!next) break;
    node = next;
    current = target;
  }
  return hops;
}

/**
 * The foreign keys (and one-to-ones) a property of `model` walks through (`version` reading
 * `self.release.version` → `release`), as hops taken at `node` (where the property is read), one level
 * deep (the index's `propertyHops`). Empty for anything that is not such a property.
 */
export function propertyHops(index: ProjectIndex, model: ModelInfo, property: string, node: SyntaxNode, kind: "property" | "method" = "property"): Hop[] {
  const hops: Hop[] = [];
  const seen = new Set<string>();
  const add = (name: string, via?: string): boolean => {
    const field = model.fields.get(name);
    if (!field || (field.kind !== "fk" && field.kind !== "o2o")) return false;
    if (seen.has(name)) return true;
    seen.add(name);
    const target = field.target?.resolved ? index.models.get(field.target.model) : undefined;
    hops.push({ node, name, path: name, model, field, ...(target ? { target } : {}), nullable: field.nullable, backReference: false, ...(via ? { via } : {}) });
    return true;
  };
  const names = (kind === "method" ? model.methodHops : model.propertyHops)?.get(property) ?? [];
  for (const name of names) add(name);
  // One more level: `self.deriver.x` where `deriver` is a property of the model whose body reads
  // `self.source.y` walks `source` too (the property runs on every read of it).
  for (const name of names) {
    if (name === property || model.fields.has(name) || !model.properties.has(name)) continue;
    for (const inner of model.propertyHops?.get(name) ?? []) add(inner, name);
  }
  return hops;
}

/** `x.f.id` / `x.f.pk` where f_id holds the same value: reading the pk needs no query at all (DJP104). */
export function readsOnlyPk(hop: Hop): boolean {
  const parent = hop.node.parent;
  if (!parent || parent.type !== "attribute" || !sameNode(parent.childForFieldName("object"), hop.node)) return false;
  const tail = attributeName(parent);
  return (tail === "id" || tail === "pk") && hop.field !== undefined && hop.field.kwargs.to_field === undefined;
}

/** `previous` crossed a one-to-one from model A to `current`; `rel` on `current` leads straight back to A. */
function isOneToOneBack(previous: Hop, current: ModelInfo, rel: RelationAccess, field: FieldInfo | undefined): boolean {
  if (previous.field) {
    // previous: forward o2o A.f → current; back: the reverse o2o on current declared by A.f.
    return previous.field.kind === "o2o" && rel.kind === "reverse" &&
      rel.relation.fromModel === previous.model.qualifiedName && rel.relation.fromField === previous.field.name;
  }
  // previous: reverse o2o A → current (declared by current.f); back: current.f itself.
  const reverse = previous.model.reverse.get(previous.name);
  return field !== undefined && reverse?.fromModel === current.qualifiedName && reverse.fromField === field.name;
}
