/**
 * How many rows a loop over a QuerySet can walk, when the code bounds it: a filter on the primary key
 * or on a unique field (a one-to-one included), or a literal slice `[:n]`. A query or a write per row
 * of such a loop runs once, not N times, so the loop rules stay quiet (DJP101–DJP103, DJP501–DJP503).
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts, InstanceInfo, LoopInfo, QuerySetInfo } from "./types.js";
import { sliceStop } from "./syntax.js";
import { pinnedByArguments, pinnedField, pinsUniqueKey, type UniqueKeyOptions } from "./uniqueness.js";

/** The rows `qs` yields are at most one: `filter(pk=…)`, a unique field or unique set, or a `[:1]` slice of `iterable` or a definition. */
export function atMostOneRow(qs: QuerySetInfo, iterable?: SyntaxNode | null, keys: UniqueKeyOptions = {}): boolean {
  return uniqueFilter(qs, keys) || sliceBound(qs, iterable) <= 1;
}

/** The filter() / get() calls of the chain, together, pin a unique field or every field of a unique set. */
function uniqueFilter(qs: QuerySetInfo, keys: UniqueKeyOptions): boolean {
  // A union adds the other queryset's rows to the filtered one.
  if (qs.calls.some((c) => c.name === "union")) return false;
  const pinned = new Set<string>();
  for (const call of qs.calls) {
    // A project method's filters, as the index read them (keyword names; the values are not needed).
    for (const key of call.method?.filterKeys ?? []) {
      const field = pinnedField(qs.model, key, keys);
      if (field) pinned.add(field);
    }
    if (call.name !== "filter" && call.name !== "get") continue;
    for (const field of pinnedByArguments(qs.model, call.args, keys)) pinned.add(field);
  }
  // A related manager's rows are pinned on the relation back to its instance.
  const via = qs.via?.relation;
  if (via?.kind === "reverse") pinned.add(via.relation.fromField);
  return pinned.size > 0 && pinsUniqueKey(qs.model, pinned, keys);
}

/** The smallest literal slice bound on the rows (Infinity when unsliced or not literal). */
export function sliceBound(qs: QuerySetInfo, iterable?: SyntaxNode | null): number {
  const candidates: SyntaxNode[] = [];
  if (iterable) candidates.push(iterable);
  for (const def of qs.definitions) {
    const right = def.childForFieldName("right");
    if (right) candidates.push(right);
  }
  let bound = Number.POSITIVE_INFINITY;
  for (const node of candidates) bound = Math.min(bound, sliceStop(node) ?? Number.POSITIVE_INFINITY);
  return bound;
}

/** Any subscript on the rows (a page, `[:50]`): the loop is not over an unbounded list. */
export function isSliced(qs: QuerySetInfo, iterable?: SyntaxNode | null): boolean {
  if (qs.sliced) return true;
  const nodes = [iterable, ...qs.definitions.map((d) => d.childForFieldName("right"))];
  return nodes.some((n) => n?.type === "subscript");
}

/** The expression the loop variable `name` of an instance's loop walks (`qs` in `for i, x in enumerate(qs)`). */
export function iterableOf(inst: InstanceInfo, name: string): SyntaxNode | null | undefined {
  return inst.loop?.targets.find((t) => t.name === name)?.iterable ?? inst.loop?.iterable;
}

/** A loop instance's rows are at most one (see `atMostOneRow`). */
export function instanceRowsAtMostOne(inst: InstanceInfo, name: string): boolean {
  return !!inst.qs && atMostOneRow(inst.qs, iterableOf(inst, name));
}

/** Some iterable of the loop is a QuerySet of at most one row: the loop runs at most once (zip stops early too). */
export function loopWalksAtMostOneRow(django: DjangoFacts, loop: LoopInfo): boolean {
  if (loop.kind === "while") return false;
  const iterables = [loop.iterable, ...loop.targets.map((t) => t.iterable)];
  for (const it of iterables) {
    const qs = it ? django.querySetOf(it) : undefined;
    if (qs && atMostOneRow(qs, it)) return true;
  }
  return false;
}

/** A filter() / get() of the chain takes `**kwargs`: the columns it filters on are not in the code (a foreign key, a primary key, anything). */
export function filtersByUnwrittenKeys(qs: QuerySetInfo): boolean {
  return qs.calls.some((c) => (c.name === "filter" || c.name === "get") && c.args.namedChildren.some((a) => a.type === "dictionary_splat"));
}
