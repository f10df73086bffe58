/**
 * "Is this relation of this instance already in memory?" — the question DJP101, DJP102 and DJP104
 * share. An instance's relations can be loaded by its own queryset, by the queryset of the object it
 * was reached from (`for item in order.items.all()` with orders prefetched as `items__product`), by a
 * `Prefetch(…, queryset=…)`, by `prefetch_related_objects(rows, …)`, or by an assignment `x.f = obj`.
 * Anything unproven counts as loaded: the rules stay silent rather than guess.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import type { ChainCall, DjangoFacts, EagerCoverage, InstanceInfo, QuerySetInfo } from "./types.js";
import { attributesWritten, callsNamed, listWithin } from "./within.js";
import { calleeName, enclosingScope, hasSplat, isWithin, keywordArg, positionalArgs, stringValue } from "./syntax.js";

export interface LoadSource {
  coverage: EagerCoverage;
  /** Path from the coverage's root model to the instance: `items__` for an item of `order.items.all()`. */
  prefix: string;
  qs?: QuerySetInfo;
}

const UNKNOWN: EagerCoverage = {
  selectRelated: new Set(),
  selectsAll: false,
  prefetch: new Set(),
  valuesMode: false,
  mitigated: false,
  unknown: true,
};

/**
 * `all()`, or a project method that only calls `all()` (`def get_items(self): return self.items.all()`):
 * served from a prefetch cache when the owner has one.
 */
export function readsCache(call: ChainCall): boolean {
  return call.name === "all" || (call.method !== undefined && call.method.methods.every((m) => m === "all"));
}

/** How deep `a.items.all()` → `item.parts.all()` → … nesting is followed. */
const MAX_NESTING = 4;

/** Every place that may have loaded relations of `inst`, relative to it. */
export function loadSources(django: DjangoFacts, inst: InstanceInfo, objectName?: string): LoadSource[] {
  const sources = queryLoadSources(django, inst, 0);
  const fromHelper = prefetchRelatedObjects(django, inst, objectName);
  if (fromHelper) sources.push({ coverage: fromHelper, prefix: "" });
  return sources;
}

function queryLoadSources(django: DjangoFacts, inst: InstanceInfo, depth: number): LoadSource[] {
  const qs = inst.qs;
  if (!qs) return [];
  const sources: LoadSource[] = [{ coverage: django.coverage(qs), prefix: "", qs }];
  if (qs.root !== "related-manager") return sources;
  // `owner.items.all()` reads owner's prefetch cache; any other call (`filter`, `order_by`) queries afresh.
  if (!qs.calls.every(readsCache)) return sources;
  const owner = qs.rootNode.type === "attribute" ? qs.rootNode.childForFieldName("object") : null;
  const accessor = qs.rootNode.childForFieldName("attribute")?.text;
  const ownerInst = qs.via?.instance ?? (owner ? django.instanceOf(owner) : undefined);
  // The owner's loading is decided by whoever produced it (a caller, a serializer): unknown.
  if (!ownerInst?.qs || !accessor || depth >= MAX_NESTING) return [...sources, { coverage: UNKNOWN, prefix: "" }];
  for (const outer of queryLoadSources(django, ownerInst, depth + 1)) {
    const lookup = outer.prefix + accessor;
    sources.push({ coverage: outer.coverage, prefix: `${lookup}__`, ...(outer.qs ? { qs: outer.qs } : {}) });
    const custom = outer.qs ? prefetchQuerySet(outer.qs, lookup) : undefined;
    if (custom === "unknown") sources.push({ coverage: UNKNOWN, prefix: "" });
    else if (custom) {
      const inner = django.querySetOf(custom);
      sources.push(inner ? { coverage: django.coverage(inner), prefix: "", qs: inner } : { coverage: UNKNOWN, prefix: "" });
    }
  }
  return sources;
}

/** `Prefetch("items", queryset=…)` for `lookup` in the chain (without to_attr, which fills another attribute). */
function prefetchQuerySet(qs: QuerySetInfo, lookup: string): SyntaxNode | "unknown" | undefined {
  for (const call of qs.calls) {
    if (call.name !== "prefetch_related") continue;
    for (const arg of positionalArgs(call.args)) {
      if (arg.type !== "call" || calleeName(arg) !== "Prefetch") continue;
      const args = arg.childForFieldName("arguments");
      if (!args || hasSplat(args)) return "unknown";
      const positional = positionalArgs(args);
      const first = positional[0] ?? keywordArg(args, "lookup");
      if (!first || stringValue(first) !== lookup || keywordArg(args, "to_attr")) continue;
      return keywordArg(args, "queryset") ?? positional[1];
    }
  }
  return undefined;
}

