import { describe, expect, it } from "vitest";
import {
  docsUrl,
  markerOf,
  parseMarker,
  planReview,
  renderCommentBody,
  staleComments,
  suggestionFor,
  REVIEW_MARKER,
} from "../../../src/report/review.js";
import { RULE_INFO, SELECT_RELATED_FIX, VIEWS_PY, config, target } from "./factory.js";

const sources = new Map([["shop/views.py", VIEWS_PY]]);

describe("docsUrl", () => {
  it("points at the rule's README under a configurable base", () => {
    expect(docsUrl("DJP101", "lazy-relation-in-loop")).toBe(
      "https://github.com/djperf/djperf/blob/main/rules/DJP101-lazy-relation-in-loop/README.md",
    );
    expect(docsUrl("DJP301", "list-view-without-pagination", "https://ghe.example.com/tools/djperf/blob/v1.2.0")).toBe(
      "https://ghe.example.com/tools/djperf/blob/v1.2.0/rules/DJP301-list-view-without-pagination/README.md",
    );
  });
});

describe("markers", () => {
  it("round-trip rule id and fingerprint, taking the last marker of a body", () => {
    const body = `> quoted ${markerOf("DJP102", "aaaa")}\n\nreply text\n${markerOf("DJP101", "3f9c0d2e11aa4b7c")}`;
    expect(parseMarker(body)).toEqual({ ruleId: "DJP101", fingerprint: "3f9c0d2e11aa4b7c" });
    expect(parseMarker(`Thanks! ${REVIEW_MARKER}`)).toBeNull();
    expect(parseMarker("<!-- djperf:lazy:abc -->")).toBeNull();
  });

  it("finds djperf comments whose finding is gone", () => {
    const existing = [
      { id: 11, body: `old ${markerOf("DJP101", "aaaa000011112222")}` },
      { id: 12, body: `kept ${markerOf("DJP301", "bbbb000011112222")}` },
      { id: 13, body: "a human comment without a marker" },
    ];
    expect(staleComments(existing, new Set(["bbbb000011112222"]))).toEqual([11]);
    expect(staleComments(existing, new Set(["aaaa000011112222", "bbbb000011112222"]))).toEqual([]);
  });
});

describe("suggestionFor", () => {
  const withFix = (over: Parameters<typeof target>[0] = {}) => target({ fix: SELECT_RELATED_FIX, ...over });

  it("renders the full commented lines with the safe fix applied", () => {
    expect(suggestionFor(withFix({ commentStartLine: 7, commentLine: 10 }), VIEWS_PY)).toBe(
      [
        '    orders = Order.objects.filter(status="open").select_related("customer")',
        "    rows = []",
        "    for order in orders:",
        "        rows.append((order.id, order.customer.name))",
      ].join("\n"),
    );
  });

  it("gives nothing when an edit lies outside the commented lines, the fix is unsafe, or the source is unknown", () => {
    expect(suggestionFor(withFix({ commentLine: 10 }), VIEWS_PY)).toBeUndefined();
    expect(suggestionFor(withFix({ commentStartLine: 8, commentLine: 10 }), VIEWS_PY)).toBeUndefined();
    const unsafe = target({ commentStartLine: 7, commentLine: 10, fix: { ...SELECT_RELATED_FIX, safety: "unsafe" } });
    expect(suggestionFor(unsafe, VIEWS_PY)).toBeUndefined();
    expect(suggestionFor(withFix({ commentStartLine: 7, commentLine: 10 }), undefined)).toBeUndefined();
  });

  it("accepts an edit that removes whole lines up to the start of the next one", () => {
    const removeRows = target({
      line: 8,
      commentStartLine: 8,
      commentLine: 9,
      fix: { safety: "safe", title: "Drop the list", edits: [{ range: { start: { line: 8, column: 1 }, end: { line: 9, column: 1 } }, newText: "" }] },
    });
    expect(suggestionFor(removeRows, VIEWS_PY)).toBe("    for order in orders:");
  });
});

