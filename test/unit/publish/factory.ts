/** Realistic findings for the publishing tests: what the engine and the diff filter would hand over. */
import type { Finding, Fix, Level } from "../../../src/analysis/finding.js";
import { fingerprintOf } from "../../../src/analysis/fingerprint.js";
import { DEFAULT_CONFIG, type DjperfConfig } from "../../../src/config/schema.js";
import type { CommentTarget, RuleInfo } from "../../../src/report/policy.js";

/** shop/views.py at the head of the pull request. */
export const VIEWS_PY = [
  "from django.shortcuts import render", // 1
  "", // 2
  "from shop.models import Order", // 3
  "", // 4
  "", // 5
  "def order_list(request):", // 6
  '    orders = Order.objects.filter(status="open")', // 7
  "    rows = []", // 8
  "    for order in orders:", // 9
  "        rows.append((order.id, order.customer.name))", // 10
  '    return render(request, "shop/orders.html", {"rows": rows})', // 11
  "",
].join("\n");

export const RULE_INFO: ReadonlyMap<string, RuleInfo> = new Map(
  [
    { id: "DJP101", name: "lazy-relation-in-loop", status: "stable", summary: "Related object loaded lazily inside a loop", why: "Every iteration issues its own query, so the request costs 1 + N queries." },
    { id: "DJP301", name: "list-view-without-pagination", status: "stable", summary: "List view returns every row" },
    { id: "DJP305", name: "query-in-serializer-method", status: "stable", summary: "SerializerMethodField runs a query per object" },
    { id: "DJP503", name: "upsert-in-loop", status: "stable", summary: "update_or_create called once per row" },
    { id: "DJP604", name: "celery-task-without-queue-route", status: "preview", summary: "Celery task without a queue" },
  ].map((r) => [r.id, r as RuleInfo]),
);

export interface FindingSpec {
  ruleId?: string;
  level?: Level;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  message?: string;
  messageId?: string;
  /** The flagged source, folded into the fingerprint. */
  code?: string;
  fix?: Fix;
  diff?: Finding["diff"];
}

export function finding(spec: FindingSpec = {}): Finding {
  const ruleId = spec.ruleId ?? "DJP101";
  const ruleName = RULE_INFO.get(ruleId)?.name ?? "some-rule";
  const path = spec.path ?? "shop/views.py";
  const line = spec.line ?? 10;
  const column = spec.column ?? 32;
  const code = spec.code ?? `order.customer # ${path}:${line}`;
  const messageId = spec.messageId ?? "lazyForeignKey";
  const range = { start: { line, column }, end: { line: spec.endLine ?? line, column: spec.endColumn ?? column + 14 } };
  return {
    ruleId,
    ruleName,
    level: spec.level ?? "warn",
    messageId,
    message: spec.message ?? "`order.customer` is loaded with one query per `order` of this loop.",
    path,
    range,
    scope: { start: { line: Math.max(1, line - 1), column: 5 }, end: range.end },
    related: [],
    ...(spec.fix ? { fix: spec.fix } : {}),
    fingerprint: fingerprintOf(ruleId, path, code, messageId),
    identity: fingerprintOf(ruleId, "", code, messageId),
    diff: spec.diff ?? "added",
  };
}

export function target(spec: FindingSpec & { commentLine?: number | null; commentStartLine?: number } = {}): CommentTarget {
  const f = finding(spec);
  const commentLine = spec.commentLine === null ? undefined : (spec.commentLine ?? f.range.start.line);
  return {
    finding: f,
    ...(commentLine !== undefined ? { commentLine } : {}),
    ...(spec.commentStartLine !== undefined ? { commentStartLine: spec.commentStartLine } : {}),
  };
}

export function config(review: Partial<DjperfConfig["review"]> = {}, filter: DjperfConfig["filter"] = "added"): Pick<DjperfConfig, "filter" | "review"> {
  return { filter, review: { ...DEFAULT_CONFIG.review, ...review } };
}

/** The safe DJP101 fix: add `.select_related("customer")` to the queryset on line 7. */
export const SELECT_RELATED_FIX: Fix = {
  safety: "safe",
  title: 'Add `select_related("customer")` to the queryset',
  edits: [{ range: { start: { line: 7, column: 49 }, end: { line: 7, column: 49 } }, newText: '.select_related("customer")' }],
};
