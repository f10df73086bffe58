/**
 * DJP103 query-in-loop: a query whose arguments change with the loop (`M.objects.get(pk=row.id)`)
 * runs once per iteration; fetch all rows once before the loop. A query that does not change at all
 * is reported too (hoist it), unless the loop writes rows that could change its answer.
 * Quiet for while loops (polling, retries, batch walks), small literal loops, `range()` batch loops,
 * `__in` batches, and search loops that stop at the first hit.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo, QuerySetInfo } from "../../src/analysis/django/types.js";
import type { EvaluationKind } from "../../src/analysis/django/evaluation.js";
import { collectionEvaluationSites, methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import { loopScope, loopVaryingValues, loopsRunning, referencedValues, runsPerIteration } from "../../src/analysis/django/loop-scope.js";
import { isBatchLoop, isSmallLiteralLoop, shortIterableReason } from "../../src/analysis/django/bounded-loops.js";
import { loopWritesMayChange } from "../../src/analysis/django/loop-write-targets.js";
import { loopWalksAtMostOneRow } from "../../src/analysis/django/rows.js";
import { isBareManager } from "../../src/analysis/django/querysets.js";
import { positionalArgs, sameNode, stringValue } from "../../src/analysis/django/syntax.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";
import { mayReadUnknownPrefetch } from "../../src/analysis/django/default-accessors.js";
import { exitsOnHit, isBatchLookup, isSeekPage, onlyOnError, runsForOneKey } from "./loop-shapes.js";
import { reportHelperQueries } from "./helpers.js";
import { reportMemberQueries } from "./members.js";
import { checkAdminColumnQueries } from "./admin.js";

/** QuerySet methods that run a query and return a value (not a QuerySet). */
/** Terminals that answer with a number or yes/no: per bucket, one grouped query answers them all. */
const AGGREGATES = new Set(["exists", "count", "aggregate", "contains"]);

const TERMINALS = new Set(["get", "first", "last", "earliest", "latest", "exists", "count", "aggregate", "in_bulk", "contains"]);

interface QuerySite {
  /** The node the finding is shown on. */
  node: SyntaxNode;
  qs: QuerySetInfo;
  /** `.get()`, `len()` of a queryset, … */
  label: string;
  /** What the query answers, for advice that fits: one row, a number or yes/no, or rows to walk. */
  shape: "row" | "aggregate" | "rows";
  /** Argument lists whose values decide the query. */
  inputs: SyntaxNode[];
  /** `qs[i]`: the index, which decides the row (`LIMIT 1 OFFSET i`) as much as the filters do. */
  index?: SyntaxNode;
}

