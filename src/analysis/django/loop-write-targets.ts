/**
 * Whether the writes of a loop's iterations may change what a query returns. DJP103 reports a query that
 * repeats unchanged on every iteration only when nothing in the loop can change its answer; before, any
 * write in the loop kept it silent (`pd.save()` beside a lookup of the active programme: the save writes
 * another table and cannot change the lookup). A write counts as harmless only when its table is known
 * and the query cannot see it:
 * - a row write (`save()`, `delete()`, `create()`, `update()`, the bulk and upsert calls, a reverse-FK
 *   manager's `add()` / `remove()` / `set()` / `clear()`, which rewrite the children's key) of a model
 *   that shares no table with the queried model (proxies and multi-table parents share one);
 * - a many-to-many manager's `add()` / `remove()` / `set()` / `clear()`, which only writes the link table;
 * and only when the query reads its own table's columns: every `filter()` / `exclude()` keyword and
 * `order_by()` field names a column of the model (a foreign key's own column counts), no `Q` objects,
 * no annotations, and only methods that read rows. A write through a helper function is not seen (as
 * before). Not seen either: a custom manager whose `get_queryset()` filters through a relation.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import type { DjangoFacts, LoopInfo, QuerySetInfo, RelationAccess } from "./types.js";
import { methodCallOf } from "./evaluation.js";
import { foldPerIteration, type PerIterationFold } from "./loop-scope.js";
import { WRITE_METHODS } from "./bulk-writes.js";
import { stringValue } from "./syntax.js";
import { FIELD_LOOKUPS } from "./lookups.js";

const WRITE_CALLS: PerIterationFold<SyntaxNode[]> = {
  start: () => [],
  visit: (acc, node) => {
    const m = methodCallOf(node);
    if (m && WRITE_METHODS.has(m.name)) acc.push(node);
  },
  merge: (acc, inner) => {
    acc.push(...inner);
  },
};

const LINK_METHODS = new Set(["add", "remove", "set", "clear"]);
/** Methods after which the query still reads only the model's own rows and columns. */
const OWN_ROW_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "first", "last", "get", "exists", "count", "only", "defer", "values", "values_list", "latest", "earliest", "distinct", "using",
]);

export function loopWritesMayChange(django: DjangoFacts, loop: LoopInfo, qs: QuerySetInfo): boolean {
  const writes = foldPerIteration(loop, WRITE_CALLS);
  if (writes.length === 0) return false;
  if (!readsOwnColumns(qs)) return true;
  const queried = tablesOf(qs.model, django.index);
  for (const call of writes) {
    const m = methodCallOf(call);
    if (!m) return true;
    const instance = m.name === "save" || m.name === "delete" ? django.instanceOf(m.object) : undefined;
    const manager = instance ? undefined : django.querySetOf(m.object);
    if (LINK_METHODS.has(m.name) && manager?.via && isManyToMany(manager.via.relation)) continue; // the link table only
    const written = instance?.model ?? manager?.model;
    if (!written) return true;
    if ([...tablesOf(written, django.index)].some((t) => queried.has(t))) return true;
  }
  return false;
}

function isManyToMany(relation: RelationAccess): boolean {
  return relation.kind === "m2m" || (relation.kind === "reverse" && relation.relation.kind === "reverse-m2m");
}

/** The model and every concrete model whose table its rows also live in (proxy targets, multi-table parents). */
function tablesOf(model: ModelInfo, index: ProjectIndex): Set<string> {
  const out = new Set<string>();
  const stack = [model];
  for (let m = stack.pop(); m; m = stack.pop()) {
    if (out.has(m.qualifiedName)) continue;
    if (!m.isAbstract) out.add(m.qualifiedName);
    for (const base of m.resolvedBases) {
      const b = index.models.get(base);
      if (b) stack.push(b);
    }
  }
  return out;
}

function readsOwnColumns(qs: QuerySetInfo): boolean {
  if (qs.root !== "manager" || qs.returnedBy !== undefined) return false;
  for (const call of qs.calls) {
    if (!OWN_ROW_METHODS.has(call.name)) return false;
    for (const arg of call.args.namedChildren) {
      if (arg.type === "comment") continue;
      if (call.name === "filter" || call.name === "exclude" || call.name === "get") {
        if (arg.type !== "keyword_argument" || !isOwnColumn(qs.model, arg.childForFieldName("name")?.text ?? "")) return false;
      } else if (call.name === "order_by" || call.name === "latest" || call.name === "earliest") {
        const name = stringValue(arg)?.replace(/^[-?]/, "");
        if (name === undefined || !isOwnColumn(qs.model, name)) return false;
      }
    }
  }
  return true;
}

/** `status`, `to_date__gte`, `owner_id`, `owner` (the key column), `pk`: a column of the model's own row. */
function isOwnColumn(model: ModelInfo, lookup: string): boolean {
  const [first, second, third] = lookup.split("__");
  if (first === undefined || third !== undefined) return false;
  if (first === "pk" || first === "id") return second === undefined || FIELD_LOOKUPS.has(second);
  const field = model.fields.get(first) ?? model.fields.get(first.replace(/_id$/, ""));
  if (!field || field.kind === "m2m") return false;
  // `owner__name` follows the relation; `owner__in` / `owner__isnull` compare the key column.
  return second === undefined || FIELD_LOOKUPS.has(second);
}

