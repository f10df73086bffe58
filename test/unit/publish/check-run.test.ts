import { describe, expect, it } from "vitest";
import {
  annotationOf,
  planCheckRun,
  planCrashedCheckRun,
  planSupersededCheckRun,
  SUMMARY_LIMIT,
  type CheckRunInput,
} from "../../../src/report/check-run.js";
import { planReview } from "../../../src/report/review.js";
import { byteLength } from "../../../src/report/markdown.js";
import type { Diagnostic } from "../../../src/analysis/finding.js";
import { RULE_INFO, SELECT_RELATED_FIX, VIEWS_PY, config, finding, target } from "./factory.js";

const ENABLED = ["DJP101", "DJP102", "DJP301", "DJP302", "DJP304", "DJP305", "DJP401", "DJP503"];

/** A pull request touching a DRF API, a view, a serializer and an import job. */
function scenario(over: Partial<CheckRunInput> = {}): CheckRunInput {
  return {
    config: config(),
    rules: RULE_INFO,
    enabledRules: ENABLED,
    changedPythonFiles: 5,
    stats: { files: 5, lines: 812, ms: 40 },
    targets: [
      target({ ruleId: "DJP301", level: "block", path: "shop/api.py", line: 14, column: 5, code: "pagination_class = None", message: "`OrderViewSet` sets `pagination_class = None`: the list returns every order." }),
      target({ fix: SELECT_RELATED_FIX, commentStartLine: 7, commentLine: 10 }),
      target({ ruleId: "DJP305", path: "shop/serializers.py", line: 22, code: "obj.items.count()", message: "`get_item_count` runs `obj.items.count()` once per serialized order.", commentLine: null }),
      target({ ruleId: "DJP503", level: "info", path: "etl/imports.py", line: 40, code: "Product.objects.update_or_create", message: "`update_or_create` runs two queries per CSV row." }),
      target({ path: "shop/legacy.py", line: 3, diff: "outside" }),
    ],
    diagnostics: [
      { kind: "skipped", path: "shop/fixtures_big.py", message: "skipped: 2.3 MB exceeds analysis.max_file_bytes (1 MB)" },
      { kind: "parse-error", path: "shop/broken.py", line: 12, message: "syntax error at line 12; the rest of the file was analysed" },
      { kind: "suppression", path: "shop/views.py", line: 30, message: "suppression of DJP101 without a reason: say why after the brackets" },
    ],
    configProblems: [{ path: "rules.DJP9", message: "expected a rule id like DJP101 or a prefix like DJP1*" }],
    registeredRules: [...ENABLED, "DJP201"],
    coverage: {
      ran: ENABLED,
      applicable: ENABLED.filter((id) => id !== "DJP302"),
      unverified: [{ ruleId: "DJP401", reason: "CACHES is read from the environment", path: "shop/settings/production.py" }],
    },
    ...over,
  };
}

