/**
 * DJP102 related-manager-in-loop: inside a loop over a queryset, `row.items.all()` / `.count()` /
 * `.filter(…)` on a reverse-FK or M2M manager runs one query per row. `.all()`, `.count()`,
 * `.exists()` read the cache when the queryset prefetches the relation; `.filter()` and friends never
 * do, so they stay flagged even then (the fix is a `Prefetch(…, to_attr=…)`).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { InstanceInfo, LoopInfo, RelationAccess } from "../../src/analysis/django/types.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { attributeName, methodCallsOn, sameNode } from "../../src/analysis/django/syntax.js";
import { relationHops } from "../../src/analysis/django/hops.js";
import { isLoaded, loadSources, rowsOfOuterPrefetch } from "../../src/analysis/django/loaded.js";
import { instanceRowsAtMostOne, iterableOf } from "../../src/analysis/django/rows.js";
import { loopImpact } from "../../src/analysis/django/impact.js";
import { runsPerIteration } from "../../src/analysis/django/loop-scope.js";
import { eagerLoadFix } from "../../src/analysis/django/eager-fix.js";
import { isEmbeddedInQuery } from "../../src/analysis/django/embedded.js";
import { QUERYSET_METHODS } from "../../src/analysis/django/querysets.js";
import { querySetOrigin, quote } from "../../src/analysis/django/report-parts.js";
import { checkAdminColumnManagers } from "./admin.js";

/** Served from the prefetch cache when the relation is prefetched. */
const CACHE_READS = new Set(["all", "count", "exists", "first", "last"]);
/** Always a new query, prefetched or not. */
const NEW_QUERY = new Set([
  "filter", "exclude", "get", "order_by", "annotate", "alias", "aggregate", "values", "values_list",
  "latest", "earliest", "distinct", "iterator", "in_bulk", "select_related", "only", "defer",
]);
const COUNTS = new Set(["count", "exists"]);

export default defineRule({
  id: "DJP102",
  name: "related-manager-in-loop",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "sometimes",
  target: "python",
  summary: "A loop over a queryset reads a reverse-FK or many-to-many manager per row: one query per row.",
  messages: {
    "not-prefetched":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): {{relation}} is not prefetched. Load it up front: {{advice}}.",
    "count-not-prefetched":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): {{relation}} is not prefetched. Count in the same query: `.annotate({{alias}}=Count(\"{{path}}\"))` on the queryset (or {{advice}}).",
    "filtered-count":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): .{{method}}() on a related manager always queries, even when \"{{path}}\" is prefetched. Count in the same query instead: `.annotate({{alias}}=Count(\"{{path}}\", filter=Q(…)))` on the queryset, with the same conditions prefixed by `{{path}}__` (for `exists()`, compare the count with 0 or annotate `Exists(…)`).",
    "admin-column":
      "`{{access}}` in `{{column}}`, a list_display column of {{admin}}, runs one query per row of the admin change list ({{rows}}): {{relation}} is not prefetched. Load it with the rows: {{advice}}.",
    "bypasses-prefetch":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): .{{method}}() on a related manager always queries, even when \"{{path}}\" is prefetched. Prefetch the rows you need once: `Prefetch(\"{{path}}\", queryset=…, to_attr=\"…\")`, and read that list.",
  },
  check(ctx) {
    const fixesGiven = new Set<string>();
    for (const attr of ctx.django.nodesOfType("attribute")) {
      const object = attr.childForFieldName("object");
      if (object?.type !== "identifier") continue;
      const inst = ctx.django.instanceOf(object);
      const loop = inst?.loop;
      if (!inst || inst.source !== "loop" || !loop || !inst.qs) continue;
      if (!runsPerIteration(loop, attr) || instanceRowsAtMostOne(inst, object.text)) continue;
      for (const use of managersOf(ctx, inst.model, attr)) checkManagerUse(ctx, fixesGiven, { inst, loop, object, ...use });
    }
    checkAdminColumnManagers(ctx, (model, accessor) => isManager(ctx.django.relation(model, accessor)), CACHE_READS, NEW_QUERY);
  },
});

/** A related manager read in the loop: `row.items`, or `row.product.tags` through a foreign key. */
interface ManagerUse {
  inst: InstanceInfo;
  loop: LoopInfo;
  /** The loop variable. */
  object: SyntaxNode;
  /** The `attribute` node that evaluates to the manager. */
  node: SyntaxNode;
  /** The model the manager belongs to and its accessor there. */
  model: ModelInfo;
  accessor: string;
  /** Lookup path from the loop's model: `items`, `product__tags`. */
  path: string;
}

