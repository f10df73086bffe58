/**
 * Why a Celery task is long-running, from its own body and options: bulk work sharing the default
 * queue delays quick tasks, while a quick task (one row, one mail, one webhook) belongs on the
 * default queue. Only real long work counts as evidence: a name of bulk work (unless the task takes
 * one object), a loop over a table's
 * rows (not one parent's children), ORM writes or remote calls repeated over an input, known heavy
 * calls (subprocess, pandas, PDF, image work, a whole-dataset management command), a bulk write, a
 * time limit of five minutes or more. A single remote call, mail, sleep or command, and calls into
 * code the rule cannot see (project helpers, `json.loads`) prove nothing (rotation 7: a session
 * cleanup command, a webhook handler, a notification to a lead's handful of consultants).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo, QuerySetInfo } from "../../src/analysis/django/types.js";
import { isWholeDatasetCommand, slowCallOf, type SlowCall } from "../../src/analysis/django/slow-calls.js";
import { perIterationWrite } from "../../src/analysis/django/transactions.js";
import { rowsOfOneParent } from "../../src/analysis/django/impact.js";
import { attributeName, parameterNodes, unwrapParens } from "../../src/analysis/django/syntax.js";
import { isSmallLiteralLoop } from "../../src/analysis/django/bounded-loops.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { moduleFunctions } from "../../src/analysis/index/dispatch-only.js";

/**
 * Names of bulk work that should not share a queue with quick, user-facing tasks. `sync_` is not among
 * them: it names a kind of work, not an amount (rotation set 14: `sync_topics` over a topic table of a
 * hundred rows; rotation sets 10 and 13: one product's or one webhook's sync). A sync task is judged by
 * its body like any other, unless its name says it syncs everything (`sync_all_users()`) and it takes
 * no required parameter.
 */
const BULK_NAME = /^(etl|import|export|report|backfill|rebuild|reindex|sync_all)_/;
/** Slow calls that are one quick step when done once: a notification mail, one remote exchange, a pause. */
const QUICK_ONCE = new Set<SlowCall["kind"]>(["mail", "celery-sync", "http", "sleep", "command"]);
const BULK_WRITES = new Set(["bulk_create", "bulk_update"]);
const TIME_LIMITS = new Set(["time_limit", "soft_time_limit"]);
/** A task allowed this long (seconds) is expected to run long. */
const LONG_LIMIT = 300;

/** The first reason the task runs long, as a verb phrase ("loops over a queryset (line 12)"), or undefined (quick or unproven). */
export function heavyEvidence(django: DjangoFacts, functionName: string, def: SyntaxNode, decorator: SyntaxNode | undefined): string | undefined {
  const prefix = BULK_NAME.exec(functionName)?.[1];
  if (prefix && !takesOneObject(def) && !(prefix === "sync_all" && takesCallerInput(def))) return `is named like bulk work (${codeSpan(`${prefix}_`)})`;
  const limit = decorator ? longTimeLimit(decorator) : undefined;
  if (limit) return limit;
  const long = (loop: LoopInfo) => within(loop.node, def) && !isSmallLiteralLoop(loop) && !overOneParent(django, loop);
  for (const loop of django.loops()) {
    if (loop.kind === "comprehension" || !long(loop)) continue;
    // A fan-out queues the work per row (the queued tasks are judged on their own); a window of minutes holds a handful of rows.
    if (queuesPerRow(django, loop) || (narrowWindow(rowsOf(django, loop)) && !nestsLoops(loop))) continue;
    const line = loop.node.startPosition.row + 1;
    if (rowsOf(django, loop)) return `loops over a table's rows (line ${line})`;
    if (perIterationWrite(django, loop)) return `writes rows in a loop (line ${line})`;
  }
  for (const call of django.nodesOfType("call")) {
    if (!within(call, def)) continue;
    const fn = call.childForFieldName("function");
    const method = fn?.type === "attribute" ? attributeName(fn) : undefined;
    if (method && BULK_WRITES.has(method)) return `writes in bulk (${codeSpan(`.${method}()`)}, line ${call.startPosition.row + 1})`;
    const slow = slowCallOf(django, call);
    if (!slow) continue;
    const repeated = django.enclosingLoops(call).some(long);
    if (QUICK_ONCE.has(slow.kind) && !repeated && !(slow.kind === "command" && isWholeDatasetCommand(call))) continue;
    return `${slow.what}${repeated ? " in a loop" : ""} (line ${call.startPosition.row + 1})`;
  }
  return undefined;
}

