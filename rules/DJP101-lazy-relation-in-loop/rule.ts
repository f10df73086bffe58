/**
 * DJP101 lazy-relation-in-loop: inside a loop over a queryset, `row.fk` (or `row.fk.other`) loads the
 * related object with one query per row because the queryset does not select_related/prefetch it.
 * Variant: a column left out by only()/defer() is read per row.
 */
import { z } from "zod";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { InstanceInfo, LoopInfo } from "../../src/analysis/django/types.js";
import type { Fix, Level } from "../../src/analysis/finding.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { accessedName, accessedObject, isWriteTarget, literalGetattr, sameNode } from "../../src/analysis/django/syntax.js";
import { cachedByAssignment, isBackReference, isLoaded, loadSources, rowsOfOuterPrefetch } from "../../src/analysis/django/loaded.js";
import { instanceRowsAtMostOne, isSliced, iterableOf } from "../../src/analysis/django/rows.js";
import { runsPerIteration } from "../../src/analysis/django/loop-scope.js";
import { propertyHops, readsOnlyPk, relationHops, type Hop } from "../../src/analysis/django/hops.js";
import { eagerLoadFix, maximalPaths } from "../../src/analysis/django/eager-fix.js";
import { querySetOrigin, quote } from "../../src/analysis/django/report-parts.js";
import { addToOnlyFix, deferredRead } from "./deferred.js";
import { loopImpact } from "../../src/analysis/django/impact.js";
import { checkAdminChangeLists } from "./admin.js";
import { formattedRows } from "./formatted.js";

const options = z.object({
  /** Report at `block` when the loop is in a view or serializer and walks an unsliced queryset. */
  block_in_views: z.boolean().default(true),
});
type Options = z.infer<typeof options>;

/** One finding per loop and per relation that is loaded lazily, at its first access. */
interface Pending {
  inst: InstanceInfo;
  loop: LoopInfo;
  object: SyntaxNode;
  hop: Hop;
  /** Longest paths through the lazy hop that the loop body walks (`customer__company`). */
  paths: Set<string>;
  nullable: boolean;
  unconstrained: boolean;
  /** The row's property whose body walks the relation (`release.version` reads `self.release.version`). */
  property?: string;
  /** The property is a method called without arguments (`row.label()`). */
  method?: boolean;
}

export default defineRule<Options>({
  id: "DJP101",
  name: "lazy-relation-in-loop",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "sometimes",
  target: "python",
  summary: "A loop over a queryset reads a foreign key (or a deferred column) the queryset does not load: one query per row.",
  messages: {
    "lazy-relation":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): {{relation}} is not loaded with the {{model}} rows. Load it up front: {{advice}}.",
    "admin-column":
      "`{{access}}` in `{{column}}`, a list_display column of {{admin}}, runs one query per row of the admin change list ({{rows}}): {{relation}} is not loaded with the {{model}} rows. Load it with the rows: {{advice}}.",
    "lazy-relation-property":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): the property `{{property}}` reads `self.{{hop}}`, and {{relation}} is not loaded with the {{model}} rows. Load it up front: {{advice}}.",
    "lazy-relation-method":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): the method `{{property}}()` reads `self.{{hop}}`, and {{relation}} is not loaded with the {{model}} rows. Load it up front: {{advice}}.",
    "lazy-relation-property-via":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): the property `{{property}}` reads `self.{{via}}`, a property that reads `self.{{hop}}`, and {{relation}} is not loaded with the {{model}} rows. Load it up front: {{advice}}.",
    "lazy-relation-method-via":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): the method `{{property}}()` reads `self.{{via}}`, a property that reads `self.{{hop}}`, and {{relation}} is not loaded with the {{model}} rows. Load it up front: {{advice}}.",
    "deferred-field":
      "`{{access}}` runs one query per row of this loop (N rows, N+1 queries): `{{field}}` is left out by {{via}}(). Load it with the rows: {{advice}}.",
  },
  options,
  check(ctx) {
    const pending = new Map<string, Pending>();
    const deferredSeen = new Set<string>();
    // `getattr(row, "customer")` with a literal name reads the same attribute as `row.customer`.
    const reads = [...ctx.django.nodesOfType("attribute"), ...ctx.django.nodesOfType("call").filter((c) => literalGetattr(c))];
    for (const attr of reads) {
      const object = accessedObject(attr);
      if (object?.type !== "identifier") continue;
      const inst = ctx.django.instanceOf(object);
      const loop = inst?.loop;
      if (!inst || inst.source !== "loop" || !loop || !inst.qs) continue;
      if (!runsPerIteration(loop, attr) || isWriteTarget(attr)) continue;
      if (instanceRowsAtMostOne(inst, object.text)) continue;
      if (checkDeferred(ctx, deferredSeen, inst, loop, object, attr)) continue;
      collectLazyHop(ctx, pending, inst, loop, object, attr);
    }
    // `str(row)`, `f"{row}"`, `"%s" % row`: the model's own or inherited `__str__` runs once per row.
    for (const { object, site } of formattedRows(ctx.django)) {
      const inst = ctx.django.instanceOf(object);
      const loop = inst?.loop;
      if (!inst || inst.source !== "loop" || !loop || !inst.qs) continue;
      if (!runsPerIteration(loop, site) || instanceRowsAtMostOne(inst, object.text)) continue;
      collectPropertyHop(ctx, pending, inst, loop, object, site, "__str__");
    }
    reportLazy(ctx, [...pending.values()]);
    checkAdminChangeLists(ctx);
  },
});