function managersOf(ctx: RuleContext, model: ModelInfo, attr: SyntaxNode): Omit<ManagerUse, "inst" | "loop" | "object">[] {
  const candidates = [{ node: attr, model, prefix: "" }];
  for (const hop of relationHops(ctx.django, ctx.index, model, attr)) {
    const parent = hop.node.parent;
    if (hop.target && parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), hop.node)) {
      candidates.push({ node: parent, model: hop.target, prefix: `${hop.path}__` });
    }
  }
  const uses: Omit<ManagerUse, "inst" | "loop" | "object">[] = [];
  for (const c of candidates) {
    const accessor = attributeName(c.node) ?? "";
    if (isManager(ctx.django.relation(c.model, accessor))) {
      uses.push({ node: c.node, model: c.model, accessor, path: `${c.prefix}${accessor}` });
    }
  }
  return uses;
}

function isManager(rel: RelationAccess | undefined): boolean {
  if (!rel) return false;
  if (rel.kind === "m2m" || rel.kind === "generic") return true;
  return rel.kind === "reverse" && (rel.relation.kind === "reverse-fk" || rel.relation.kind === "reverse-m2m");
}

function checkManagerUse(ctx: RuleContext, fixesGiven: Set<string>, use: ManagerUse): void {
  const { inst, loop, node, path } = use;
  const calls = methodCallsOn(node);
  const names = calls.map((c) => c.name);
  const first = names[0];
  // Writes (add, create, set, …) and custom manager methods are another rule's business, or unknown.
  if (first === undefined || (!CACHE_READS.has(first) && !NEW_QUERY.has(first))) return;
  const lastCall = calls[calls.length - 1]!;
  // `Subquery(row.tags.values("pk"))`, `filter(tags__in=row.tags.all())`: SQL of another query, never run alone.
  if (QUERYSET_METHODS.has(lastCall.name) && isEmbeddedInQuery(lastCall.call)) return;
  // `qs = row.items.filter(...)` later deleted, updated or walked in chunks: the per-row query is the
  // work itself (a write, or a chunked pass), not rows a prefetch could supply.
  const later = QUERYSET_METHODS.has(lastCall.name) ? laterUses(loop, lastCall.call) : undefined;
  if (later === "writes") return;
  const access = quote(lastCall.call.text);
  const qs = inst.qs!;
  const base = {
    node,
    scope: loop.comprehension ?? loop.node,
    ...querySetOrigin(ctx.file.path, loop, qs),
    subject: `${inst.model.qualifiedName} ${path} ${names.join(".")}`,
    impact: loopImpact(ctx.django, loop, qs, iterableOf(inst, use.object.text)),
    model: inst.model.qualifiedName,
  };
  // `items = row.items.all()` read only as `items.values_list(…)`: the manager's own rows are never
  // fetched, so a prefetch would add a query and save none; each later call queries.
  const bypass = names.find((n) => NEW_QUERY.has(n)) ?? (typeof later === "object" ? later.bypass : undefined);
  if (bypass) {
    // A filtered count per row is one grouped query, not a prefetched list (`Prefetch(to_attr)` would load every row to count it).
    const countsRows = COUNTS.has(names[names.length - 1] ?? "");
    const data = { access, method: bypass, path: countsRows ? queryPath(ctx, use) : path, alias: `${use.accessor}_count` };
    ctx.report({ ...base, messageId: countsRows ? "filtered-count" : "bypasses-prefetch", data });
    return;
  }
  if (!names.every((n) => CACHE_READS.has(n))) return;
  if (isLoaded(loadSources(ctx.django, inst, use.object.text), path, { forward: false, nonNull: false })) return;

  const relation = `${use.model.name}.${use.accessor}`;
  const last = names[names.length - 1] ?? "";
  const owner = rowsOfOuterPrefetch(qs);
  let advice = owner
    ? `add "${owner.accessor}__${path}" to the prefetch_related() that loads \`${owner.text}\``
    : `\`.prefetch_related("${path}")\` on the queryset`;
  let fix = owner ? undefined : eagerLoadFix({ qs, method: "prefetch_related", paths: [path] });
  if (last === "first" || last === "last") {
    // A prefetched manager answers first()/last() from its cache only when the model is ordered.
    advice = `\`Prefetch("${path}", to_attr="…")\` on the queryset, then take the element you need`;
    fix = undefined;
  }
  if (COUNTS.has(last)) {
    const data = { access, relation, alias: `${use.accessor}_count`, path: queryPath(ctx, use), advice };
    ctx.report({ ...base, messageId: "count-not-prefetched", data });
    return;
  }
  // Two loops over one queryset need one insertion, not two identical ones.
  const fixKey = `${qs.rootNode.startIndex}:${path}`;
  if (fixesGiven.has(fixKey)) fix = undefined;
  else if (fix) fixesGiven.add(fixKey);
  ctx.report({ ...base, messageId: "not-prefetched", data: { access, relation, advice }, ...(fix ? { fix } : {}) });
}

