/**
 * DJP503 upsert-in-loop: `update_or_create` / `get_or_create` per row costs two or more queries per
 * iteration (SELECT, then INSERT or UPDATE, inside a savepoint). Info by default (the rulebook's own
 * upsert example is this loop, RULES.md §7); warn in ETL code (management commands, Celery tasks).
 * Quiet where a bulk upsert is wrong: the per-row object or `created` flag is used in the iteration,
 * or the model's save does more than write the row (save() override, receivers, tracking). The
 * advice fits the lookup: a bulk upsert needs a unique constraint covering it; a call whose arguments
 * never change belongs before the loop.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import type { MethodCall } from "../../src/analysis/django/evaluation.js";
import { methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { isVariableRead, loopScope, loopVaryingValues, perIterationNodes, referencedValues, reportingLoop, statementOf } from "../../src/analysis/django/loop-scope.js";
import { isMultiTableChild, resultUsedInIteration, saveHooksOf } from "../../src/analysis/django/bulk-writes.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";
import { pinnedField, pinsUniqueKey, uniqueFieldSets } from "../../src/analysis/django/uniqueness.js";
import { sameNode } from "../../src/analysis/django/syntax.js";
import { DJANGO_SINCE, djangoLacks } from "../../src/analysis/django/version-advice.js";
import type { Versions } from "../../src/analysis/index/versions.js";

const UPSERTS = new Set(["update_or_create", "get_or_create"]);
/** Keyword arguments of update_or_create / get_or_create that are not lookups. */
const NOT_LOOKUPS = new Set(["defaults", "create_defaults"]);

export default defineRule({
  id: "DJP503",
  name: "upsert-in-loop",
  category: "bulk",
  status: "stable",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  summary: "update_or_create / get_or_create is called once per loop iteration where one bulk upsert would do.",
  messages: {
    upsert:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. Use one bulk upsert: `{{model}}.objects.bulk_create(objs, {{bulkArgs}}, batch_size=1000)`{{version}}{{skipped}}.",
    upsertNoUniqueKey:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. No unique constraint of {{model}} covers its lookup ({{lookups}}), so a bulk upsert has no conflict target: load the existing rows into a dict keyed by ({{lookups}}) before the loop, then `bulk_create` the new ones{{changed}}.",
    upsertNoUniqueKeyUnhashable:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. No unique constraint of {{model}} covers its lookup ({{lookups}}), so a bulk upsert has no conflict target, and {{unhashable}} cannot be part of a dict key (its values are dicts or lists): load the existing rows once before the loop, grouped by {{grouping}}, compare {{unhashableNames}} within a group, then `bulk_create` the new ones{{changed}}.",
    upsertOldDjango:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. This project's Django is older than {{since}}, which added `bulk_create({{flag}}=True)`: load the existing {{model}} rows keyed by ({{lookups}}) in one query before the loop, then `bulk_create` the missing ones (`batch_size=1000`){{changed}}.",
    upsertLevels:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row (2N+ queries), and the same iteration uses the row it returns, so one bulk upsert after the loop does not fit. In an import, go level by level: bulk upsert these rows, look them up with `in_bulk`, then write the rows that use them.",
    upsertCounted:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. Its `created` flag only counts or logs the new rows, so it does not need the per-row call: load the existing {{model}} keys ({{lookups}}) in one query before the loop, {{rewrite}}, and count or log the keys that were missing.",
    upsertSplatLookup:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. Its lookup columns come from `{{splat}}`, so no unique constraint is known to cover them: load the existing {{model}} rows in one query before the loop, then `bulk_create` the new ones (`batch_size=1000`){{changed}}{{keep}}.",
    upsertKept:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. The rows it returns are kept for after the loop, and `bulk_create(ignore_conflicts=True)` sets no primary keys on them: load the existing {{model}} rows keyed by ({{lookups}}) in one query before the loop, `bulk_create` the missing ones (`batch_size=1000`), and keep both.",
    invariant:
      "`{{method}}()` runs with the same arguments on every iteration of this loop: N identical round trips for one row. Call it once before the loop and reuse the result.",
  },
  check(ctx) {
    for (const m of methodCallsNamed(ctx.django, UPSERTS)) {
      const qs = ctx.django.querySetOf(m.object);
      const loop = qs ? reportingLoop(ctx.django, m.call) : undefined;
      if (!qs || !loop || isMultiTableChild(qs.model, ctx.index)) continue;
      // What the bulk upsert would drop: the per-row `created` flag, or what save() does.
      const flag = createdFlagUse(loop, m.call);
      if (flag === "logic" || saveHooksOf(qs.model, ctx.index)) continue;
      if (resultUsedInIteration(loop, m.call, undefined, qs.model, flag === "bookkeeping" ? (id) => isFlagRead(id) : undefined)) {
        // The returned row is used right away: a level-by-level rewrite fits an import, nothing fits a view.
        if (ctx.django.contextOf(m.call).etl) {
          const subject = `${qs.model.qualifiedName} ${m.name} used`;
          ctx.report({ node: m.call, scope: loopScope(loop), subject, messageId: "upsertLevels", data: { method: m.name }, level: "info" });
        }
        continue;
      }
      if (flag === "bookkeeping") reportCounted(ctx, m, loop, qs.model);
      else report(ctx, m, loop, qs.model);
    }
  },
});