function collectLazyHop(ctx: RuleContext<Options>, pending: Map<string, Pending>, inst: InstanceInfo, loop: LoopInfo, object: SyntaxNode, attr: SyntaxNode): void {
  const hops = relationHops(ctx.django, ctx.index, inst.model, attr);
  // `row.fk.id` needs no join at all: DJP104 suggests `row.fk_id`.
  const last = hops[hops.length - 1];
  if (last && readsOnlyPk(last)) hops.pop();
  const first = hops[0];
  if (!first) return collectPropertyHop(ctx, pending, inst, loop, object, attr);
  if (cachedByAssignment(ctx.django, attr, object, inst.model, first.name)) return;
  // `order.customer` for rows of `customer.orders.all()`: the chain goes back to an object in memory.
  if (isBackReference(inst, first.name)) return;
  const sources = loadSources(ctx.django, inst, object.text);
  let nonNull = true;
  for (const hop of hops) {
    nonNull &&= !hop.nullable;
    if (hop.backReference || isLoaded(sources, hop.path, { forward: true, nonNull })) continue;
    if (hop.model.autoPrefetch && hop.field) continue;
    const key = `${loop.node.startIndex}:${hop.path}`;
    const entry = pending.get(key) ?? {
      inst, loop, object, hop, paths: new Set<string>(), nullable: false, unconstrained: false,
    };
    entry.paths = new Set(maximalPaths([...entry.paths, hops[hops.length - 1]!.path]));
    entry.nullable ||= hops.some((h) => h.nullable);
    entry.unconstrained ||= hops.some((h) => h.field?.kwargs.db_constraint === "False");
    pending.set(key, entry);
    return;
  }
}

/**
 * `row.version` where `version` is a property of the row's model whose body reads `self.release.x`: one
 * lazy load of `release` per row, as if the loop had written `row.release.x` (one level deep: the
 * property's own hops further on are not followed). The first forward key the property walks that the
 * queryset does not load is reported, once per loop and relation. `row.label()`, a method taking only
 * `self` whose body reads `self.release.x`, counts the same way (the model's own or inherited, from a
 * mixin or abstract base in any module: the index merges them along the MRO). With `dunder`, `attr` is
 * a formatting of the row itself (`str(row)`) and the method is that dunder (`__str__`).
 */
function collectPropertyHop(ctx: RuleContext<Options>, pending: Map<string, Pending>, inst: InstanceInfo, loop: LoopInfo, object: SyntaxNode, attr: SyntaxNode, dunder?: string): void {
  const property = dunder ?? accessedName(attr) ?? "";
  const call = dunder || attr.parent?.type !== "call" || !sameNode(attr.parent.childForFieldName("function"), attr) ? undefined : attr.parent;
  // A method only when called without arguments (its one parameter is `self`).
  if (call && (call.childForFieldName("arguments")?.namedChildren.some((c) => c.type !== "comment") ?? true)) return;
  if (inst.model.autoPrefetch) return;
  const method = dunder !== undefined || call !== undefined;
  const hops = propertyHops(ctx.index, inst.model, property, attr, method ? "method" : "property");
  // What the rows load is asked only when the property or method walks a relation (`o.save()` does not).
  if (hops.length === 0) return;
  const sources = loadSources(ctx.django, inst, object.text);
  for (const hop of hops) {
    const name = hop.name;
    if (cachedByAssignment(ctx.django, attr, object, inst.model, name) || isBackReference(inst, name)) continue;
    if (isLoaded(sources, name, { forward: true, nonNull: !hop.nullable })) continue;
    const key = `${loop.node.startIndex}:${name}`;
    if (pending.has(key)) continue;
    pending.set(key, { inst, loop, object, hop, paths: new Set([name]), nullable: hop.nullable, unconstrained: hop.field?.kwargs.db_constraint === "False", property, ...(method ? { method: true } : {}) });
    return;
  }
}

/**
 * Reports the pending findings. Findings whose rows come from the same queryset definition share one
 * fix (all their paths in one select_related), given to the first of them, so that applying every fix
 * never inserts the same call twice.
 */
