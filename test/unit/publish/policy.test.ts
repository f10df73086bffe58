import { describe, expect, it } from "vitest";
import { applyPolicy, hasBlockingFinding, isInScope, type PlacedTarget } from "../../../src/report/policy.js";
import { RULE_INFO, config, target } from "./factory.js";

const where = (t: PlacedTarget) => `${t.finding.level} ${t.finding.path}:${t.finding.range.start.line} ${t.placement}`;

describe("isInScope", () => {
  it("widens with the filter mode and keeps findings of diff-less runs", () => {
    const table = (["added", "context", "file", "outside", undefined] as const).map((diff) =>
      (["added", "context", "file", "all"] as const).map((mode) => (isInScope(diff, mode) ? "in" : "-")).join(" "),
    );
    expect(table).toEqual([
      "in in in in", // added
      "- in in in", // context
      "- - in in", // file
      "- - - in", // outside
      "in in in in", // no diff annotation (whole-tree check)
    ]);
  });
});

describe("applyPolicy", () => {
  it("sorts by level, then path and line, and splits inline from out-of-scope", () => {
    const result = applyPolicy({
      config: config(),
      targets: [
        target({ path: "shop/views.py", line: 40 }),
        target({ path: "shop/api.py", line: 14, ruleId: "DJP301", level: "block", code: "pagination_class = None" }),
        target({ path: "shop/views.py", line: 10 }),
        target({ path: "shop/admin.py", line: 3, diff: "outside" }),
        target({ path: "etl/imports.py", line: 40, ruleId: "DJP503", level: "info", code: "update_or_create" }),
      ],
    });
    expect(result.inScope.map(where)).toEqual([
      "block shop/api.py:14 inline",
      "warn shop/views.py:10 inline",
      "warn shop/views.py:40 inline",
      "info etl/imports.py:40 info",
    ]);
    expect(result.inline.map((t) => t.finding.range.start.line)).toEqual([14, 10, 40]);
    expect(result.outOfScope.map((f) => f.path)).toEqual(["shop/admin.py"]);
    expect(hasBlockingFinding(result)).toBe(true);
  });

  it("caps inline comments at review.max_comments; block findings take the slots first", () => {
    const targets = [1, 2, 3].map((i) => target({ path: `app/v${i}.py`, line: i })).concat(target({ path: "z.py", line: 9, level: "block" }));
    const result = applyPolicy({ config: config({ max_comments: 2 }), targets });
    expect(result.inScope.map(where)).toEqual([
      "block z.py:9 inline",
      "warn app/v1.py:1 inline",
      "warn app/v2.py:2 overflow",
      "warn app/v3.py:3 overflow",
    ]);
    expect(applyPolicy({ config: config({ max_comments: 0 }), targets }).inline).toEqual([]);
  });

  it("skips fingerprints already commented without spending the cap on them", () => {
    const old = target({ line: 10 });
    const fresh = target({ line: 20 });
    const result = applyPolicy({ config: config({ max_comments: 1 }), targets: [old, fresh], existingMarkers: new Set([old.finding.fingerprint]) });
    expect(result.inScope.map(where)).toEqual(["warn shop/views.py:10 already-commented", "warn shop/views.py:20 inline"]);
  });

  it("sends findings without a commentable line, preview rules and disabled reviews to the check run", () => {
    const targets = [
      target({ line: 5, commentLine: null }),
      target({ line: 6, ruleId: "DJP604", code: "@shared_task" }),
      target({ line: 7 }),
    ];
    expect(applyPolicy({ config: config(), targets, rules: RULE_INFO }).inScope.map(where)).toEqual([
      "warn shop/views.py:5 no-line",
      "warn shop/views.py:6 preview",
      "warn shop/views.py:7 inline",
    ]);
    const draft = applyPolicy({ config: config(), targets, rules: RULE_INFO, reviewEnabled: false });
    expect(draft.inScope.map((t) => t.placement)).toEqual(["review-disabled", "preview", "review-disabled"]);
    expect(draft.inline).toEqual([]);
  });

  it("drops exact duplicates and keeps one comment per fingerprint", () => {
    const a = target({ line: 10, code: "order.customer" });
    const copyAtOtherLine = target({ line: 30, code: "order.customer" });
    const result = applyPolicy({ config: config(), targets: [a, a, copyAtOtherLine] });
    expect(result.duplicatesDropped).toBe(1);
    expect(result.inScope.map(where)).toEqual(["warn shop/views.py:10 inline", "warn shop/views.py:30 duplicate"]);
  });

  it("does not fail on block findings of preview rules", () => {
    const result = applyPolicy({ config: config(), rules: RULE_INFO, targets: [target({ ruleId: "DJP604", level: "block" })] });
    expect(result.inScope[0]?.placement).toBe("preview");
    expect(hasBlockingFinding(result)).toBe(false);
  });

  it("honours the filter mode from config", () => {
    const targets = [target({ line: 1, diff: "added" }), target({ line: 2, diff: "context" }), target({ line: 3, diff: "file", commentLine: null })];
    expect(applyPolicy({ config: config({}, "added"), targets }).outOfScope).toHaveLength(2);
    const byFile = applyPolicy({ config: config({}, "file"), targets });
    expect(byFile.inScope.map((t) => t.placement)).toEqual(["inline", "inline", "no-line"]);
  });
});
