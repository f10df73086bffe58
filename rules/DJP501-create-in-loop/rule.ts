/**
 * DJP501 create-in-loop: one INSERT per iteration (`M.objects.create(...)`, or `v = M(...)` then
 * `v.save()`), where one `bulk_create` would do. Quiet where bulk_create is wrong: models it cannot
 * take (multi-table inheritance children, many-to-many managers), models whose save does more than
 * insert the row (save() overrides, save receivers, history/audit/search tracking: bulk_create skips
 * them), and objects the same iteration goes on to use (a foreign key of another row, `obj.tags.set()`).
 * Info when a later iteration reads an object an earlier one created (create level by level).
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import { methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";
import { loopScope, referencedNames, reportingLoop } from "../../src/analysis/django/loop-scope.js";
import { loopWriteFacts } from "../../src/analysis/django/loop-writes.js";
import { pinnedField, pinsUniqueKey } from "../../src/analysis/django/uniqueness.js";
import type { AssignmentFact } from "../../src/analysis/django/loop-writes.js";
import { isLoopCarried, isManyToManyManager, isMultiTableChild, resultUsedInIteration, saveHooksOf } from "../../src/analysis/django/bulk-writes.js";

const CREATE = new Set(["create"]);
const SAVE = new Set(["save"]);

export default defineRule({
  id: "DJP501",
  name: "create-in-loop",
  category: "bulk",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "A row is inserted per loop iteration where one bulk_create would do.",
  messages: {
    create:
      "`{{call}}` in a loop inserts one {{model}} row per iteration: N rows, N round trips. Collect the objects and call `{{model}}.objects.bulk_create(objs, batch_size=1000)` once.",
    createLevels:
      "`{{call}}` in a loop inserts one {{model}} row per iteration (N round trips), and the same iteration {{dependency}}, so one bulk_create after the loop does not fit. In an import, create level by level: bulk_create (or bulk upsert) the rows others point at, look them up with `in_bulk`, then bulk_create the rows that point at them.",
    createCheckpoint:
      "`{{call}}` in a loop inserts one {{model}} row per iteration: N rows, N round trips. The same iteration first reads {{model}} rows (line {{line}}), so each new row is seen by the later iterations and by a rerun after a failure, a record of what is done: one bulk_create after the loop would lose all of them when a later item fails. Keep the per-row write, or, if N can grow, bulk_create in chunks of a few hundred items.",
    createLibrarySave:
      "`{{call}}` in a loop inserts one {{model}} row per iteration: N rows, N round trips. bulk_create would skip save(), and the save() of {{model}}'s library base `{{base}}` does more than the INSERT: it {{does}}. Do that on each object before one `{{model}}.objects.bulk_create(objs, batch_size=1000)`, or keep the per-row create.",
    createUnseenBase:
      "`{{call}}` in a loop inserts one {{model}} row per iteration: N rows, N round trips. `{{model}}.objects.bulk_create(objs, batch_size=1000)` once would do it in one statement per batch, but bulk_create skips save(), and {{model}} is built on library code djperf cannot read (`{{base}}`): check that its save() does nothing the rows need (keys, slugs, ordering) before switching. Reported at info for that reason.",
    createDependent:
      "`{{call}}` in a loop inserts one {{model}} row per iteration (N round trips), and a later iteration reads an object created earlier, so one bulk_create does not fit. If N can grow, create in dependency order (one bulk_create per level).",
  },
  check(ctx) {
    for (const m of methodCallsNamed(ctx.django, CREATE)) {
      const qs = ctx.django.querySetOf(m.object);
      if (!qs || isManyToManyManager(qs)) continue;
      const loop = reportingLoop(ctx.django, m.call);
      const dependency = loop ? dependencyOf(ctx, loop, m.call, undefined, qs.model) : undefined;
      reportCreate(ctx, m.call, m.call, qs.model, `${m.object.text.length > 40 ? qs.model.name + ".objects" : m.object.text}.create()`, dependency);
    }
    for (const m of methodCallsNamed(ctx.django, SAVE)) {
      const inline = m.object.type === "call";
      if ((!inline && m.object.type !== "identifier") || m.args.namedChildren.some((a) => isForcedUpdate(a))) continue;
      const loop = reportingLoop(ctx.django, m.call);
      // `v = M(...)` earlier in the iteration, or `M(...).save()` itself.
      const built = !loop ? undefined : inline ? construction(ctx, m.object) : constructionBefore(ctx, loop, m.object.text, m.call);
      if (!built) continue;
      const call = inline ? `${built.model.name}(...).save()` : `${m.object.text}.save()`;
      reportCreate(ctx, m.call, built.call, built.model, call, dependencyOf(ctx, loop!, built.call, m.call.endIndex, built.model));
    }
  },
});

/**
 * Why one bulk_create after the loop cannot replace this create: the iteration uses the new row, or the
 * row points at one created earlier in the iteration. Undefined when nothing ties the rows together.
 */