function reportLazy(ctx: RuleContext<Options>, all: Pending[]): void {
  const fixed = new Set<number>();
  // Findings by the queryset definition they share (one pass: filtering `all` per finding was quadratic).
  const byAnchor = new Map<number, Pending[]>();
  for (const o of all) {
    if (rowsOfOuterPrefetch(o.inst.qs!)) continue;
    const anchor = o.inst.qs!.rootNode.startIndex;
    const group = byAnchor.get(anchor);
    if (group) group.push(o);
    else byAnchor.set(anchor, [o]);
  }
  for (const p of all) {
    const qs = p.inst.qs!;
    let advice: string;
    let fix: Fix | undefined;
    const owner = rowsOfOuterPrefetch(qs);
    if (owner) {
      const outer = [...p.paths].sort().map((x) => JSON.stringify(`${owner.accessor}__${x}`)).join(", ");
      const inner = [...p.paths].sort().map((x) => JSON.stringify(x)).join(", ");
      advice = `add ${outer} to the prefetch_related() that loads \`${owner.text}\`, or use \`${qs.rootNode.text}.select_related(${inner})\``;
    } else {
      advice = `\`.select_related(${[...p.paths].sort().map((x) => JSON.stringify(x)).join(", ")})\` on the queryset`;
      const anchor = qs.rootNode.startIndex;
      if (!fixed.has(anchor)) {
        fixed.add(anchor);
        const same = byAnchor.get(anchor) ?? [];
        fix = eagerLoadFix({
          qs,
          method: "select_related",
          paths: maximalPaths(same.flatMap((o) => [...o.paths])),
          nullable: same.some((o) => o.nullable),
          unconstrained: same.some((o) => o.unconstrained),
        });
      }
    }
    const hop = p.hop;
    ctx.report({
      node: hop.node,
      scope: p.loop.comprehension ?? p.loop.node,
      messageId: p.property ? `${p.method ? "lazy-relation-method" : "lazy-relation-property"}${hop.via ? "-via" : ""}` : "lazy-relation",
      data: { access: quote(hop.node.text), relation: `${hop.model.name}.${hop.name}`, model: p.inst.model.name, advice, ...(p.property ? { property: p.property, hop: hop.name, ...(hop.via ? { via: hop.via } : {}) } : {}) },
      // The relation walked, not the loop variable's name: renaming `o` to `order` is no new finding.
      subject: `${p.inst.model.qualifiedName} ${[...p.paths].sort().join(",")}`,
      impact: loopImpact(ctx.django, p.loop, qs, iterableOf(p.inst, p.object.text)),
      model: p.inst.model.qualifiedName,
      ...querySetOrigin(ctx.file.path, p.loop, qs),
      // Two members deep (a property read by the property or method the loop reads): the read may sit
      // where one summary cannot see a branch, so it is said at info.
      ...(hop.via ? { level: "info" as Level } : levelFor(ctx, p.inst, p.loop, p.object)),
      ...(fix ? { fix } : {}),
    });
  }
}

/** The deferred-column variant; true when the attribute is such a column (reported or not). */
function checkDeferred(ctx: RuleContext<Options>, seen: Set<string>, inst: InstanceInfo, loop: LoopInfo, object: SyntaxNode, attr: SyntaxNode): boolean {
  const name = accessedName(attr) ?? "";
  const read = deferredRead(ctx.django, inst.model, name, ctx.django.coverage(inst.qs!));
  if (!read) return false;
  // The first read loads the column into the instance; later reads in the same iteration are free.
  const key = `${loop.node.startIndex}:${read.field}`;
  if (seen.has(key) || cachedByAssignment(ctx.django, attr, object, inst.model, name)) return true;
  seen.add(key);
  // Two loops over one queryset missing the same column need one edit of its only().
  const fixKey = `fix:${inst.qs!.rootNode.startIndex}:${read.field}`;
  const fix = read.via === "only" && !seen.has(fixKey) ? addToOnlyFix(inst.qs!, read.field) : undefined;
  seen.add(fixKey);
  const advice = read.via === "only" ? `add "${read.field}" to only()` : `remove "${read.field}" from defer()`;
  ctx.report({
    node: attr,
    scope: loop.comprehension ?? loop.node,
    messageId: "deferred-field",
    data: { access: quote(attr.text), field: read.field, via: read.via, advice },
    subject: `${inst.model.qualifiedName} deferred ${read.field}`,
    impact: loopImpact(ctx.django, loop, inst.qs, iterableOf(inst, object.text)),
    model: inst.model.qualifiedName,
    ...querySetOrigin(ctx.file.path, loop, inst.qs!),
    ...levelFor(ctx, inst, loop, object),
    ...(fix ? { fix } : {}),
  });
  return true;
}

function levelFor(ctx: RuleContext<Options>, inst: InstanceInfo, loop: LoopInfo, object: SyntaxNode): { level?: Level } {
  if (!ctx.options.block_in_views || !inst.qs || isSliced(inst.qs, iterableOf(inst, object.text))) return {};
  const where = ctx.django.contextOf(loop.node);
  return where.view || where.serializer ? { level: "block" } : {};
}