export default defineRule({
  id: "DJP103",
  name: "query-in-loop",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  summary: "A query runs once per loop iteration where one query before the loop would do.",
  messages: {
    perRow:
      "{{model}} query ({{what}}) runs once per loop iteration: N rows, N queries. Fetch all rows before the loop (`in_bulk(ids)` or `filter(key__in=keys)` into a dict) and look them up inside.",
    perRowAggregate:
      "{{model}} query ({{what}}) runs once per loop iteration: N rows, N queries. Compute every iteration's answer in one grouped query before the loop (`filter(key__in=keys).values(key).annotate(n={{counted}})` into a dict) and look it up inside.",
    perRowRows:
      "{{model}} query ({{what}}) runs once per loop iteration: N rows, N queries. Load the rows of all iterations at once: `prefetch_related` on the outer queryset when it follows a relation, else one `filter(key__in=keys)` before the loop grouped into a dict of lists.",
    invariant:
      "{{model}} query ({{what}}) repeats unchanged on every loop iteration: N identical queries. Run it once before the loop and reuse the result.",
    perRowIndexed:
      "{{model}} query ({{what}}) runs once per loop iteration: indexing a queryset that was never evaluated sends one `LIMIT 1 OFFSET i` query each time: N items, N queries. Evaluate it once before the loop (`rows = list(qs)`) and index the list.",
    "admin-column-query":
      "{{model}} query ({{what}}) in `{{column}}`, a list_display column of {{admin}}, runs once per row of the admin change list ({{rows}}): one query per row. Compute it with the rows instead: override `get_queryset` to annotate it (`Subquery`, `Count`, `Exists`) and read the annotation in the column.",
    perRowProperty:
      "`{{access}}` runs a query per loop iteration: the {{model}} property `{{member}}`{{via}} runs `{{query}}` ({{where}}) for each row: N rows, N queries. Compute it for all rows at once (annotate the value on the loop's queryset, or load what it counts or fetches with one query before the loop) and read that instead.",
    perRowMethod:
      "`{{access}}()` runs a query per loop iteration: the {{model}} method `{{member}}()`{{via}} runs `{{query}}` ({{where}}) for each row: N rows, N queries. Compute it for all rows at once (annotate the value on the loop's queryset, or load what it counts or fetches with one query before the loop) and read that instead.",
    perRowHelper:
      "{{model}} query ({{what}}) in `{{fn}}` runs once per iteration of the loop at line {{line}}, which calls `{{fn}}` with each row: N rows, N queries. Fetch what `{{fn}}` looks up for all rows before the loop (`in_bulk(ids)` or `filter(key__in=keys)` into a dict) and pass it in.",
  },
  check(ctx) {
    const reported = new Set<string>();
    const sites = querySites(ctx);
    for (const site of sites) {
      const loops = loopsRunning(ctx.django, site.node);
      // A related manager of an unknown owner read through all() may be served by a prefetch nobody here sees.
      if (loops.length === 0 || isRelatedManagerOfLoopRow(site.qs, loops) || mayReadUnknownPrefetch(site.qs)) continue;
      const verdict = judge(ctx, site, loops);
      if (!verdict) continue;
      // One finding per query per loop: `qs = M.objects.filter(...)` then `if qs:` and `for x in qs:` is one query.
      const key = `${verdict.loop.node.startIndex}:${site.qs.rootNode.startIndex}:${site.qs.definitions[0]?.startIndex ?? site.node.startIndex}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({
        node: site.node,
        scope: loopScope(verdict.loop),
        messageId: verdict.messageId,
        data: { what: site.label, model: site.qs.model.name, counted: countExpression(site.qs) },
        // Which query, not its arguments: editing a filter value of an old query is no new finding.
        subject: `${site.qs.model.qualifiedName} ${[...site.qs.calls.map((c) => c.name), site.label].join(".")}`,
        impact: impactOfLoop(ctx.django, verdict.loop),
        model: site.qs.model.qualifiedName,
      });
    }
    reportHelperQueries(ctx, sites, (loop, node) => isExempt(ctx, loop, node));
    reportMemberQueries(ctx, (loop, node) => isExempt(ctx, loop, node));
    checkAdminColumnQueries(ctx);
  },
});

/**
 * What the grouped rewrite counts: `Count("pk")`, or `Count("f", distinct=True)` when the query counts
 * distinct values of one column (`.distinct("f")`, `.values("f").distinct()`): counting rows there would
 * count the duplicates the query removed (rotation set 12, junction's reviewers' proposals).
 */
function countExpression(qs: QuerySetInfo): string {
  const distinct = qs.calls.findLast((c) => c.name === "distinct");
  if (!distinct) return 'Count("pk")';
  const own = positionalArgs(distinct.args);
  const values = qs.calls.findLast((c) => c.name === "values" || c.name === "values_list");
  const columns = own.length > 0 ? own : values ? positionalArgs(values.args) : [];
  const field = columns.length === 1 ? stringValue(columns[0]!) : undefined;
  return field ? `Count("${field}", distinct=True)` : 'Count("pk")';
}

/**
 * `select_for_update()` in the chain: the query takes a row lock, and the lock is why it runs per item
 * (one short transaction per row while slow work happens in between). Rows fetched before the loop would
 * not be locked (rotation set 14: a summariser that locks each file row around two LLM calls).
 */
function takesRowLock(qs: QuerySetInfo): boolean {
  return qs.calls.some((c) => c.name === "select_for_update");
}

function querySites(ctx: RuleContext): QuerySite[] {
  const sites: QuerySite[] = [];
  for (const m of methodCallsNamed(ctx.django, TERMINALS)) {
    const qs = ctx.django.querySetOf(m.object);
    if (qs && takesRowLock(qs)) continue;
    const shape = AGGREGATES.has(m.name) ? "aggregate" : "row";
    if (qs) sites.push({ node: m.call, qs, label: `\`.${m.name}()\``, shape, inputs: [m.args, ...qs.calls.map((c) => c.args)] });
  }
  for (const { node, kind } of collectionEvaluationSites(ctx.django)) {
    const qs = ctx.django.querySetOf(node);
    if (qs && takesRowLock(qs)) continue;
    // A bare manager is not evaluated (`if obj.tags:` is always true; iterating one raises TypeError).
    const shape = kind === "iterated" || kind === "converted" ? "rows" : kind === "truth" ? "aggregate" : "row";
    const index = kind === "indexed" ? node.parent?.childForFieldName("subscript") ?? undefined : undefined;
    if (qs && !isBareManager(qs)) sites.push({ node, qs, label: evaluationLabel(node, kind), shape, inputs: qs.calls.map((c) => c.args), ...(index ? { index } : {}) });
  }
  // Source order, so that the first evaluation of a QS-variable is the one reported.
  return sites.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

function evaluationLabel(node: SyntaxNode, kind: EvaluationKind): string {
  switch (kind) {
    case "iterated":
      return "iterating a queryset";
    case "truth":
      return "truth test of a queryset";
    case "indexed":
      return "indexing a queryset";
    case "membership":
      return "`in` test against a queryset";
    case "converted":
      return `\`${node.parent?.parent?.childForFieldName("function")?.text ?? "list"}()\` of a queryset`;
  }
}

const PER_ROW_MESSAGE: Record<QuerySite["shape"], "perRow" | "perRowAggregate" | "perRowRows"> = { row: "perRow", aggregate: "perRowAggregate", rows: "perRowRows" };

type Verdict = { loop: LoopInfo; messageId: "perRow" | "perRowAggregate" | "perRowRows" | "perRowIndexed" | "invariant" };

function judge(ctx: RuleContext, site: QuerySite, loops: LoopInfo[]): Verdict | undefined {
  const depends = new Set<string>();
  // A QS-variable made before the loop and indexed in it queries per index only while its rows were never
  // fetched: once evaluated, `qs[i]` reads the result cache.
  const indexedUnevaluated = site.index !== undefined && neverEvaluated(ctx, site);
  const inputs = [...site.inputs, site.qs.rootNode, ...(indexedUnevaluated && site.index ? [site.index] : [])].map((node) => ({ node, names: referencedValues(node) }));
  for (const input of inputs) input.names.forEach((n) => depends.add(n));
  for (const loop of loops) {
    const varying = loopVaryingValues(loop);
    if (![...depends].some((n) => varying.has(n))) continue;
    // Parts of the chain built before the loop were evaluated once, whatever names they mention (a
    // comprehension inside them may reuse the loop variable's name for its own).
    const scope = loop.comprehension ?? loop.node;
    const inside = inputs.filter((input) => input.node.startIndex >= scope.startIndex && input.node.endIndex <= scope.endIndex);
    if (!inside.some((input) => [...input.names].some((n) => varying.has(n)))) continue;
    if (isExempt(ctx, loop, site.node)) continue;
    if (site.inputs.some((args) => isBatchLookup(args, loop)) || isSeekPage(site.qs, site.inputs, varying)) return undefined;
    const byIndexOnly = indexedUnevaluated && !site.inputs.some((args) => [...referencedValues(args)].some((n) => varying.has(n)));
    return { loop, messageId: byIndexOnly ? "perRowIndexed" : PER_ROW_MESSAGE[site.shape] };
  }
  // Same query every time: report it on the innermost loop when that loop builds the query afresh
  // (a QS-variable made outside may already hold its rows) and writes nothing that could change it.
  const inner = loops[0] as LoopInfo;
  const innerVarying = loopVaryingValues(inner);
  if ([...depends].some((n) => innerVarying.has(n))) return undefined;
  if (isExempt(ctx, inner, site.node) || !(builtInside(inner, site) || indexedUnevaluated) || loopWritesMayChange(ctx.django, inner, site.qs)) return undefined;
  return { loop: inner, messageId: "invariant" };
}

/**
 * `rows[i]` where `rows` is a local name bound once to a QuerySet of a manager (a related manager's
 * `all()` may be a prefetch's list) and every mention of it is the receiver of a method call
 * (`rows.count()`, `rows.filter(…)`: a new QuerySet or a query of its own) or indexed again: nothing
 * fills its result cache (iteration, `len()`, `list()`, a truth test, handing it to a function), so
 * each `rows[i]` is a query.
 */
function neverEvaluated(ctx: RuleContext, site: QuerySite): boolean {
  const id = site.node;
  if (id.type !== "identifier" || site.qs.root !== "manager" || site.qs.definitions.length === 0) return false;
  const scope = ctx.django.bindingScopeOf(id);
  if (!scope || (scope.type !== "function_definition" && scope.type !== "lambda")) return false;
  const definition = site.qs.definitions[0];
  const mentions = ctx.django
    .nodesOfType("identifier")
    .filter((n) => n.text === id.text && n.startIndex >= scope.startIndex && n.endIndex <= scope.endIndex && ctx.django.bindingScopeOf(n)?.id === scope.id);
  return mentions.every((n) => {
    const parent = n.parent;
    if (!parent) return false;
    // The definition's own target (`rows = M.objects…`, bound once: the QS-variable).
    if (definition && sameNode(parent, definition) && sameNode(parent.childForFieldName("left") ?? parent, n)) return true;
    if (parent.type === "subscript") return sameNode(parent.childForFieldName("value") ?? parent, n);
    return parent.type === "attribute" && sameNode(parent.childForFieldName("object") ?? parent, n) && parent.parent?.type === "call" && sameNode(parent.parent.childForFieldName("function") ?? parent, parent);
  });
}

function isExempt(ctx: RuleContext, loop: LoopInfo, node: SyntaxNode): boolean {
  return (
    loop.kind === "while" ||
    isSmallLiteralLoop(loop) ||
    isBatchLoop(loop) ||
    shortIterableReason(loop) !== undefined ||
    loopWalksAtMostOneRow(ctx.django, loop) ||
    exitsOnHit(loop, node) ||
    onlyOnError(loop, node) ||
    runsForOneKey(loop, node)
  );
}

/** Every part of the query (root, QS-variable definitions) is evaluated inside the loop. */
function builtInside(loop: LoopInfo, site: QuerySite): boolean {
  return runsPerIteration(loop, site.qs.rootNode) && site.qs.definitions.every((d) => runsPerIteration(loop, d));
}

/** `for order in orders: order.items.count()` is DJP102's finding (related manager of the loop row). */
function isRelatedManagerOfLoopRow(qs: QuerySetInfo, loops: LoopInfo[]): boolean {
  const loop = qs.via?.instance.source === "loop" ? qs.via.instance.loop : undefined;
  return !!loop && loops.some((l) => sameNode(l.node, loop.node));
}
