/**
 * Is a QuerySet already narrowed by an equality filter on an indexed column (`filter(customer=c)`,
 * `filter(status__in=[...])` on an indexed field)? Then the sort only sees that subset, and an index
 * for the ordering matters far less. A `filter(**kwargs)` counts too: its keys are not in the code, so
 * nothing shows that the sort sees the whole table (rotation set 8: `filter(**{field: object_id})`,
 * every caller passing a foreign key). So does an equality through relations whose every join runs on a
 * key (`filter(step__definition=d)`: the steps of one definition by their foreign key's index, then
 * their forms by primary key; rotation set 11).
 */
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import type { FieldInfo, ModelInfo } from "../../src/analysis/index/types.js";
import { fieldByName, leadsBtreeIndex } from "../../src/analysis/django/indexed-columns.js";
import { filtersByUnwrittenKeys } from "../../src/analysis/django/rows.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { stringValue } from "../../src/analysis/index/expr.js";

const NARROWING = new Set(["filter", "get"]);
const EQUALITY = new Set(["exact", "in", "iexact"]);
const RELATIONS = new Set(["fk", "o2o"]);

export function narrowedByIndexedFilter(qs: QuerySetInfo, models: ReadonlyMap<string, ModelInfo>): boolean {
  if (filtersByUnwrittenKeys(qs)) return true;
  for (const call of qs.calls) {
    if (!NARROWING.has(call.name)) continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type === "keyword_argument" && indexedEquality(models, qs.model, arg.childForFieldName("name")?.text ?? "")) return true;
    }
  }
  return false;
}

/** Chain methods that add names a filter may use besides the model's fields. */
const NAMING = new Set(["annotate", "alias", "extra", "values", "values_list"]);

/**
 * A `filter()` / `exclude()` keyword names nothing the model has (not a field, `pk`, a reverse relation's
 * query name, or a name the chain annotates): Django raises FieldError before any row is sorted, so the
 * code is dead (rotation set 12: SHARE's `oaisources` command filtering on a `harvester` relation the model
 * lost in a cleanup). Only for a model whose fields are all known (`complete`).
 */
export function filtersOnMissingField(qs: QuerySetInfo, models: ReadonlyMap<string, ModelInfo>): boolean {
  if (!qs.model.complete || qs.calls.some((c) => NAMING.has(c.name) || c.method !== undefined)) return false;
  const queryNames = new Set<string>();
  for (const reverse of qs.model.reverse.values()) queryNames.add(reverse.accessor);
  for (const call of qs.calls) {
    if (call.name !== "filter" && call.name !== "exclude") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const first = (arg.childForFieldName("name")?.text ?? "").split("__")[0] ?? "";
      if (first === "" || fieldByName(qs.model, first) || first === "id" || queryNames.has(first) || reverseQueryName(qs.model, first) || namedByAnyRelation(models, first)) continue;
      return true;
    }
  }
  return false;
}

/** Some field of the project names a reverse relation so (`related_name`, `related_query_name`, a GenericRelation's): known, whichever model it reaches. */
function namedByAnyRelation(models: ReadonlyMap<string, ModelInfo>, name: string): boolean {
  for (const model of models.values()) {
    for (const field of model.fields.values()) {
      if (field.relatedName === name || /^["'](\w+)["']$/.exec(field.kwargs["related_query_name"] ?? "")?.[1] === name) return true;
    }
  }
  return false;
}

/** Some relation to the model (any kind) is queried by this name: `related_query_name`, `related_name`, or the model's name. */
function reverseQueryName(model: ModelInfo, name: string): boolean {
  for (const reverse of model.reverse.values()) {
    if (reverse.fromModel.split(".").pop()?.toLowerCase() === name) return true;
  }
  return false;
}

/**
 * `customer`, `status__in`, `form__uuid`, `formstep__form_definition`: an equality on a column that leads an
 * index, reached from `model` through relations joined on keys (a forward foreign key joins on the other
 * table's primary key; a reverse one on this side's foreign key, indexed unless `db_index=False`).
 */
export function indexedEquality(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, lookup: string): boolean {
  const parts = lookup.split("__");
  if (parts.length > 1 && EQUALITY.has(parts[parts.length - 1] ?? "")) parts.pop();
  if (parts.some((p) => p === "")) return false;
  let at: ModelInfo | undefined = model;
  for (const [i, name] of parts.entries()) {
    if (!at) return false;
    const field = fieldByName(at, name);
    // The last part may be a reverse relation itself (`filter(orders=order)`): its foreign key's index.
    if (i === parts.length - 1) return field ? leadsBtreeIndex(at, field) : reverseKeyed(models, at, name) !== undefined;
    if (field) {
      at = RELATIONS.has(field.kind) && field.target?.resolved === true ? models.get(field.target.model) : undefined;
      continue;
    }
    at = reverseKeyed(models, at, name);
  }
  return false;
}

/** The model on the other side of the reverse relation `name` (its query name) when its foreign key is indexed. */
function reverseKeyed(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, name: string): ModelInfo | undefined {
  for (const reverse of model.reverse.values()) {
    if (reverse.kind === "reverse-m2m") continue;
    const from = models.get(reverse.fromModel);
    const field: FieldInfo | undefined = from?.fields.get(reverse.fromField);
    if (!from || !field || queryName(from, field) !== name) continue;
    return leadsBtreeIndex(from, field) ? from : undefined;
  }
  return undefined;
}

/** How filters name a reverse relation: `related_query_name`, else `related_name`, else the model's name. */
function queryName(from: ModelInfo, field: FieldInfo): string {
  const written = /^["'](\w+)["']$/.exec(field.kwargs["related_query_name"] ?? "")?.[1];
  return written ?? field.relatedName ?? from.name.toLowerCase();
}

/**
 * The call builds a nested view's `queryset` (drf-nested-routers' `NestedViewSetMixin`): its
 * `get_queryset()` filters it by `parent_lookup_kwargs` (`{"form_uuid_or_slug": "form__uuid"}`), one
 * parent's rows taken from the URL. Bound when every such lookup is an indexed equality (rotation set 11:
 * one form's versions sorted by `-created`).
 */
export function boundByParentLookup(call: SyntaxNode, qs: QuerySetInfo, models: ReadonlyMap<string, ModelInfo>): boolean {
  let node: SyntaxNode | null = call;
  while (node && node.type !== "assignment") node = node.parent;
  if (node?.childForFieldName("left")?.text !== "queryset") return false;
  const body = node.parent?.type === "expression_statement" ? node.parent.parent : undefined;
  if (body?.type !== "block" || body.parent?.type !== "class_definition") return false;
  for (const statement of body.namedChildren) {
    const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.text !== "parent_lookup_kwargs") continue;
    const dict = assignment.childForFieldName("right");
    if (dict?.type !== "dictionary") return false;
    const lookups = dict.namedChildren.map((pair) => {
      const value = pair.type === "pair" ? pair.childForFieldName("value") : null;
      return value ? stringValue(value) : undefined;
    });
    return lookups.length > 0 && lookups.every((l) => l !== undefined && indexedEquality(models, qs.model, l));
  }
  return false;
}
