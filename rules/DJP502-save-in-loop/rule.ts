/**
 * DJP502 save-in-loop: `for v in QS: v.f = e; v.save()` issues one UPDATE per row. A value that
 * does not depend on the row becomes one `qs.update(f=e)`; otherwise `bulk_update`. Quiet when the
 * loop variable is not provably a model instance or no model field is assigned.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo, LoopTarget, QuerySetInfo } from "../../src/analysis/django/types.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import { leavesLoopAfter, loopScope, loopVaryingNames, referencedNames, reportingLoop } from "../../src/analysis/django/loop-scope.js";
import { loopWriteFacts } from "../../src/analysis/django/loop-writes.js";
import { isSmallLiteralLoop } from "../../src/analysis/django/bounded-loops.js";
import { externalWriteBefore, isMultiTableChild, saveHooksOf } from "../../src/analysis/django/bulk-writes.js";
import { loopImpact } from "../../src/analysis/django/impact.js";
import { primaryKeyName, uniqueFieldSets } from "../../src/analysis/django/uniqueness.js";
import { atMostOneRow } from "../../src/analysis/django/rows.js";
import { calleeName } from "../../src/analysis/django/syntax.js";
import { querySetOrigin, quote } from "../../src/analysis/django/report-parts.js";
import { djangoLacks, updateWithoutBulkUpdate } from "../../src/analysis/django/version-advice.js";

export default defineRule({
  id: "DJP502",
  name: "save-in-loop",
  category: "bulk",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "Rows of a queryset are changed and saved one by one where update() or bulk_update() would do.",
  messages: {
    saveConstant:
      "`{{var}}.save()` in a loop sends one UPDATE per {{model}} row: N rows, N queries. The new values do not depend on the row: one `.update({{assignments}})` on the queryset replaces the loop.{{autoNow}}",
    saveThroughMethod:
      "`{{var}}.{{method}}()` in a loop saves the {{model}} row ({{model}}.{{method}}() calls `self.save()`): one UPDATE per row, N rows, N queries. Set the new values in the loop and write them once with `{{model}}.objects.bulk_update(objs, [...], batch_size=1000)` (or one `.update()` when they do not depend on the row).",
    updateByKey:
      "`{{call}}` in a loop sends one UPDATE per {{model}} row, picked by its primary key: N rows, N queries. Build the changed rows in the loop (`{{model}}(pk=…, {{fields}}=…)`) and call `{{model}}.objects.bulk_update(objs, [{{quotedFields}}], batch_size=1000)` once.",
    saveBulk:
      "`{{var}}.save()` in a loop sends one UPDATE per {{model}} row: N rows, N queries. Collect the rows and call `{{model}}.objects.bulk_update(objs, [{{fields}}], batch_size=1000)` once.{{autoNow}}",
    saveBulkHelper:
      "`{{var}}.save()` in a loop sends one UPDATE per {{model}} row: N rows, N queries. Collect the rows and call `{{model}}.objects.bulk_update(objs, [{{fields}}, …], batch_size=1000)` once, with every field `{{helper}}` sets too: it receives the row before the save, and a field left out of the list is not written.{{autoNow}}",
    saveCheckpoint:
      "`{{var}}.save()` in a loop sends one UPDATE per {{model}} row: N rows, N queries. It stamps {{fields}} with the current time after the iteration has worked on the row (`{{helper}}` receives it), so each save records that row's progress: one write after the loop would lose every stamp when a later row fails, and stamp rows before their work is committed. Keep the per-row save, or, if N can grow, write the stamps in chunks of a few hundred rows.",
    saveAfterExternal:
      "`{{call}}` in a loop sends one UPDATE per {{model}} row: N rows, N queries. It records a change the same iteration has just made outside the database (`{{external}}`), so each write keeps the database in step with it: one write after the loop would lose every record when a later row fails or the process dies, leaving rows that name what was moved or deleted. Keep the per-row write, or write the rows in chunks of a few hundred once their calls have succeeded.",
    saveNoBulkUpdate:
      "`{{call}}` in a loop sends one UPDATE per {{model}} row: N rows, N queries. {{rewrite}}{{autoNow}}",
    saveCopies:
      "`{{var}}.save()` in a loop inserts a copy of each {{model}} row (`{{marker}}` before it makes save() INSERT a new row and leave the original as it is): N rows, N INSERTs. Collect the copies in a list and call `{{model}}.objects.bulk_create(copies, batch_size=1000)` once. Not `.update()` on the queryset: that would change the original rows instead of copying them.",
  },
  check(ctx) {
    checkUpdatesByKey(ctx);
    for (const loop of ctx.django.loops()) {
      if (loop.kind !== "for" || isSmallLiteralLoop(loop)) continue;
      for (const target of loop.targets) {
        if (!checkTarget(ctx, loop, target)) checkSavingMethods(ctx, loop, target);
      }
    }
  },
});

interface FieldWrite {
  field: string;
  node: SyntaxNode;
}

/** False when the loop saves the row through no direct `save()` call (then saving methods are looked at). */
function checkTarget(ctx: RuleContext, loop: LoopInfo, target: LoopTarget): boolean {
  const rows = rowsOf(ctx, target);
  if (!rows) return true;
  const { model, qs } = rows;
  // `filter(sku=…)` on a unique field: the loop saves one row at most.
  if (qs && atMostOneRow(qs, target.iterable)) return true;
  // `row.pk = None; row.save()`: an INSERT of a copy, not an UPDATE (update() would change the originals).
  const copy = copyMarker(loop, target.name, model);
  if (copy) {
    reportCopies(ctx, loop, target, model, qs, copy);
    return true;
  }
  const writes: FieldWrite[] = [];
  const saves: SyntaxNode[] = [];
  for (const event of loopWriteFacts(loop).events.get(target.name) ?? []) {
    if (event.kind === "rebind") return true; // rebound: no longer the row
    if (event.kind === "field" && isModelField(ctx, model, event.field)) writes.push({ field: event.field, node: event.node });
    if (event.kind === "call" && event.method === "save") saves.push(event.node);
  }
  const save = saves.find((s) => writes.some((w) => w.node.endIndex <= s.startIndex));
  if (!save) return false;
  // `row.save(); break`: one row saved, once.
  if (leavesLoopAfter(loop, save.startIndex, save.endIndex)) return true;

  const updateFields = literalUpdateFields(save);
  const fields = updateFields ?? unique(writes.map((w) => w.field));
  const autoNow = updateFields ? [] : [...model.fields.values()].filter((f) => f.kwargs.auto_now === "True" && !fields.includes(f.name));
  const autoNowNote = autoNow.length
    ? ` ${autoNow.map((f) => f.name).join(", ")} (auto_now) is set by save() only: include it explicitly.`
    : "";
  // `self.set_bounds(row, …)` before the save may set fields this loop never names: bulk_update would drop them.
  const helper = updateFields ? undefined : helperReceivingRow(loop, target.name, save);
  const data = { var: target.name, model: model.name, fields: fields.map((f) => `"${f}"`).join(", "), autoNow: autoNowNote, ...(helper ? { helper } : {}) };

  // update() / bulk_update() skip what save() overrides, receivers and trackers do, and cannot pass
  // the project's own save() arguments (`save(broadcast=True)`): the per-row save is needed.
  if (saveHooksOf(model, ctx.index) || hasCustomSaveArguments(save)) return true;
  // Shifting a unique column row by row keeps it unique after every statement; one UPDATE may not.
  if (fields.some((f) => isInUniqueKey(model, f))) return true;
  // A PR that edits the queryset defined above the loop (drops a filter) is blamed too.
  const base = {
    node: save,
    scope: loopScope(loop),
    subject: `${model.qualifiedName} save ${fields.join(",")}`,
    impact: loopImpact(ctx.django, loop, qs, target.iterable),
    model: model.qualifiedName,
    ...(qs ? { causes: querySetOrigin(ctx.file.path, loop, qs).causes ?? [] } : {}),
  };
  const external = externalWriteBefore(loop, save);
  if (external) {
    ctx.report({ ...base, messageId: "saveAfterExternal", data: { call: `${target.name}.save()`, model: model.name, external }, level: "info" });
  } else if (qs && allowsUpdate(qs) && isConstantUpdate(loop, writes, save)) {
    const assignments = writes.map((w) => `${w.field}=${shortValue(w.node.childForFieldName("right"))}`).join(", ");
    ctx.report({ ...base, messageId: "saveConstant", data: { ...data, assignments } });
  } else if (helper && writes.length > 0 && writes.every((w) => stampsNow(w.node))) {
    // `row.last_update = now(); row.save()` after a helper worked on the row: a progress marker.
    ctx.report({ ...base, messageId: "saveCheckpoint", data, level: "info" });
  } else if (djangoLacks(ctx.index.versions, "bulkUpdate")) {
    ctx.report({ ...base, messageId: "saveNoBulkUpdate", data: { ...data, call: `${target.name}.save()`, rewrite: updateWithoutBulkUpdate(model.name) } });
  } else {
    ctx.report({ ...base, messageId: helper ? "saveBulkHelper" : "saveBulk", data });
  }
  return true;
}