/** Parameters that name one row: `product_id`, `pk`, `instance`. */
const ONE_OBJECT_PARAMETER = /^(pk|id|[a-z0-9_]+_(id|pk)|instance|obj)$/;

/**
 * The task takes one object (`sync_product_with_hubspot(product_id)`): the name says what kind of
 * work it does, not how much; one row's sync is a quick task (rotation set 10). Only its body can
 * then prove it long.
 */
function takesOneObject(def: SyntaxNode): boolean {
  return parameterNodes(def).some((p) => ONE_OBJECT_PARAMETER.test(p.name));
}

/**
 * The task has a parameter without a default (`sync_all_site_configs(url, files, commit=None)`):
 * the caller hands over what to work on. "sync" names the kind of work, and a sync fed its input by the
 * caller (one webhook's pushed files, one product) is as long as that input, not a dataset-wide job
 * (rotation set 13); a whole-dataset sync takes nothing (`sync_all_users()`). Other bulk words
 * (`import_`, `export_`, `rebuild_`…) keep counting: an export of the rows a caller selects is bulk work.
 */
function takesCallerInput(def: SyntaxNode): boolean {
  const required = (p: SyntaxNode): boolean => p.type === "identifier" || (p.type === "typed_parameter" && p.namedChildren[0]?.type === "identifier");
  return parameterNodes(def).some((p) => required(p.node) && !/^(self|cls|task)$/.test(p.name));
}

/** A loop over one parent's rows (`lead.staffing.all()`, `filter(order=order)`): a handful, not a table. */
function overOneParent(django: DjangoFacts, loop: LoopInfo): boolean {
  const qs = rowsOf(django, loop);
  return qs !== undefined && (qs.sliced === true || rowsOfOneParent(django, qs));
}

/** The QuerySet a loop walks, also when streamed (`for u in users.iterator():`). */
function rowsOf(django: DjangoFacts, loop: LoopInfo): QuerySetInfo | undefined {
  if (!loop.iterable) return undefined;
  const iterable = unwrapParens(loop.iterable);
  const fn = iterable.type === "call" ? iterable.childForFieldName("function") : undefined;
  const streamed = fn?.type === "attribute" && attributeName(fn) === "iterator" ? fn.childForFieldName("object") : undefined;
  return django.querySetOf(streamed ?? iterable);
}

/** Methods that queue a task (on a task, a signature, a chain or group). */
const ENQUEUE = new Set(["delay", "apply_async", "send_task"]);

/**
 * The loop queues a task per item and does nothing slow besides: `task.delay(row.pk)` in its body, or a
 * call of a function of this module that queues one (`on_post_submission_event(pk)` building a chain and
 * calling `.delay()`), with no slow call (remote, mail, subprocess…) in the body or that function. A
 * dispatcher: the long work runs in the tasks it queues (rotation set 11: a retry task that queues one
 * processing chain per failed submission).
 */
function queuesPerRow(django: DjangoFacts, loop: LoopInfo): boolean {
  const body = loop.node.childForFieldName("body");
  if (!body) return false;
  const functions = moduleFunctions(loop.node.tree.rootNode);
  const scopes = [body];
  for (const call of body.descendantsOfType("call")) {
    const fn = call.childForFieldName("function");
    const own = fn?.type === "identifier" ? functions.get(fn.text) : undefined;
    if (own && !scopes.includes(own)) scopes.push(own);
  }
  // The loop's own body touches no rows (a save, a read per item is work of this task); the function
  // that queues may record what it queued (a row per dispatch, as the task-id bookkeeping does).
  if (body.descendantsOfType("call").some((call) => touchesRows(call))) return false;
  const calls = scopes.flatMap((scope) => scope.descendantsOfType("call"));
  const queues = calls.some((call) => {
    const fn = call.childForFieldName("function");
    return fn?.type === "attribute" && ENQUEUE.has(attributeName(fn) ?? "");
  });
  return queues && !calls.some((call) => slowCallOf(django, call) !== undefined);
}

/**
 * The loop's body walks something per row (`for follower in pool.event.followers.all():`): a window
 * of a few rows may still fan out to many (tuning: lego's reminder task, the pools opening within the
 * hour and every follower of each).
 */
function nestsLoops(loop: LoopInfo): boolean {
  return loop.node.childForFieldName("body")?.descendantsOfType(["for_statement", "while_statement"]).length !== 0;
}

/** ORM methods that read or write rows. */
const ROW_METHODS = new Set([
  "save", "delete", "create", "update", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "refresh_from_db",
  "filter", "exclude", "get", "all", "first", "last", "count", "exists", "aggregate", "values", "values_list",
]);

