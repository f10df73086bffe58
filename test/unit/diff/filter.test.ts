import { describe, expect, it } from "vitest";
import { commentLineFor, diffScopeOf, filterByDiff } from "../../../src/diff/filter.js";
import { changesFromFiles } from "../../../src/diff/parse.js";
import type { Finding } from "../../../src/analysis/finding.js";
import type { FilterMode } from "../../../src/config/schema.js";

/** A finding shown on `line` whose scope spans `scope` (whole lines). */
function finding(path: string, line: number, scope: [number, number] = [line, line]): Finding {
  return {
    ruleId: "DJP998",
    ruleName: "test-rule",
    level: "warn",
    messageId: "m",
    message: "m",
    path,
    range: { start: { line, column: 5 }, end: { line, column: 20 } },
    scope: { start: { line: scope[0], column: 1 }, end: { line: scope[1], column: 30 } },
    related: [],
    fingerprint: `${path}:${line}`,
    identity: `${path}:${line}`,
  };
}

// views.py, new side: 1-4 context, 5 added, 6-8 context | 20-22 context with lines removed after 21.
const VIEWS_PATCH = [
  "@@ -1,7 +1,8 @@",
  " l1", " l2", " l3", " l4",
  "+l5",
  " l6", " l7", " l8",
  "@@ -20,4 +21,2 @@",
  " l21", " l22",
  "-gone1", "-gone2",
].join("\n");

const changes = changesFromFiles([
  { path: "views.py", status: "modified", patch: VIEWS_PATCH },
  { path: "untouched_lines.py", status: "renamed", previousPath: "old.py", patch: "" },
  { path: "huge_new.py", status: "added" },
  { path: "huge_changed.py", status: "modified" },
  { path: "removed.py", status: "removed" },
]);

describe("diffScopeOf", () => {
  it("is added when the scope holds an added line, even if the finding's own line is not changed", () => {
    expect(diffScopeOf(finding("views.py", 5), changes.get("views.py"))).toBe("added");
    expect(diffScopeOf(finding("views.py", 2, [2, 6]), changes.get("views.py"))).toBe("added");
  });

  it("is added when the scope holds a deletion point (a removed line made the problem)", () => {
    expect(diffScopeOf(finding("views.py", 20, [20, 23]), changes.get("views.py"))).toBe("added");
    expect(diffScopeOf(finding("views.py", 22), changes.get("views.py"))).toBe("added");
  });

  it("is context when the scope only meets a hunk's unchanged lines", () => {
    expect(diffScopeOf(finding("views.py", 7, [7, 12]), changes.get("views.py"))).toBe("context");
    expect(diffScopeOf(finding("views.py", 21), changes.get("views.py"))).toBe("context");
  });

  it("is file when the file changed elsewhere, outside when it did not change", () => {
    expect(diffScopeOf(finding("views.py", 15, [14, 16]), changes.get("views.py"))).toBe("file");
    expect(diffScopeOf(finding("untouched_lines.py", 3), changes.get("untouched_lines.py"))).toBe("file");
    expect(diffScopeOf(finding("other.py", 3), changes.get("other.py"))).toBe("outside");
    expect(diffScopeOf(finding("removed.py", 3), changes.get("removed.py"))).toBe("outside");
  });

  it("treats a new file without a patch as added everywhere and a modified one as unknown lines", () => {
    expect(diffScopeOf(finding("huge_new.py", 300), changes.get("huge_new.py"))).toBe("added");
    expect(diffScopeOf(finding("huge_changed.py", 3), changes.get("huge_changed.py"))).toBe("file");
  });

  it("counts the range too when a rule reports outside its scope", () => {
    const f = { ...finding("views.py", 5, [1, 2]) };
    expect(diffScopeOf(f, changes.get("views.py"))).toBe("added");
  });
});