describe("planCheckRun: conclusion and title", () => {
  it("fails on a block finding in scope", () => {
    const plan = planCheckRun(scenario());
    expect(plan.conclusion).toBe("failure");
    expect(plan.title).toBe("1 blocking problem, 2 warnings, 1 note");
  });

  it("is success (or neutral when configured) without block findings", () => {
    const noBlock = scenario().targets.filter((t) => t.finding.level !== "block");
    expect(planCheckRun(scenario({ targets: noBlock })).conclusion).toBe("success");
    const neutral = planCheckRun(scenario({ targets: noBlock, config: config({ conclusion_without_block: "neutral" }) }));
    expect(neutral.conclusion).toBe("neutral");
    expect(planCheckRun(scenario({ targets: [] })).title).toBe("No performance problems in the changes");
  });

  it("is neutral with the problem explained when part of the analysis failed", () => {
    const crash: Diagnostic = { kind: "rule-crash", ruleId: "DJP304", path: "shop/api.py", message: "TypeError: cannot read properties of undefined (reading 'text')" };
    const noBlock = scenario().targets.filter((t) => t.finding.level !== "block");
    const plan = planCheckRun(scenario({ targets: noBlock, diagnostics: [crash] }));
    expect(plan.conclusion).toBe("neutral");
    expect(plan.title).toBe("2 warnings, 1 note · 1 rule could not run");
    expect(plan.summary).toContain("Part of the analysis did not complete");
    expect(plan.summary).toContain("- `shop/api.py` DJP304: TypeError: cannot read properties of undefined (reading 'text')");
    // A crashed rule cannot vouch for its rulebook items.
    expect(plan.summary).toMatch(/\| DON'T \| Ordering on fields without an index \| \? DJP304: the rule could not run \(see Diagnostics\) \| DJP304 · not checked yet: DJP210 \|/);
    // A proven block finding still fails the check.
    expect(planCheckRun(scenario({ diagnostics: [crash] })).conclusion).toBe("failure");
  });

  it("says there was nothing to check when no Python file changed", () => {
    expect(planCheckRun(scenario({ targets: [], changedPythonFiles: 0, diagnostics: [], configProblems: [] }))).toEqual({
      conclusion: "success",
      title: "No Python files changed",
      summary: "This pull request changes no Python files that djperf analyses, so there was nothing to check.",
      annotations: [],
    });
  });
});

describe("planCheckRun: summary", () => {
  it("renders the DO/DON'T table, findings by rule, rejected comments and diagnostics", async () => {
    const input = scenario();
    const review = planReview({ ...input, sources: new Map([["shop/views.py", VIEWS_PY]]) })!;
    const rejected = [{ comment: review.comments[1]!, reason: "Line could not be resolved" }];
    const plan = planCheckRun({ ...input, rejectedComments: rejected });
    expect(plan.text).toBeUndefined();
    // Rendered markdown a reviewer can read: test/unit/publish/__snapshots__/check-run-summary.md
    await expect(plan.summary).toMatchFileSnapshot("./__snapshots__/check-run-summary.md");
  });

  it("stays under 65,535 characters with 2,000 findings and says how many more there are", () => {
    const targets = Array.from({ length: 2000 }, (_, i) =>
      target({ path: `app/module_${i % 40}.py`, line: 10 + i, code: `row${i}.customer`, message: `\`row${i}.customer\` is loaded with one query per row of this loop (finding ${i}).` }),
    );
    const plan = planCheckRun(scenario({ targets }));
    expect(byteLength(plan.summary)).toBeLessThan(SUMMARY_LIMIT);
    expect(byteLength(plan.text!)).toBeLessThan(SUMMARY_LIMIT);
    const listed = (s: string) => s.split("\n").filter((l) => l.startsWith("- ⚠️ `app/")).length;
    const summaryMore = /… and ([\d,]+) more findings \(continued in the details below\)\./.exec(plan.summary);
    const textMore = /… and ([\d,]+) more findings \(run `djperf diff` locally to list them all\)\./.exec(plan.text!);
    expect(summaryMore).not.toBeNull();
    expect(textMore).not.toBeNull();
    const count = (m: RegExpExecArray) => Number(m[1]!.replace(/,/g, ""));
    expect(listed(plan.summary) + count(summaryMore!)).toBe(2000);
    expect(listed(plan.text!) + count(textMore!)).toBe(count(summaryMore!));
    // The group cut at the end of the summary is named again where the list continues.
    expect(plan.text).toMatch(/^### Findings, continued\n+#### \[DJP101 · lazy-relation-in-loop\]\(\S+\) \(2,000\) \(continued\)\n- ⚠️ /);
    // 30 became comments; the annotation cap keeps 1,000 of the other 1,970.
    expect(plan.annotations.map((b) => b.length)).toEqual(Array(20).fill(50));
    expect(plan.summary).toContain("970 findings beyond the annotation limit are listed below only.");
    expect(plan.summary).toContain("1,970 findings over the limit of 30 inline comments are listed below instead.");
  });
});

describe("annotations", () => {
  it("map levels, keep columns only on one line, and skip findings shown as comments", () => {
    const plan = planCheckRun(scenario());
    const annotated = plan.annotations.flat().map((a) => `${a.annotation_level} ${a.path}:${a.start_line}`);
    // DJP301 and DJP101 are inline comments; the rest is annotated.
    expect(annotated).toEqual(["warning shop/serializers.py:22", "notice etl/imports.py:40"]);
    expect(annotationOf(finding({ line: 10, column: 32, endColumn: 46, fix: SELECT_RELATED_FIX }))).toEqual({
      path: "shop/views.py",
      start_line: 10,
      end_line: 10,
      start_column: 32,
      end_column: 45,
      annotation_level: "warning",
      title: "DJP101 lazy-relation-in-loop",
      message: '`order.customer` is loaded with one query per `order` of this loop.\n\nFix: Add `select_related("customer")` to the queryset',
    });
    const loop = annotationOf(finding({ level: "block", line: 9, column: 5, endLine: 11, endColumn: 1 }));
    expect(loop).toMatchObject({ start_line: 9, end_line: 10, annotation_level: "failure" });
    expect(loop).not.toHaveProperty("start_column");
  });

  it("annotate rejected comments and everything when no review may be posted", () => {
    const input = scenario();
    const review = planReview(input)!;
    const rejected = planCheckRun({ ...input, rejectedComments: [{ comment: review.comments[0]!, reason: "Line could not be resolved" }] });
    expect(rejected.annotations.flat().map((a) => a.path)).toEqual(["shop/api.py", "shop/serializers.py", "etl/imports.py"]);
    expect(planCheckRun({ ...input, reviewEnabled: false }).annotations.flat()).toHaveLength(4);
  });
});

describe("final states", () => {
  it("completes a superseded run as neutral", () => {
    expect(planSupersededCheckRun("9fceb02d0ae598e95dc970b74767f19372d61af8")).toEqual({
      conclusion: "neutral",
      title: "Superseded by 9fceb02",
      summary:
        "A newer commit (`9fceb02d0ae598e95dc970b74767f19372d61af8`) was pushed to this pull request before this run finished. djperf reviews that commit instead; this run's results were discarded.",
      annotations: [],
    });
  });

  it("completes a crashed run as neutral with the error", () => {
    const plan = planCrashedCheckRun(new RangeError("Maximum call stack size exceeded"));
    expect(plan.conclusion).toBe("neutral");
    expect(plan.title).toBe("djperf could not finish this review");
    expect(plan.summary).toContain("```text\nRangeError: Maximum call stack size exceeded\n```");
    expect(planCrashedCheckRun("GraphQL: rate limited").summary).toContain("GraphQL: rate limited");
  });
});

describe("planCheckRun: findings the pull request did not cause", () => {
  it("lists pre-existing findings in touched code collapsed, never inline, and they do not fail the check", () => {
    const existing = target({ level: "block", path: "shop/old.py", line: 7, code: "order.customer # old", diff: "existing" });
    const plan = planCheckRun(scenario({ targets: [existing] }));
    expect(plan.conclusion).toBe("success");
    expect(plan.summary).toContain("### Already there before this pull request");
    expect(plan.summary).toMatch(/<details><summary>1 finding in touched code already existed before this pull request \(not caused by it\)<\/summary>/);
    expect(plan.summary).toContain("`shop/old.py:7`");
    expect(plan.annotations.flat()).toEqual([]);
    expect(planReview({ config: config(), rules: RULE_INFO, targets: [existing], sources: new Map() })).toBeNull();
  });
});
