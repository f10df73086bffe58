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

/** Names of bulk work that should not share a queue with quick, user-facing tasks. */
const BULK_NAME = /^(etl|import|export|report|sync|backfill|rebuild|reindex)_/;
/** Slow calls that are one quick step when done once: a notification mail, one remote exchange, a pause. */
const QUICK_ONCE = new Set<SlowCall["kind"]>(["mail", "celery-sync", "http", "sleep", "command"]);
const BULK_WRITES = new Set(["bulk_create", "bulk_update"]);
const TIME_LIMITS = new Set(["time_limit", "soft_time_limit"]);
/** A task allowed this long (seconds) is expected to run long. */
const LONG_LIMIT = 300;

/** The first reason the task runs long, as a verb phrase ("loops over a queryset (line 12)"), or undefined (quick or unproven). */
export function heavyEvidence(django: DjangoFacts, functionName: string, def: SyntaxNode, decorator: SyntaxNode | undefined): string | undefined {
  const prefix = BULK_NAME.exec(functionName)?.[1];
  if (prefix && !takesOneObject(def)) return `is named like bulk work (${codeSpan(`${prefix}_`)})`;
  const limit = decorator ? longTimeLimit(decorator) : undefined;
  if (limit) return limit;
  const long = (loop: LoopInfo) => within(loop.node, def) && !isSmallLiteralLoop(loop) && !overOneParent(django, loop);
  for (const loop of django.loops()) {
    if (loop.kind === "comprehension" || !long(loop)) continue;
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