/** `prefetch_related_objects(rows, "a", …)` before a loop over `rows`, in the same function. */
function prefetchRelatedObjects(django: DjangoFacts, inst: InstanceInfo, objectName: string | undefined): EagerCoverage | undefined {
  const loop = inst.loop;
  if (!loop) return undefined;
  const iterable = loop.targets.find((t) => t.name === objectName)?.iterable ?? loop.iterable;
  if (!iterable) return undefined;
  const paths = new Set<string>();
  let unknown = false;
  for (const call of listWithin(callsNamed(django, "prefetch_related_objects"), enclosingScope(loop.node))) {
    if (call.startIndex >= loop.node.startIndex) continue;
    const args = call.childForFieldName("arguments");
    const [rows, ...lookups] = positionalArgs(args);
    if (!rows || rows.text !== iterable.text) continue;
    // `prefetch_related_objects(rows, *lookups)`: which paths is not known.
    if (hasSplat(args)) unknown = true;
    for (const lookup of lookups) {
      const direct = stringValue(lookup);
      const prefetchLookup = lookup.type === "call" && calleeName(lookup) === "Prefetch" ? positionalArgs(lookup.childForFieldName("arguments"))[0] : undefined;
      const viaPrefetch = prefetchLookup ? stringValue(prefetchLookup) : undefined;
      const path = direct ?? viaPrefetch;
      if (path === undefined) unknown = true;
      else paths.add(path);
    }
  }
  if (paths.size === 0 && !unknown) return undefined;
  return { ...UNKNOWN, unknown, prefetch: paths };
}

export interface PathKind {
  /** FK/O2O (select_related, fetch modes and auto-prefetch apply) vs a related manager (prefetch only). */
  forward: boolean;
  /** Every hop of the path is a non-null FK/O2O: a bare select_related() follows it. */
  nonNull: boolean;
}

/** True when `path` (relative to the instance) is loaded by one of the sources, or when that is unknown. */
export function isLoaded(sources: readonly LoadSource[], path: string, kind: PathKind): boolean {
  for (const source of sources) {
    const { coverage, prefix } = source;
    if (coverage.unknown) return true;
    // A fetch mode may carry over to related rows (not provable either way): counts at any depth.
    if (kind.forward && coverage.mitigated) return true;
    const full = prefix + path;
    if (prefix === "") {
      if (coverage.valuesMode) return true;
      if (kind.forward && source.qs && filtersRelationNull(source.qs, path.split("__")[0]!)) return true;
      if (kind.forward && coverage.forwardMitigated === true) return true;
      if (kind.forward && kind.nonNull && coverage.selectsAll) return true;
    }
    if (kind.forward && namesPath(coverage.selectRelated, full)) return true;
    if (namesPath(coverage.prefetch, full)) return true;
  }
  return false;
}

/**
 * `filter(parent__isnull=True)` / `filter(parent=None)` / `exclude(parent__isnull=False)` on the rows'
 * own queryset: every row's key is NULL, and Django answers `row.parent` with None without a query.
 * Only plain keyword arguments of an unbranched chain count (a `Q(...)` may be OR-ed with anything).
 */
function filtersRelationNull(qs: QuerySetInfo, field: string): boolean {
  if (qs.branches) return false;
  return qs.calls.some((call) => {
    if (call.name !== "filter" && call.name !== "exclude") return false;
    const nullWhen = call.name === "filter" ? "True" : "False";
    const isnull = keywordArg(call.args, `${field}__isnull`)?.text;
    if (isnull !== undefined) return isnull === nullWhen;
    return call.name === "filter" && [field, `${field}_id`].some((k) => keywordArg(call.args, k)?.text === "None");
  });
}

/** The set names `path` itself or a longer path through it (`a__b` loads `a`). */
export function namesPath(paths: ReadonlySet<string>, path: string): boolean {
  if (paths.has(path)) return true;
  for (const p of paths) if (p.startsWith(`${path}__`)) return true;
  return false;
}

/**
 * An earlier `x.f = obj` in the same function put the related object in x's cache (manual joins:
 * `o.customer = customers[o.customer_id]`). Any object of the same model counts, so a join done in an
 * earlier loop over the same rows is recognised too.
 */
export function cachedByAssignment(django: DjangoFacts, access: SyntaxNode, object: SyntaxNode, model: ModelInfo, field: string): boolean {
  for (const attr of listWithin(attributesWritten(django, field), enclosingScope(access))) {
    if (attr.startIndex >= access.startIndex || isWithin(access, attr)) continue;
    const target = attr.childForFieldName("object");
    if (!target) continue;
    if (target.text === object.text) return true;
    if (django.instanceOf(target)?.model.qualifiedName === model.qualifiedName) return true;
  }
  return false;
}

/**
 * Rows of `order.items.all()` (only `all()` after the manager): they come from order's prefetch cache
 * when it has one, so the place to load their relations is the query that loaded `order`.
 */
export function rowsOfOuterPrefetch(qs: QuerySetInfo): { text: string; accessor: string } | undefined {
  if (qs.root !== "related-manager" || !qs.calls.every((c) => c.name === "all")) return undefined;
  const owner = qs.rootNode.childForFieldName("object");
  const accessor = qs.rootNode.childForFieldName("attribute")?.text;
  return owner && accessor ? { text: owner.text, accessor } : undefined;
}

/**
 * Rows of `customer.orders.all()` (any chain on a reverse-FK manager) come with `row.customer` set to
 * `customer` by Django (known related objects): reading it back is never a query.
 */
export function isBackReference(inst: InstanceInfo, attr: string): boolean {
  const via = inst.qs?.root === "related-manager" ? inst.qs.via : undefined;
  if (via?.relation.kind !== "reverse") return false;
  const reverse = via.relation.relation;
  return (reverse.kind === "reverse-fk" || reverse.kind === "reverse-o2o") && reverse.fromField === attr;
}