function dependencyOf(ctx: RuleContext, loop: LoopInfo, producer: SyntaxNode, after: number | undefined, model: ModelInfo): string | undefined {
  if (resultUsedInIteration(loop, producer, after, model)) return "uses the new row";
  return readsRowCreatedInIteration(ctx, loop, producer) ? "needs a row it created just before" : undefined;
}

function reportCreate(ctx: RuleContext, at: SyntaxNode, producer: SyntaxNode, model: ModelInfo, call: string, dependency: string | undefined): void {
  const loop = reportingLoop(ctx.django, at);
  // bulk_create skips what save() overrides, receivers and trackers do: the per-row create is needed.
  if (!loop || isMultiTableChild(model, ctx.index) || saveHooksOf(model, ctx.index)) return;
  // `create(id=1, ...)`: the same row every time, so a second iteration would fail: one row at most.
  if (createsFixedRow(producer, model)) return;
  const data = { call, model: model.name };
  const subject = `${model.qualifiedName} ${at === producer ? "create" : "save"}`;
  const cost = { impact: impactOfLoop(ctx.django, loop), model: model.qualifiedName };
  if (dependency !== undefined) {
    // Rows that depend on each other: worth rewriting level by level in an import, not in a view that creates a few.
    if (ctx.django.contextOf(at).etl) ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "createLevels", data: { ...data, dependency }, level: "info" });
    return;
  }
  const check = readBeforeIn(ctx, loop, producer, model);
  if (check) {
    ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "createCheckpoint", data: { ...data, line: String(check.startPosition.row + 1) }, level: "info" });
    return;
  }
  if (isLoopCarried(loop, producer)) {
    ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "createDependent", data, level: "info" });
    return;
  }
  // bulk_create skips a library base's save() too: name what it does, or say the base is unseen (round 15).
  const library = model.librarySaves?.[0];
  const unseen = model.unseenSaveBases?.[0];
  if (library) ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "createLibrarySave", data: { ...data, base: library.base, does: library.does }, level: "info" });
  else if (unseen) ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "createUnseenBase", data: { ...data, base: unseen }, level: "info" });
  else ctx.report({ node: at, scope: loopScope(loop), subject, ...cost, messageId: "create", data });
}

/**
 * A query on the model being created that runs in the same iteration before the create
 * (`if Done.objects.filter(item=i).exists(): continue`): the rows written per iteration are read
 * back, by the next iterations or by a rerun that skips what is done.
 */
function readBeforeIn(ctx: RuleContext, loop: LoopInfo, producer: SyntaxNode, model: ModelInfo): SyntaxNode | undefined {
  for (const part of loop.body) {
    for (const call of part.descendantsOfType("call")) {
      if (call.startIndex >= producer.startIndex) return undefined;
      const fn = call.childForFieldName("function");
      const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
      if (!object || !READS.has(fn!.childForFieldName("attribute")?.text ?? "")) continue;
      if (ctx.django.querySetOf(object)?.model.qualifiedName === model.qualifiedName) return call;
    }
  }
  return undefined;
}