function report(ctx: RuleContext, m: MethodCall, loop: LoopInfo, model: ModelInfo): void {
  const lookups = keywordNames(m.args, (name) => !NOT_LOOKUPS.has(name));
  const subject = `${model.qualifiedName} ${m.name} ${lookups.join(",")}`;
  const base = { node: m.call, scope: loopScope(loop), subject, impact: impactOfLoop(ctx.django, loop), model: model.qualifiedName };
  const varying = loopVaryingValues(loop);
  if (![...referencedValues(m.call)].some((v) => varying.has(v))) {
    ctx.report({ ...base, messageId: "invariant", data: { method: m.name } });
    return;
  }
  // Warn in ETL code, and wherever the loop is shown to walk many rows (an uploaded file's rows in a
  // request, a whole table per request or task): the same evidence that keeps DJP501/DJP502 inline.
  const etl = ctx.django.contextOf(m.call).etl || base.impact.level !== "low" ? { level: "warn" as const } : {};
  // `get_or_create(**data)`: the lookup is whatever the dict holds, and no constraint is known to cover it.
  const splat = lookupSplat(m.args);
  if (splat) {
    const changed = changedRowsAdvice(m.name, ctx.index.versions);
    const keep = resultKept(loop, m.call) ? ", and keep both: the rows it returns are used after the loop" : "";
    ctx.report({ ...base, messageId: "upsertSplatLookup", data: { method: m.name, model: model.name, splat: splat.text, changed, keep }, ...etl });
    return;
  }
  const pinned = new Set(lookups.flatMap((name) => pinnedField(model, name) ?? []));
  if (lookups.length > 0 && !pinsUniqueKey(model, pinned)) {
    // A JSON or array column's values are dicts and lists: never a dict key (rotation set 14, an import hook's change log).
    const unhashable = [...new Set(lookups)].filter((name) => isUnhashableColumn(model, name));
    if (unhashable.length > 0) {
      const rest = [...new Set(lookups)].filter((name) => !unhashable.includes(name));
      const data = {
        method: m.name,
        model: model.name,
        lookups: quoted(lookups),
        unhashable: unhashable.map((n) => `${n} (${model.fields.get(n)?.fieldClass ?? "JSONField"})`).join(", "),
        unhashableNames: unhashable.join(", "),
        grouping: rest.length > 0 ? `(${quoted(rest)})` : "nothing hashable (one list)",
        changed: changedRowsAdvice(m.name, ctx.index.versions),
      };
      ctx.report({ ...base, messageId: "upsertNoUniqueKeyUnhashable", data, ...etl });
      return;
    }
    ctx.report({ ...base, messageId: "upsertNoUniqueKey", data: { method: m.name, model: model.name, lookups: quoted(lookups), changed: changedRowsAdvice(m.name, ctx.index.versions) }, ...etl });
    return;
  }
  if (m.name === "get_or_create" && resultKept(loop, m.call)) {
    ctx.report({ ...base, messageId: "upsertKept", data: { method: m.name, model: model.name, lookups: quoted(lookups) }, ...etl });
    return;
  }
  if (djangoLacks(ctx.index.versions, m.name === "get_or_create" ? "ignoreConflicts" : "updateConflicts")) {
    const since = m.name === "get_or_create" ? DJANGO_SINCE.ignoreConflicts : DJANGO_SINCE.updateConflicts;
    const flag = m.name === "get_or_create" ? "ignore_conflicts" : "update_conflicts";
    const data = { method: m.name, model: model.name, lookups: quoted(lookups), since, flag, changed: changedRowsAdvice(m.name, ctx.index.versions) };
    ctx.report({ ...base, messageId: "upsertOldDjango", data, ...etl });
    return;
  }
  // The conflict target is the unique key the lookups cover, never every lookup: PostgreSQL refuses an
  // ON CONFLICT target no unique index matches (rotation set 13: six CSV columns beside a primary key).
  const key = lookups.length > 0 ? coveredUniqueKey(model, pinned) : undefined;
  const skipped = m.name === "get_or_create" && key ? `: it skips the rows whose ${keyText(key)} already exists, the unique key the lookup covers${conflictDifference(model, lookups, key)}` : "";
  const data = { method: m.name, model: model.name, bulkArgs: bulkArgs(m.name, model, m.args, lookups, key), version: m.name === "update_or_create" ? " (Django ≥ 4.1)" : "", skipped };
  ctx.report({ ...base, messageId: "upsert", data, ...etl });
}

