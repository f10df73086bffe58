/** What an attribute of a model instance is, according to the index: a relation (costs a query) or a column. */
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import type { RelationAccess } from "./types.js";

export function relationOf(model: ModelInfo, attr: string): RelationAccess | undefined {
  const field = model.fields.get(attr);
  if (field) {
    switch (field.kind) {
      case "fk":
      case "o2o":
        return { kind: "forward", field };
      case "m2m":
        return { kind: "m2m", field };
      case "concrete":
        return { kind: "concrete", field };
      case "generic-relation":
        // `GenericRelation(Target)` names its rows' model: a related manager of Target, filtered on
        // the content type and object id (prefetchable, never select_related).
        return field.target?.resolved ? { kind: "generic", field } : undefined;
      default:
        // A GenericForeignKey needs the row's content type to know its model: not provable here.
        return undefined;
    }
  }
  // `customer_id` is the FK's column on the row: reading it never queries.
  if (attr.endsWith("_id")) {
    const fk = model.fields.get(attr.slice(0, -3));
    if (fk && (fk.kind === "fk" || fk.kind === "o2o")) return { kind: "concrete", field: fk };
  }
  const reverse = model.reverse.get(attr);
  if (reverse) return { kind: "reverse", relation: reverse };
  return undefined;
}

/** The model at the other end of a relation, when the index resolved it. */
export function relatedModel(index: ProjectIndex, access: RelationAccess): ModelInfo | undefined {
  switch (access.kind) {
    case "forward":
    case "m2m":
    case "generic": {
      const target = access.field.target;
      return target?.resolved ? index.models.get(target.model) : undefined;
    }
    case "reverse":
      return index.models.get(access.relation.fromModel);
    default:
      return undefined;
  }
}