describe("filterByDiff", () => {
  const findings = [
    finding("views.py", 5), // added
    finding("views.py", 7, [7, 12]), // context
    finding("views.py", 15), // file
    finding("other.py", 1), // outside
  ];
  const keptBy = (mode: FilterMode): number[] => filterByDiff(findings, changes, mode).inScope.map((f) => findings.findIndex((g) => g.fingerprint === f.fingerprint));

  it("keeps per mode: added ⊂ context ⊂ file ⊂ all", () => {
    expect(keptBy("added")).toEqual([0]);
    expect(keptBy("context")).toEqual([0, 1]);
    expect(keptBy("file")).toEqual([0, 1, 2]);
    expect(keptBy("all")).toEqual([0, 1, 2, 3]);
  });

  it("defaults to added", () => {
    expect(filterByDiff(findings, changes).inScope).toHaveLength(1);
  });

  it("annotates every finding and loses none", () => {
    const { inScope, outOfScope } = filterByDiff(findings, changes, "added");
    expect([...inScope, ...outOfScope].map((f) => f.diff).sort()).toEqual(["added", "context", "file", "outside"]);
    expect(inScope.length + outOfScope.length).toBe(findings.length);
    expect(findings.every((f) => f.diff === undefined)).toBe(true); // inputs are not mutated
  });
});

describe("commentLineFor", () => {
  const views = changes.get("views.py");

  it("uses the finding's own line when it is added or context", () => {
    expect(commentLineFor(finding("views.py", 5), views)).toBe(5);
    expect(commentLineFor(finding("views.py", 3, [1, 8]), views)).toBe(3);
  });

  it("moves to the nearest added line of the scope, before any context line", () => {
    expect(commentLineFor(finding("views.py", 12, [2, 12]), views)).toBe(5);
  });

  it("moves to the nearest context line of the scope when it has no added line", () => {
    expect(commentLineFor(finding("views.py", 19, [17, 24]), views)).toBe(21);
    expect(commentLineFor(finding("views.py", 10, [6, 12]), views)).toBe(8);
  });

  it("breaks ties towards the earlier line", () => {
    // Context lines 1 and 9 only: a finding shown on 5 is four lines from each.
    const tie = changesFromFiles([{ path: "tie.py", status: "modified", patch: "@@ -1 +1 @@\n a\n@@ -9 +9 @@\n b" }]).get("tie.py");
    expect(commentLineFor(finding("tie.py", 5, [1, 9]), tie)).toBe(1);
    expect(commentLineFor(finding("tie.py", 6, [1, 9]), tie)).toBe(9);
  });

  it("gives none when no line of the scope is in a hunk or the patch is missing", () => {
    expect(commentLineFor(finding("views.py", 15, [14, 16]), views)).toBeUndefined();
    expect(commentLineFor(finding("other.py", 1), undefined)).toBeUndefined();
    expect(commentLineFor(finding("huge_new.py", 1), changes.get("huge_new.py"))).toBeUndefined();
  });
});

describe("causes: a change to the construct that causes the finding", () => {
  const withCause = (line: number, cause: [number, number]): Finding => ({
    ...finding("views.py", line, [line, line + 1]),
    causes: [{ start: { line: cause[0], column: 1 }, end: { line: cause[1], column: 10 } }],
  });

  it("blames the PR when only the cause changed (a deleted select_related above the loop)", () => {
    // Loop at 14-15 is untouched; its QuerySet definition at 21-22 lost lines.
    expect(diffScopeOf(withCause(14, [21, 22]), changes.get("views.py"))).toBe("added");
    expect(diffScopeOf(withCause(14, [4, 5]), changes.get("views.py"))).toBe("added");
    expect(diffScopeOf(withCause(14, [30, 31]), changes.get("views.py"))).toBe("file");
  });

  it("puts the comment on the changed cause when the finding's own lines are not in a hunk", () => {
    expect(commentLineFor(withCause(14, [4, 5]), changes.get("views.py"))).toBe(5);
    expect(commentLineFor(withCause(14, [30, 31]), changes.get("views.py"))).toBeUndefined();
  });
});