/**
 * The arguments of the bulk upsert. update_or_create: `unique_fields` are the unique key the lookups
 * cover; the other lookups are columns the row must end up with, so they join the `defaults` keys in
 * `update_fields`. get_or_create: `ignore_conflicts` skips the rows whose unique key exists (named, since
 * that key, not the whole lookup, decides which rows count as existing).
 */
function bulkArgs(method: string, model: ModelInfo, args: SyntaxNode, lookups: string[], key: string[] | undefined): string {
  if (method === "get_or_create") return "ignore_conflicts=True";
  const unique = key ?? [];
  const lookupNames = [...new Set(lookups.map((name) => pinnedField(model, name) ?? name))];
  const rest = lookupNames.filter((name) => !unique.includes(name));
  const defaults = updateFields(model, args);
  const update = defaults.length > 0 || rest.length > 0 ? [...rest, ...defaults] : [];
  return `update_conflicts=True, unique_fields=[${quoted(unique) || "..."}], update_fields=[${quoted(update) || "..."}]`;
}

/**
 * get_or_create looks rows up by every lookup, bulk_create(ignore_conflicts=True) only by the unique key:
 * when the lookup has more columns than the key, a row with the same key and another value there makes
 * get_or_create raise IntegrityError, and ignore_conflicts drops the new object silently (rotation set 14:
 * a choice whose priority another area already holds). Said in the message; empty when the lookup is the key.
 */
function conflictDifference(model: ModelInfo, lookups: string[], key: string[]): string {
  const others = [...new Set(lookups.map((name) => pinnedField(model, name) ?? name))].filter((name) => !key.includes(name));
  if (others.length === 0) return "";
  return `. Unlike \`get_or_create()\`, which raises IntegrityError when a row with that ${keyText(key)} exists with another ${others.join(" or ")}, it drops such an object without a word: check for those rows first if the error matters`;
}

/** A JSON, array or hstore column: its Python values are dicts and lists, which cannot be dict keys. */
function isUnhashableColumn(model: ModelInfo, name: string): boolean {
  const field = model.fields.get(name);
  if (!field || field.kind !== "concrete") return false;
  return UNHASHABLE_FIELD.test(field.fieldClass) || UNHASHABLE_FIELD.test(field.origin?.split(".").pop() ?? "");
}

const UNHASHABLE_FIELD = /^(JSONField|JSONBField|ArrayField|HStoreField)$/;

function keyText(key: string[]): string {
  return key.length === 1 ? `\`${key[0]}\`` : `(${key.join(", ")})`;
}

/**
 * The smallest unique set of the model (primary key, `unique=True` field, unconditional unique
 * constraint) whose fields the lookups all pin; the first such set on a tie (the primary key first).
 */
function coveredUniqueKey(model: ModelInfo, pinned: ReadonlySet<string>): string[] | undefined {
  let best: string[] | undefined;
  for (const set of uniqueFieldSets(model)) if (set.every((f) => pinned.has(f)) && (!best || set.length < best.length)) best = set;
  return best;
}

/**
 * The `created` flag only feeds counters and log lines: the rows it counts are the ones missing from a
 * key set loaded before the loop, so the bulk rewrite keeps the counts. Info (a rewrite, not a bug fix) unless the loop is shown to walk many rows.
 */
