/**
 * Is a QuerySet already narrowed by an equality filter on an indexed column (`filter(customer=c)`,
 * `filter(status__in=[...])` on an indexed field)? Then the sort only sees that subset, and an index
 * for the ordering matters far less. A `filter(**kwargs)` counts too: its keys are not in the code, so
 * nothing shows that the sort sees the whole table (rotation set 8: `filter(**{field: object_id})`,
 * every caller passing a foreign key).
 */
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import { fieldByName, leadsBtreeIndex } from "../../src/analysis/django/indexed-columns.js";
import { filtersByUnwrittenKeys } from "../../src/analysis/django/rows.js";

const NARROWING = new Set(["filter", "get"]);
const EQUALITY = new Set(["exact", "in", "iexact"]);

export function narrowedByIndexedFilter(qs: QuerySetInfo): boolean {
  if (filtersByUnwrittenKeys(qs)) return true;
  for (const call of qs.calls) {
    if (!NARROWING.has(call.name)) continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const [name, lookup = "exact", ...rest] = (arg.childForFieldName("name")?.text ?? "").split("__");
      if (rest.length > 0 || !name || !EQUALITY.has(lookup)) continue;
      const field = fieldByName(qs.model, name);
      if (field && leadsBtreeIndex(qs.model, field)) return true;
    }
  }
  return false;
}