/**
 * `row.pk = None`, `row.id = None` (the model's primary key name) or `row._state.adding = True` in the
 * iteration: the next `row.save()` inserts a new row, a copy. The marker as written, or undefined.
 */
function copyMarker(loop: LoopInfo, name: string, model: ModelInfo): SyntaxNode | undefined {
  const keys = new Set(["pk", primaryKeyName(model)]);
  for (const event of loopWriteFacts(loop).events.get(name) ?? []) {
    if (event.kind === "field" && keys.has(event.field) && isAssignmentOf(event.node, "none")) return event.node;
  }
  for (const part of loop.body) {
    for (const node of part.type === "assignment" ? [part] : part.descendantsOfType("assignment")) {
      if (node.childForFieldName("left")?.text === `${name}._state.adding` && isAssignmentOf(node, "true")) return node;
    }
  }
  return undefined;
}

function isAssignmentOf(node: SyntaxNode, valueType: string): boolean {
  return node.type === "assignment" && node.childForFieldName("right")?.type === valueType;
}

/**
 * A loop of copies (`row.pk = None; row.fk = other; row.save()`): one bulk_create of the copies does the
 * same, at info (copies are made on a user's rare clone action, of one parent's rows). Silent when
 * bulk_create would not: save() does more than the INSERT, a multi-table child, the copy is used after
 * its save in the same iteration (its new key), or the save is not the copy's (before the marker).
 */