function reportCounted(ctx: RuleContext, m: MethodCall, loop: LoopInfo, model: ModelInfo): void {
  const lookups = keywordNames(m.args, (name) => !NOT_LOOKUPS.has(name));
  const varying = loopVaryingValues(loop);
  if (lookups.length === 0 || ![...referencedValues(m.call)].some((v) => varying.has(v))) return;
  const impact = impactOfLoop(ctx.django, loop);
  ctx.report({
    node: m.call,
    scope: loopScope(loop),
    subject: `${model.qualifiedName} ${m.name} ${lookups.join(",")} counted`,
    impact,
    model: model.qualifiedName,
    messageId: "upsertCounted",
    // update_or_create also updates the rows that exist: a rewrite that only creates the missing ones drops those updates.
    data: { method: m.name, model: model.name, lookups: quoted(lookups), rewrite: countedRewrite(m.name, ctx.index.versions) },
    // Inline only where the loop is shown to walk many rows (an uploaded file's rows in a request): ETL code alone stays info.
    level: impact.level === "low" ? "info" : "warn",
  });
}

/** What to do with the rows that exist: update_or_create updates them, get_or_create leaves them alone. */
function changedRowsAdvice(method: string, versions: Versions): string {
  if (method !== "update_or_create") return "";
  return djangoLacks(versions, "bulkUpdate")
    ? ` and update the changed ones with one \`filter(pk__in=…).update(…)\` per distinct new value (Django before ${DJANGO_SINCE.bulkUpdate} has no \`bulk_update\`)`
    : " and `bulk_update` the changed ones";
}

function countedRewrite(method: string, versions: Versions): string {
  if (method !== "update_or_create") return "`bulk_create` the missing rows once (`batch_size=1000`)";
  if (djangoLacks(versions, "bulkUpdate")) return `\`bulk_create\` the missing rows (\`batch_size=1000\`) and update the existing ones with one \`filter(pk__in=…).update(…)\` per distinct new value (Django before ${DJANGO_SINCE.bulkUpdate} has no \`bulk_update\`)`;
  const modern = djangoLacks(versions, "updateConflicts") ? "" : "; on Django ≥ 4.1 one `bulk_create(update_conflicts=True, unique_fields=[...], update_fields=[...])`";
  return `\`bulk_create\` the missing rows and \`bulk_update\` the existing ones (\`batch_size=1000\`${modern})`;
}

/**
 * The columns an ON CONFLICT update writes: the literal `defaults` keys plus the model's `auto_now`
 * columns (`modified`), which update_or_create's save() sets and a bulk upsert writes only when listed.
 */
function updateFields(model: ModelInfo, args: SyntaxNode): string[] {
  const keys = defaultsKeys(args);
  if (keys === undefined || keys.length === 0) return [];
  const stamps = [...model.fields.values()].filter((f) => f.kwargs.auto_now === "True" && !keys.includes(f.name)).map((f) => f.name);
  return [...keys, ...stamps];
}

function keywordNames(args: SyntaxNode, keep: (name: string) => boolean): string[] {
  return args.namedChildren
    .filter((a) => a.type === "keyword_argument")
    .map((a) => a.childForFieldName("name")?.text ?? "")
    .filter((n) => n !== "" && keep(n))
    .map((n) => n.split("__")[0] as string);
}

/**
 * String keys of a literal `defaults={...}`: the columns the upsert updates. Undefined when they are not
 * all written out (`{**record, "x": 1}`): a list of the literal keys would drop the splatted columns
 * from `update_fields` (rotation set 11, mtp-api).
 */
function defaultsKeys(args: SyntaxNode): string[] | undefined {
  const kw = args.namedChildren.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "defaults");
  const dict = kw?.childForFieldName("value");
  if (dict?.type !== "dictionary" || dict.namedChildren.some((c) => c.type === "dictionary_splat")) return undefined;
  return dict.namedChildren.flatMap((pair) => {
    const key = pair.type === "pair" ? pair.childForFieldName("key") : null;
    const text = key?.type === "string" ? key.descendantsOfType("string_content")[0]?.text : undefined;
    return text ? [text] : [];
  });
}

/** `**data` among the call's arguments: the lookup columns are not in the code. */
function lookupSplat(args: SyntaxNode): SyntaxNode | undefined {
  return args.namedChildren.find((a) => a.type === "dictionary_splat");
}

/**
 * The returned row outlives the iteration: the call's result is put into a list (`objs.append(...)`, a
 * comprehension's element), or the name it is bound to is read later in the loop (only stored, since
 * resultUsedInIteration found no other use). Its primary key is then needed after the loop
 * (`instance.links.set(new_links)`, rotation set 11, galaxy_ng).
 */
