/**
 * Why a Celery task is long-running, from its own body and options: bulk work sharing the default
 * queue delays quick tasks, while a quick task (one row, one mail) belongs on the default queue.
 * Evidence: a name of bulk work, a loop over a queryset or one that writes, a remote call,
 * subprocess, file read, PDF, image or command (the slow-calls helper), a bulk write, a time limit of
 * five minutes or more. Without evidence a task is quick when it loops over nothing and calls only
 * ORM, queueing, logging, mail or builtin functions; otherwise its weight is unknown (project code).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { slowCallOf, type SlowCall } from "../../src/analysis/django/slow-calls.js";
import { loopWrites } from "../../src/analysis/django/bulk-writes.js";
import { attributeName } from "../../src/analysis/django/syntax.js";
import { isSmallLiteralLoop } from "../../src/analysis/django/bounded-loops.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

/** Names of bulk work that should not share a queue with quick, user-facing tasks. */
const BULK_NAME = /^(etl|import|export|report|sync|backfill|rebuild|reindex)_/;
/** Slow calls that are one quick step when done once (a notification mail). */
const QUICK_ONCE = new Set<SlowCall["kind"]>(["mail", "celery-sync"]);
const BULK_WRITES = new Set(["bulk_create", "bulk_update"]);
const TIME_LIMITS = new Set(["time_limit", "soft_time_limit"]);
/** A task allowed this long (seconds) is expected to run long. */
const LONG_LIMIT = 300;

export type TaskWeight = { kind: "heavy"; evidence: string } | { kind: "unknown"; evidence: string } | { kind: "quick" };

/** Methods and functions that are one quick step: ORM row and queryset calls, queueing, logging, strings and containers. */
const QUICK_METHODS = new Set([
  "get", "filter", "exclude", "first", "last", "exists", "count", "update", "delete", "save", "create", "get_or_create",
  "update_or_create", "values", "values_list", "select_related", "prefetch_related", "only", "defer", "order_by", "all",
  "none", "refresh_from_db", "add", "remove", "set", "clear", "delay", "apply_async", "s", "si", "signature",
  "debug", "info", "warning", "warn", "error", "exception", "critical", "format", "strip", "lower", "upper", "split",
  "join", "append", "extend", "pop", "items", "keys", "setdefault", "isoformat", "replace", "startswith", "endswith",
]);
const QUICK_FUNCTIONS = new Set([
  "len", "str", "int", "float", "bool", "list", "dict", "set", "tuple", "min", "max", "sum", "sorted", "isinstance",
  "getattr", "setattr", "hasattr", "print", "range", "enumerate", "zip", "any", "all", "repr", "round", "abs", "super",
  "get_object_or_404", "get_user_model", "now", "timedelta", "gettext", "_",
]);

/** Heavy (with evidence), quick, or unknown (with the first call the rule cannot see into). */
export function taskWeight(django: DjangoFacts, functionName: string, def: SyntaxNode, decorator: SyntaxNode | undefined): TaskWeight {
  const heavy = heavyEvidence(django, functionName, def, decorator);
  if (heavy) return { kind: "heavy", evidence: heavy };
  for (const loop of django.loops()) {
    if (loop.kind !== "comprehension" && within(loop.node, def) && !isSmallLiteralLoop(loop)) {
      return { kind: "unknown", evidence: `loops over something (line ${loop.node.startPosition.row + 1}) whose size the rule cannot see` };
    }
  }
  for (const call of django.nodesOfType("call")) {
    if (!within(call, def) || isQuickCall(django, call)) continue;
    const fn = call.childForFieldName("function");
    return { kind: "unknown", evidence: `hands its work to project code (${codeSpan(fn?.text ?? call.text)}, line ${call.startPosition.row + 1}) that may run long` };
  }
  return { kind: "quick" };
}

function isQuickCall(django: DjangoFacts, call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  if (!fn) return false;
  if (fn.type === "attribute" && QUICK_METHODS.has(attributeName(fn) ?? "")) return true;
  if (fn.type !== "identifier" && fn.type !== "attribute") return false;
  if (QUICK_FUNCTIONS.has(fn.text)) return true;
  const dotted = django.qualifiedName(fn) ?? "";
  // Django's own helpers (mail, shortcuts, timezone) and model classes (`Product(...)`) are one step.
  return dotted.startsWith("django.") || dotted.startsWith("celery") || django.modelOf(fn) !== undefined || slowCallOf(django, call)?.kind === "mail";
}

/** The first reason the task is heavy, as a verb phrase ("loops over a queryset (line 12)"), or undefined. */
function heavyEvidence(django: DjangoFacts, functionName: string, def: SyntaxNode, decorator: SyntaxNode | undefined): string | undefined {
  const prefix = BULK_NAME.exec(functionName)?.[1];
  if (prefix) return `is named like bulk work (${codeSpan(`${prefix}_`)})`;
  const limit = decorator ? longTimeLimit(decorator) : undefined;
  if (limit) return limit;
  for (const loop of django.loops()) {
    if (loop.kind === "comprehension" || !within(loop.node, def) || isSmallLiteralLoop(loop)) continue;
    if (loop.iterable && django.querySetOf(loop.iterable)) return `loops over a queryset (line ${loop.node.startPosition.row + 1})`;
    if (loopWrites(loop)) return `writes rows in a loop (line ${loop.node.startPosition.row + 1})`;
  }
  for (const call of django.nodesOfType("call")) {
    if (!within(call, def)) continue;
    const fn = call.childForFieldName("function");
    const method = fn?.type === "attribute" ? attributeName(fn) : undefined;
    if (method && BULK_WRITES.has(method)) return `writes in bulk (${codeSpan(`.${method}()`)}, line ${call.startPosition.row + 1})`;
    const slow = slowCallOf(django, call);
    if (!slow) continue;
    if (QUICK_ONCE.has(slow.kind) && django.enclosingLoops(call).every((l) => !within(l.node, def) || isSmallLiteralLoop(l))) continue;
    return `${slow.what} (line ${call.startPosition.row + 1})`;
  }
  return undefined;
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