function reportCopies(ctx: RuleContext, loop: LoopInfo, target: LoopTarget, model: ModelInfo, qs: QuerySetInfo | undefined, marker: SyntaxNode): void {
  const events = loopWriteFacts(loop).events.get(target.name) ?? [];
  if (events.some((e) => e.kind === "rebind")) return;
  const saves = events.flatMap((e) => (e.kind === "call" && e.method === "save" ? [e.node] : []));
  const save = saves.find((s) => s.startIndex >= marker.endIndex);
  if (!save || saves.length !== 1 || hasCustomSaveArguments(save)) return;
  if (saveHooksOf(model, ctx.index) || isMultiTableChild(model, ctx.index)) return;
  const reads = loopWriteFacts(loop).reads.get(target.name) ?? [];
  if (reads.some((id) => id.startIndex >= save.endIndex)) return;
  ctx.report({
    node: save,
    scope: loopScope(loop),
    subject: `${model.qualifiedName} save copies`,
    impact: loopImpact(ctx.django, loop, qs, target.iterable),
    model: model.qualifiedName,
    messageId: "saveCopies",
    data: { var: target.name, model: model.name, marker: marker.text.replace(/\s+/g, " ") },
    level: "info",
  });
}

/** Calls that read the clock: `timezone.now()`, `datetime.now()`, `datetime.utcnow()`, `time.time()`. */
const CLOCK = /^(([\w.]+\.)?(now|utcnow)|time\.time)$/;

/** `row.f = timezone.now()`: a plain assignment of the current time. */
function stampsNow(write: SyntaxNode): boolean {
  const right = write.type === "assignment" ? write.childForFieldName("right") : null;
  const fn = right?.type === "call" ? right.childForFieldName("function") : null;
  return !!fn && CLOCK.test(fn.text);
}

/** The rows a loop target walks: a loop over a QuerySet of model instances (facts decide what counts). */
function rowsOf(ctx: RuleContext, target: LoopTarget): { model: ModelInfo; qs?: QuerySetInfo } | undefined {
  const instance = ctx.django.instanceOf(target.node);
  if (instance?.source === "loop") return { model: instance.model, ...(instance.qs ? { qs: instance.qs } : {}) };
  const qs = target.iterable ? ctx.django.querySetOf(target.iterable) : undefined;
  if (!qs || ctx.django.coverage(qs).valuesMode) return undefined;
  return { model: qs.model, qs };
}

/**
 * `row.method()` per iteration, where the model's method always calls `self.save()` (one level deep,
 * resolved in the project index): the save per row is hidden behind the call. Reported once per loop
 * and method, at info (the method may do more than the write), and never when save() itself does more
 * than the UPDATE.
 */