function resultKept(loop: LoopInfo, call: SyntaxNode): boolean {
  let value: SyntaxNode = call;
  if (value.parent?.type === "subscript" && value.parent.childForFieldName("subscript")?.text === "0") value = value.parent;
  const parent = value.parent;
  if (parent?.type === "argument_list" || (loop.comprehension !== undefined && sameNode(loop.comprehension.namedChildren[0], value))) return true;
  const stmt = statementOf(call);
  const assign = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  if (assign?.type !== "assignment") return false;
  const left = assign.childForFieldName("left");
  const target = left?.type === "pattern_list" || left?.type === "tuple_pattern" ? left.namedChildren[0] : left;
  if (target?.type !== "identifier" || target.text === "_") return false;
  for (const node of perIterationNodes(loop)) {
    if (node.startIndex >= assign.endIndex && node.type === "identifier" && node.text === target.text && isVariableRead(node)) return true;
  }
  return false;
}

function quoted(names: string[]): string {
  return [...new Set(names)].map((n) => `"${n}"`).join(", ");
}

/**
 * `obj, created = M.objects.get_or_create(...)` and the loop then reads `created` (or `res[1]`):
 * "logic" when the flag drives per-row work a bulk upsert cannot serve; "bookkeeping" when every read
 * is the test of an `if` whose branches only count or log (`added += 1`, `print(...)`,
 * `logger.info(...)`, `self.stdout.write(...)`); "none" when the flag is not read.
 */
function createdFlagUse(loop: LoopInfo, call: SyntaxNode): "none" | "bookkeeping" | "logic" {
  const stmt = statementOf(call);
  const assign = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  if (assign?.type !== "assignment") return "none";
  const left = assign.childForFieldName("left");
  let flag: string | undefined;
  let tuple: string | undefined;
  if ((left?.type === "pattern_list" || left?.type === "tuple_pattern") && left.namedChildren.length === 2) {
    const second = left.namedChildren[1];
    if (second?.type === "identifier" && second.text !== "_") flag = second.text;
  } else if (left?.type === "identifier") {
    tuple = left.text;
  }
  if (!flag && !tuple) return "none";
  let use: "none" | "bookkeeping" = "none";
  for (const node of perIterationNodes(loop)) {
    if (node.startIndex < assign.endIndex) continue;
    const read =
      (flag && node.type === "identifier" && node.text === flag && isVariableRead(node)) ||
      (tuple && node.type === "subscript" && node.childForFieldName("value")?.text === tuple && node.childForFieldName("subscript")?.text === "1");
    if (!read) continue;
    if (!isBookkeepingTest(node)) return "logic";
    use = "bookkeeping";
  }
  return use;
}

/** `created` or `result[1]` tested by an `if` that only counts or logs. */
function isFlagRead(id: SyntaxNode): boolean {
  const subscript = id.parent?.type === "subscript" && id.parent.childForFieldName("subscript")?.text === "1" ? id.parent : undefined;
  return isBookkeepingTest(subscript ?? id);
}

/** Calls that only report: print(), logging, a management command's stdout/stderr. */
const REPORTING_CALL = /^(print|(self\.)?(stdout|stderr)\.write|(self\.)?(logger|log|logging|LOGGER|LOG)\.(debug|info|warning|warn|error|exception))$/;

/** `if flag:` / `if not flag:` (with elif/else) whose branches only increment counters and log. */
function isBookkeepingTest(read: SyntaxNode): boolean {
  let test = read;
  if (test.parent?.type === "not_operator") test = test.parent;
  const branch = test.parent;
  if ((branch?.type !== "if_statement" && branch?.type !== "elif_clause") || !sameNode(branch.childForFieldName("condition"), test)) return false;
  const ifStatement = branch.type === "elif_clause" ? branch.parent : branch;
  if (!ifStatement) return false;
  const blocks = [ifStatement.childForFieldName("consequence"), ...ifStatement.childrenForFieldName("alternative").map((a) => a.childForFieldName("body") ?? a.childForFieldName("consequence"))];
  return blocks.every((block) => !!block && block.namedChildren.every(isBookkeepingStatement));
}

function isBookkeepingStatement(stmt: SyntaxNode): boolean {
  if (stmt.type === "comment" || stmt.type === "pass_statement") return true;
  if (stmt.type !== "expression_statement") return false;
  const e = stmt.namedChildren[0];
  if (e?.type === "augmented_assignment") return e.childForFieldName("left")?.type === "identifier" && !e.childForFieldName("right")?.descendantsOfType("call").length;
  if (e?.type !== "call") return false;
  return REPORTING_CALL.test(e.childForFieldName("function")?.text ?? "");
}