/** QuerySet methods that read rows. */
const READS = new Set(["count", "exists", "get", "first", "last", "values_list", "values", "in_bulk", "filter", "exclude"]);

/** The create's keyword arguments give a unique key a constant (`id=1`, `slug="default"`). */
function createsFixedRow(producer: SyntaxNode, model: ModelInfo): boolean {
  const args = producer.childForFieldName("arguments");
  if (!args) return false;
  const constants = new Set<string>();
  for (const arg of args.namedChildren) {
    if (arg.type !== "keyword_argument") continue;
    const value = arg.childForFieldName("value");
    const field = pinnedField(model, arg.childForFieldName("name")?.text ?? "");
    const constant = value?.type === "integer" || (value?.type === "string" && !value.namedChildren.some((c) => c.type === "interpolation"));
    if (field && constant) constants.add(field);
  }
  return constants.size > 0 && pinsUniqueKey(model, constants);
}

/**
 * The new row's arguments read an object created earlier in the same iteration (`Membership(member=
 * member)` after `member = Member.objects.create(...)`): its key exists only after that INSERT, so the
 * rows would need creating level by level, not in one bulk_create.
 */
function readsRowCreatedInIteration(ctx: RuleContext, loop: LoopInfo, producer: SyntaxNode): boolean {
  const args = producer.childForFieldName("arguments");
  if (!args) return false;
  if (args.descendantsOfType("call").some((call) => createsRow(ctx, call))) return true;
  const assignedTo = loopWriteFacts(loop).assignedTo;
  // Each assignment once, though it may bind several of the names read.
  const assignments = new Set([...referencedNames(args)].flatMap((name) => assignedTo.get(name) ?? []));
  return [...assignments].some((a) => a.end <= producer.startIndex && a.right !== null && createsRow(ctx, a.right));
}

/** `M.objects.create(...)`, `get_or_create`/`update_or_create`, or a model constructor `M(...)`. */
function createsRow(ctx: RuleContext, value: SyntaxNode): boolean {
  if (value.type !== "call") return false;
  const fn = value.childForFieldName("function");
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  if (method === "create" || method === "get_or_create" || method === "update_or_create") return true;
  return fn !== null && fn !== undefined && ctx.django.modelOf(fn) !== undefined;
}

function isForcedUpdate(arg: SyntaxNode): boolean {
  return arg.type === "keyword_argument" && ["force_update", "update_fields"].includes(arg.childForFieldName("name")?.text ?? "");
}

/**
 * The `name = M(...)` that `save` saves: the last assignment to `name` before it in the same loop
 * iteration, when its value is a model constructor that sets no primary key (else save() may UPDATE).
 */
function constructionBefore(
  ctx: RuleContext,
  loop: LoopInfo,
  name: string,
  save: SyntaxNode,
): { call: SyntaxNode; model: ModelInfo } | undefined {
  let last: AssignmentFact | undefined;
  for (const a of loopWriteFacts(loop).assignedTo.get(name) ?? []) {
    if (a.plain && a.end <= save.startIndex && (!last || a.start > last.start)) last = a;
  }
  return last?.right ? construction(ctx, last.right) : undefined;
}

/** `M(...)` creating a new row of a model (no explicit primary key: save() is then an UPDATE-or-INSERT). */
function construction(ctx: RuleContext, value: SyntaxNode): { call: SyntaxNode; model: ModelInfo } | undefined {
  const fn = value.type === "call" ? value.childForFieldName("function") : undefined;
  const model = fn ? ctx.django.modelOf(fn) : undefined;
  if (!model) return undefined;
  const keys = new Set(["pk", "id", ...[...model.fields.values()].filter((f) => f.kwargs.primary_key === "True").map((f) => f.name)]);
  const setsKey = (value.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) => a.type === "keyword_argument" && keys.has(a.childForFieldName("name")?.text ?? ""),
  );
  return setsKey ? undefined : { call: value, model };
}