/** Methods that write through a queryset or walk it in chunks instead of reading its rows into memory. */
const WRITES_OR_CHUNKS = new Set(["delete", "update", "iterator"]);

/**
 * How a lazy queryset bound to a name (`qs = row.items.filter(...)`) is used later in the loop body:
 * "writes" when it is only deleted, updated or walked in chunks, and at least once (reads that always
 * query anew, like `qs.values_list(...)` for a log line, may come along); `{ bypass }` when it is only
 * read through methods that always query anew (the first such method); undefined otherwise.
 */
function laterUses(loop: LoopInfo, call: SyntaxNode): "writes" | { bypass: string } | undefined {
  const assign = call.parent;
  const left = assign?.type === "assignment" ? assign.childForFieldName("left") : null;
  if (left?.type !== "identifier" || !sameNode(assign?.childForFieldName("right"), call)) return undefined;
  const seen = { write: false, bypass: undefined as string | undefined };
  if (!usesOnlyWriteOrBypass(loop, left.text, call.endIndex, 0, seen)) return undefined;
  if (seen.write) return "writes";
  return seen.bypass !== undefined ? { bypass: seen.bypass } : undefined;
}

/**
 * Whether every use of the name after `from` in the loop body deletes, updates or walks it in chunks, or
 * reads it through a method that always queries (directly, or through a refined queryset bound to
 * another name: `prune = qs.filter(...)` then `prune.iterator(chunk_size=50)`); `seen` records which.
 */
function usesOnlyWriteOrBypass(loop: LoopInfo, name: string, from: number, depth: number, seen: { write: boolean; bypass: string | undefined }): boolean {
  if (depth > 3) return false;
  for (const part of loop.body) {
    for (const id of part.descendantsOfType("identifier")) {
      if (id.text !== name || id.startIndex <= from) continue;
      // `name = …` again rebinds it: not a use.
      if (id.parent?.type === "assignment" && sameNode(id.parent.childForFieldName("left"), id)) continue;
      // Follow `qs.filter(...).iterator()`-style chains to their first and last methods.
      let n: SyntaxNode = id;
      let first: string | undefined;
      let last: string | undefined;
      while (n.parent?.type === "attribute" && n.parent.parent?.type === "call") {
        last = n.parent.childForFieldName("attribute")?.text;
        first ??= last;
        n = n.parent.parent;
      }
      if (last !== undefined && WRITES_OR_CHUNKS.has(last)) {
        seen.write = true;
        continue;
      }
      const refined = n.parent?.type === "assignment" && sameNode(n.parent.childForFieldName("right"), n) ? n.parent.childForFieldName("left") : null;
      if (last !== undefined && QUERYSET_METHODS.has(last) && refined?.type === "identifier") {
        if (usesOnlyWriteOrBypass(loop, refined.text, n.endIndex, depth + 1, seen)) continue;
        // `sub = items.filter(...)` then `if sub:`: the refined queryset is a query of its own however it
        // is read, so a prefetch of the manager's rows serves nothing (rotation set 13).
        if (first !== undefined && NEW_QUERY.has(first)) {
          seen.bypass ??= first;
          continue;
        }
        return false;
      }
      if (first !== undefined && NEW_QUERY.has(first)) {
        seen.bypass ??= first;
        continue;
      }
      return false;
    }
  }
  return true;
}

/**
 * The path in query lookups (`Count(...)`), which differs from the accessor for a reverse foreign key
 * without related_name: the accessor is `part_set`, the lookup `part`.
 */
function queryPath(ctx: RuleContext, use: ManagerUse): string {
  const rel = ctx.django.relation(use.model, use.accessor);
  if (rel?.kind !== "reverse") return use.path;
  const from = ctx.index.models.get(rel.relation.fromModel);
  const field = from?.fields.get(rel.relation.fromField);
  const defaultAccessor = from ? `${from.name.toLowerCase()}_set` : undefined;
  if (!from || field?.relatedName !== undefined || field?.kwargs.related_query_name !== undefined || use.accessor !== defaultAccessor) return use.path;
  return `${use.path.slice(0, -use.accessor.length)}${from.name.toLowerCase()}`;
}