function checkSavingMethods(ctx: RuleContext, loop: LoopInfo, target: LoopTarget): void {
  const rows = rowsOf(ctx, target);
  const methods = rows?.model.savingMethods;
  if (!rows || !methods || methods.size === 0) return;
  const { model, qs } = rows;
  if ((qs && atMostOneRow(qs, target.iterable)) || saveHooksOf(model, ctx.index)) return;
  const seen = new Set<string>();
  for (const event of loopWriteFacts(loop).events.get(target.name) ?? []) {
    if (event.kind === "rebind") return; // rebound: no longer the row
    if (event.kind !== "call" || !methods.has(event.method) || seen.has(event.method)) continue;
    // `phrase.hit(); return False`: one row saved, once.
    if (leavesLoopAfter(loop, event.node.startIndex, event.node.endIndex)) continue;
    const method = event.method;
    seen.add(method);
    ctx.report({
      node: event.node,
      scope: loopScope(loop),
      subject: `${model.qualifiedName} save through ${method}`,
      impact: loopImpact(ctx.django, loop, qs, target.iterable),
      model: model.qualifiedName,
      ...(qs ? { causes: querySetOrigin(ctx.file.path, loop, qs).causes ?? [] } : {}),
      ...(djangoLacks(ctx.index.versions, "bulkUpdate")
        ? { messageId: "saveNoBulkUpdate", data: { call: `${target.name}.${method}()`, model: model.name, rewrite: updateWithoutBulkUpdate(model.name), autoNow: "" } }
        : { messageId: "saveThroughMethod", data: { var: target.name, method, model: model.name } }),
      level: "info",
    });
  }
}

const UPDATE = new Set(["update"]);

/**
 * `M.objects.filter(pk=row_value).update(f=row_value)` per iteration: a row-by-row UPDATE by primary
 * key with values that change per row, which is exactly what bulk_update does in one statement per
 * batch (both skip save(), so nothing is lost). Only plain managers (`M.objects`), a filter that pins
 * the primary key and nothing else, and keyword values that change with the loop.
 */
function checkUpdatesByKey(ctx: RuleContext): void {
  for (const m of methodCallsNamed(ctx.django, UPDATE)) {
    const qs = ctx.django.querySetOf(m.object);
    if (!qs || qs.root !== "manager" || (qs.branches ?? 1) > 1) continue;
    const filters = qs.calls.filter((c) => c.name !== "all");
    const filter = filters[0];
    if (filters.length !== 1 || filter?.name !== "filter") continue;
    const args = filter.args.namedChildren.filter((a) => a.type !== "comment");
    const key = args.length === 1 && args[0]?.type === "keyword_argument" ? args[0] : undefined;
    const keyName = key?.childForFieldName("name")?.text ?? "";
    if (!key || !(keyName === "pk" || keyName === primaryKeyName(qs.model))) continue;
    const updates = m.args.namedChildren.filter((a) => a.type !== "comment");
    if (updates.length === 0 || !updates.every((a) => a.type === "keyword_argument")) continue;
    const loop = reportingLoop(ctx.django, m.call);
    if (!loop || loop.kind === "while") continue;
    const varying = loopVaryingNames(loop);
    const varies = (node: SyntaxNode | null): boolean => !!node && [...referencedNames(node)].some((n) => varying.has(n));
    if (!varies(key.childForFieldName("value")) || !updates.every((a) => varies(a.childForFieldName("value")))) continue;
    // F() expressions and other query expressions do not fit bulk_update's plain values.
    if (updates.some((a) => /\b(F|Case|Func|Value|Subquery)\(/.test(a.childForFieldName("value")?.text ?? ""))) continue;
    const fields = updates.map((a) => a.childForFieldName("name")?.text ?? "");
    const stmt = m.call;
    const external = externalWriteBefore(loop, stmt);
    const call = `${qs.model.name}.objects.filter(${keyName}=…).update(…)`;
    const base = {
      node: stmt,
      scope: loopScope(loop),
      subject: `${qs.model.qualifiedName} update by key ${fields.join(",")}`,
      impact: loopImpact(ctx.django, loop, undefined, loop.iterable),
      model: qs.model.qualifiedName,
    };
    if (external) ctx.report({ ...base, messageId: "saveAfterExternal", data: { call, model: qs.model.name, external }, level: "info" });
    else if (djangoLacks(ctx.index.versions, "bulkUpdate")) ctx.report({ ...base, messageId: "saveNoBulkUpdate", data: { call, model: qs.model.name, rewrite: updateWithoutBulkUpdate(qs.model.name), autoNow: "" } });
    else ctx.report({ ...base, messageId: "updateByKey", data: { call, model: qs.model.name, fields: fields.join("=…, "), quotedFields: fields.map((f) => `"${f}"`).join(", ") } });
  }
}

/** Callees that read a row without changing it (output, logging, type checks, formatting). */
const READ_ONLY_CALLEES = /^(print|str|repr|len|isinstance|hasattr|getattr|id|type|format|bool|int|float|sorted|list|tuple|set|dict)$|(^|\.)(debug|info|warning|warn|error|exception|critical|log|write|append|add|extend|format|join)$/;

/**
 * The first call in the loop body, before the save, that gets the row itself as an argument and may
 * change it (`self.set_x_y_from_response(row, detected)`), as written up to its arguments.
 */
function helperReceivingRow(loop: LoopInfo, name: string, save: SyntaxNode): string | undefined {
  for (const part of loop.body) {
    for (const call of part.descendantsOfType("call")) {
      if (call.startIndex >= save.startIndex) return undefined;
      const fn = call.childForFieldName("function");
      const args = call.childForFieldName("arguments");
      if (!fn || args?.type !== "argument_list" || READ_ONLY_CALLEES.test(fn.text)) continue;
      const passed = args.namedChildren.some((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a)?.text === name);
      if (passed) return `${quote(fn.text)}(…)`;
    }
  }
  return undefined;
}

/** Django's own save() parameters; anything else is the project's save() override at work. */
const SAVE_PARAMETERS = new Set(["update_fields", "force_insert", "force_update", "using"]);

function hasCustomSaveArguments(save: SyntaxNode): boolean {
  const args = save.childForFieldName("arguments")?.namedChildren ?? [];
  return args.some((a) => a.type !== "keyword_argument" || !SAVE_PARAMETERS.has(a.childForFieldName("name")?.text ?? ""));
}

function isInUniqueKey(model: ModelInfo, field: string): boolean {
  return uniqueFieldSets(model).some((set) => set.includes(field) && !(set.length === 1 && set[0] === primaryKeyName(model)));
}

/** Calls after which Django refuses `.update()` (sliced, distinct, combined querysets). */
const NO_UPDATE = new Set(["distinct", "union", "intersection", "difference", "iterator"]);

function allowsUpdate(qs: QuerySetInfo): boolean {
  return !qs.sliced && !qs.calls.some((c) => NO_UPDATE.has(c.name));
}

function isModelField(ctx: RuleContext, model: ModelInfo, attr: string): boolean {
  const rel = ctx.django.relation(model, attr) ?? ctx.django.relation(model, attr.replace(/_id$/, ""));
  return rel?.kind === "concrete" || rel?.kind === "forward";
}

/** `save(update_fields=["a", "b"])` as a list of names; undefined when absent or not literal. */
function literalUpdateFields(save: SyntaxNode): string[] | undefined {
  const args = save.childForFieldName("arguments")?.namedChildren ?? [];
  const kw = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "update_fields");
  const value = kw?.childForFieldName("value");
  if (!value || (value.type !== "list" && value.type !== "tuple")) return undefined;
  const names = value.namedChildren.map((s) => (s.type === "string" ? s.descendantsOfType("string_content")[0]?.text : undefined));
  return names.every((n): n is string => !!n) ? names : undefined;
}

