/** The two decisions runReview makes itself: where a comment goes, and which old comments are outdated. */
import { describe, expect, it } from "vitest";
import { changesFromFiles } from "../../src/diff/parse.js";
import { commentTargetOf, outdatedComments } from "../../src/pipeline/run-review.js";
import type { AnalysisResult, Finding, Fix } from "../../src/analysis/finding.js";
import type { ExistingComment } from "../../src/github/publisher.js";

/** shop/views.py: lines 8–12 are one hunk (8 context, 9–11 added, 12 context); 30–31 a second hunk. */
const PATCH = [
  "@@ -8,3 +8,5 @@ def order_list(request):",
  '     orders = Order.objects.filter(status="open")',
  "+    rows = []",
  "+    for order in orders:",
  "+        rows.append((order.id, order.customer.name))",
  '     return render(request, "shop/orders.html", {"rows": rows})',
  "@@ -28,1 +30,2 @@ def order_export(request):",
  "     writer = csv.writer(response)",
  "+    writer.writerows(Order.objects.values_list(\"id\", \"total\"))",
].join("\n");
const file = changesFromFiles([{ path: "shop/views.py", status: "modified", patch: PATCH }]).get("shop/views.py");

const range = (line: number, column: number, endLine = line, endColumn = column + 14) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const selectRelated = (line: number): Fix => ({ safety: "safe", title: "Add select_related", edits: [{ range: range(line, 49, line, 49), newText: '.select_related("customer")' }] });

function finding(line: number, fix?: Fix, scopeStart = line - 2): Finding {
  return {
    ruleId: "DJP101",
    ruleName: "lazy-relation-in-loop",
    level: "warn",
    messageId: "lazy",
    message: "`order.customer` is loaded with one query per order",
    path: "shop/views.py",
    range: range(line, 33),
    scope: { start: { line: scopeStart, column: 5 }, end: { line, column: 50 } },
    related: [],
    ...(fix ? { fix } : {}),
    fingerprint: `fp${line}`,
    identity: `id${line}`,
  };
}

describe("commentTargetOf", () => {
  it("comments on the finding's line, widened to a safe fix's first line when both lie in one hunk", () => {
    expect(commentTargetOf(finding(11), file)).toEqual({ finding: finding(11), commentLine: 11 });
    expect(commentTargetOf(finding(11, selectRelated(8)), file)).toMatchObject({ commentLine: 11, commentStartLine: 8 });
  });

  it("does not widen over lines outside the hunk, for unsafe fixes, or when there is no line in the diff", () => {
    expect(commentTargetOf(finding(11, selectRelated(5)), file)).not.toHaveProperty("commentStartLine");
    expect(commentTargetOf(finding(31, selectRelated(11), 29), file)).not.toHaveProperty("commentStartLine"); // two hunks
    expect(commentTargetOf(finding(11, { ...selectRelated(8), safety: "unsafe" }), file)).not.toHaveProperty("commentStartLine");
    expect(commentTargetOf(finding(20, selectRelated(19), 19), file)).toEqual({ finding: finding(20, selectRelated(19), 19) });
  });
});

describe("outdatedComments", () => {
  const comment = (id: number, fingerprint: string, ruleId = "DJP101", path = "shop/views.py"): ExistingComment => ({ id, nodeId: `PRRC_${id}`, path, ruleId, fingerprint, body: `x\n<!-- djperf:${ruleId}:${fingerprint} -->` });
  const analysis = (findings: Finding[], diagnostics: AnalysisResult["diagnostics"] = []): AnalysisResult => ({ findings, diagnostics, stats: { files: 1, lines: 40, ms: 1 } });

  it("returns comments whose finding is gone", () => {
    const existing = [comment(1, "fp11"), comment(2, "gone")];
    expect(outdatedComments(existing, analysis([finding(11)])).map((c) => c.id)).toEqual([2]);
  });

  it("keeps comments of rules that crashed, files not read this time, and everything after an internal error", () => {
    const existing = [comment(1, "gone"), comment(2, "gone", "DJP102"), comment(3, "gone", "DJP101", "shop/big.py")];
    const crashed = analysis([], [{ kind: "rule-crash", ruleId: "DJP102", path: "shop/views.py", message: "crashed" }, { kind: "skipped", path: "shop/big.py", message: "too large" }]);
    expect(outdatedComments(existing, crashed).map((c) => c.id)).toEqual([1]);
    expect(outdatedComments(existing, analysis([], [{ kind: "internal", message: "index failed" }]))).toEqual([]);
  });
});