describe("renderCommentBody", () => {
  it("shows message, why, suggestion, docs, suppression and the marker", async () => {
    const t = target({ fix: SELECT_RELATED_FIX, commentStartLine: 7, commentLine: 10 });
    const body = renderCommentBody(t, { rule: RULE_INFO.get("DJP101"), source: VIEWS_PY });
    expect(body.endsWith(markerOf("DJP101", t.finding.fingerprint))).toBe(true);
    // Rendered markdown a reviewer can read: test/unit/publish/__snapshots__/review-comment.md
    await expect(body).toMatchFileSnapshot("./__snapshots__/review-comment.md");
  });

  it("falls back to the fix title as a hint and to the rule summary as the why", () => {
    const t = target({ ruleId: "DJP305", path: "shop/serializers.py", line: 22, fix: { ...SELECT_RELATED_FIX, safety: "unsafe", title: "Annotate `Count(\"items\")` in the view" } });
    const body = renderCommentBody(t, { rule: RULE_INFO.get("DJP305") });
    expect(body).toContain('**Fix (check before applying):** Annotate `Count("items")` in the view');
    expect(body).toContain("**Why:** SerializerMethodField runs a query per object");
    expect(body).not.toContain("```suggestion");
  });

  it("fences a suggestion that itself contains backticks with a longer fence", () => {
    const t = target({
      line: 8,
      commentLine: 8,
      fix: { safety: "safe", title: "t", edits: [{ range: { start: { line: 8, column: 12 }, end: { line: 8, column: 14 } }, newText: '["```"]' }] },
    });
    expect(renderCommentBody(t, { source: VIEWS_PY })).toContain('````suggestion\n    rows = ["```"]\n````');
  });
});

describe("planReview", () => {
  const block = target({ ruleId: "DJP301", level: "block", path: "shop/api.py", line: 14, column: 5, code: "pagination_class = None", message: "`OrderViewSet` disables pagination: the list returns every order." });
  const warn = target({ fix: SELECT_RELATED_FIX, commentStartLine: 7, commentLine: 10 });

  it("plans one COMMENT review with line/side and multi-line ranges", () => {
    const plan = planReview({ config: config(), targets: [warn, block], rules: RULE_INFO, sources });
    expect(plan).not.toBeNull();
    expect(plan!.event).toBe("COMMENT");
    expect(plan!.comments.map(({ body: _body, ...position }) => position)).toEqual([
      { path: "shop/api.py", line: 14, side: "RIGHT" },
      { path: "shop/views.py", line: 10, side: "RIGHT", start_line: 7, start_side: "RIGHT" },
    ]);
    expect(plan!.body).toBe(
      "**djperf** left 2 comments (1 blocking) on the changes of this pull request.\n\n<!-- djperf:review -->",
    );
  });

  it("requests changes only when configured and a block finding is in scope", () => {
    expect(planReview({ config: config({ request_changes: true }), targets: [warn, block] })!.event).toBe("REQUEST_CHANGES");
    expect(planReview({ config: config({ request_changes: true }), targets: [warn] })!.event).toBe("COMMENT");
  });

  it("mentions findings left to the check run", () => {
    const many = [1, 2, 3].map((line) => target({ line, code: `x${line}` }));
    const plan = planReview({ config: config({ max_comments: 1 }), targets: [...many, target({ line: 50, commentLine: null })] });
    expect(plan!.comments).toHaveLength(1);
    expect(plan!.body).toContain("3 more findings are listed in the **djperf** check run, 2 of them over the limit of 1 comment.");
  });

  it("is idempotent: a second run with the first run's markers plans nothing", () => {
    const first = planReview({ config: config(), targets: [warn, block], sources })!;
    const markers = new Set(first.comments.map((c) => parseMarker(c.body)!.fingerprint));
    expect(planReview({ config: config(), targets: [warn, block], sources, existingMarkers: markers })).toBeNull();
  });

  it("returns null when nothing is commentable", () => {
    expect(planReview({ config: config(), targets: [] })).toBeNull();
    expect(planReview({ config: config(), targets: [target({ level: "info" }), target({ diff: "outside" })] })).toBeNull();
  });
});