/**
 * The loop body is only `v.f = e` lines and `v.save()`, each unconditional, and no `e` reads the row
 * or anything the loop changes: then `qs.update(f=e)` does the same in one query.
 */
function isConstantUpdate(loop: LoopInfo, writes: FieldWrite[], save: SyntaxNode): boolean {
  if (loop.node.type !== "for_statement") return false;
  const body = loop.node.childForFieldName("body");
  const statements = body?.namedChildren.filter((s) => s.type !== "comment") ?? [];
  const direct = new Set([...writes.map((w) => w.node), save].map((n) => n.parent?.startIndex));
  if (statements.length !== writes.length + 1 || statements.some((s) => !direct.has(s.startIndex))) return false;
  if (writes.some((w) => w.node.type !== "assignment")) return false;
  const varying = loopVaryingNames(loop);
  return writes.every((w) => {
    const right = w.node.childForFieldName("right");
    return !!right && ![...referencedNames(right)].some((n) => varying.has(n)) && !hasVaryingCall(right);
  });
}

/**
 * Calls whose result is the same on every iteration when their arguments are (expressions, conversions,
 * "now"). Any other call may return a new value per row (`uuid4()`, `next(counter)`, `random()`), and
 * one update() would give every row the same one.
 */
const SAME_VALUE_CALLS = new Set([
  "F", "Value", "Now", "now", "today", "Decimal", "int", "float", "str", "bool", "date", "datetime", "timedelta",
  "gettext", "gettext_lazy", "_",
]);

function hasVaryingCall(value: SyntaxNode): boolean {
  const calls = value.type === "call" ? [value, ...value.descendantsOfType("call")] : value.descendantsOfType("call");
  return calls.some((call) => !SAME_VALUE_CALLS.has(calleeName(call) ?? ""));
}

function shortValue(value: SyntaxNode | null): string {
  return value && value.text.length <= 40 && !value.text.includes("\n") ? value.text : "...";
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