/** `row.save()`, `Model.objects.filter(...)`, a related manager's `all()`. */
function touchesRows(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" && (fn.text.includes(".objects") || ROW_METHODS.has(attributeName(fn) ?? ""));
}

/** Range lookups on one field bounded on both sides, for a time window (`activate_on__gt=now - timedelta(minutes=5), activate_on__lte=now`). */
const BOUND = /^(\w+?)__(gt|gte|lt|lte)$/;
/** A window at most this long (seconds) holds the rows of a few minutes, not a table. */
const NARROW_WINDOW = 3600;

/**
 * The QuerySet keeps the rows of a window of at most an hour on one field: a lower and an upper bound
 * where one is the other plus or minus a literal `timedelta` (rotation set 11: a periodic task that
 * activates the forms due in the last five minutes).
 */
function narrowWindow(qs: QuerySetInfo | undefined): boolean {
  if (!qs) return false;
  const bounds = new Map<string, { lower: SyntaxNode[]; upper: SyntaxNode[] }>();
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      const m = arg.type === "keyword_argument" ? BOUND.exec(arg.childForFieldName("name")?.text ?? "") : null;
      const value = arg.childForFieldName("value");
      if (!m || !value) continue;
      const entry = bounds.get(m[1]!) ?? { lower: [], upper: [] };
      (m[2]!.startsWith("g") ? entry.lower : entry.upper).push(unwrapParens(value));
      bounds.set(m[1]!, entry);
    }
  }
  return [...bounds.values()].some(({ lower, upper }) => lower.some((lo) => upper.some((hi) => windowSeconds(lo, hi) !== undefined && windowSeconds(lo, hi)! <= NARROW_WINDOW)));
}

/** `hi - timedelta(...)` vs `hi`, or `lo` vs `lo + timedelta(...)`: the literal width in seconds. */
function windowSeconds(lo: SyntaxNode, hi: SyntaxNode): number | undefined {
  const offset = (expr: SyntaxNode, base: SyntaxNode, op: string): number | undefined => {
    if (expr.type !== "binary_operator" || expr.childForFieldName("operator")?.text !== op) return undefined;
    const left = expr.childForFieldName("left");
    const right = expr.childForFieldName("right");
    return left && right && left.text === base.text ? timedeltaSeconds(unwrapParens(right)) : undefined;
  };
  return offset(lo, hi, "-") ?? offset(hi, lo, "+");
}

const SECONDS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1 };

/** `timedelta(minutes=5)`, `datetime.timedelta(hours=1, minutes=30)`: literal keywords only. */
function timedeltaSeconds(call: SyntaxNode): number | undefined {
  const fn = call.type === "call" ? call.childForFieldName("function") : undefined;
  if (!fn || !/(^|\.)timedelta$/.test(fn.text)) return undefined;
  let total = 0;
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    const unit = arg.type === "keyword_argument" ? SECONDS[arg.childForFieldName("name")?.text ?? ""] : undefined;
    const value = arg.childForFieldName("value");
    const n = value && (value.type === "integer" || value.type === "float") ? Number(value.text) : undefined;
    if (unit === undefined || n === undefined) return undefined;
    total += unit * n;
  }
  return total > 0 ? total : undefined;
}

function within(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** `time_limit=` / `soft_time_limit=` of at least LONG_LIMIT seconds on the task decorator (a literal or a product of literals). */
function longTimeLimit(decorator: SyntaxNode): string | undefined {
  for (const kw of decorator.descendantsOfType("keyword_argument")) {
    const name = kw.childForFieldName("name")?.text;
    const value = kw.childForFieldName("value");
    if (!name || !TIME_LIMITS.has(name) || !value) continue;
    const seconds = numberOf(value);
    if (seconds !== undefined && seconds >= LONG_LIMIT) return `is allowed to run for ${seconds} seconds (${codeSpan(`${name}=${value.text}`)})`;
  }
  return undefined;
}

function numberOf(node: SyntaxNode): number | undefined {
  if (node.type === "integer" || node.type === "float") {
    const n = Number(node.text.replace(/_/g, ""));
    return Number.isFinite(n) ? n : undefined;
  }
  if (node.type === "parenthesized_expression") return node.namedChildren[0] ? numberOf(node.namedChildren[0]) : undefined;
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "*") {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const a = left ? numberOf(left) : undefined;
    const b = right ? numberOf(right) : undefined;
    return a !== undefined && b !== undefined ? a * b : undefined;
  }
  return undefined;
}
