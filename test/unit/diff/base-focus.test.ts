import { describe, expect, it } from "vitest";
import { filesCodeMovedFrom, filesOfAddedFindings, lostLines } from "../../../src/diff/base-focus.js";
import { changesFromFiles, parsePatchLines } from "../../../src/diff/parse.js";
import type { DiffScope, Finding } from "../../../src/analysis/finding.js";
import { finding, span } from "../report/sample.js";

const at = (path: string, ruleId: string, diff: DiffScope): Finding => finding({ path, ruleId, range: span(3, 1, 3, 5), scope: span(3, 1, 3, 5), identity: `${ruleId}:${path}`, diff });

const ONLY_ADDED = "@@ -1,2 +1,4 @@\n a = 1\n+b = 2\n+c = 3\n d = 4\n";
const REPLACED = "@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n";
const BLANK_REMOVED = "@@ -1,3 +1,2 @@\n a = 1\n-\n b = 2\n";

describe("which changed files lost lines (where code could have moved from)", () => {
  it("counts removed and replaced lines, blank ones included, and nothing for a patch that only adds", () => {
    expect(parsePatchLines(ONLY_ADDED).removed).toBe(0);
    expect(parsePatchLines(REPLACED).removed).toBe(1);
    expect(parsePatchLines(BLANK_REMOVED).removed).toBe(1);
  });

  it("a removed file and a file without a patch may have lost code; a pure rename and an addition-only patch did not", () => {
    const changes = changesFromFiles([
      { path: "grows.py", status: "modified", patch: ONLY_ADDED },
      { path: "edits.py", status: "modified", patch: REPLACED },
      { path: "gone.py", status: "removed" },
      { path: "big.py", status: "modified" },
      { path: "new/name.py", previousPath: "old/name.py", status: "renamed" },
    ]);
    const lost = [...changes.values()].filter((f) => lostLines(f)).map((f) => f.path);
    expect(lost).toEqual(["edits.py", "gone.py", "big.py"]);
  });
});

describe("the base's focus", () => {
  const baseOf = new Map([["a.py", "a.py"], ["old/b.py", "b.py"], ["c.py", "c.py"], ["d.py", "d.py"]]);

  it("first the base paths of files holding an added finding, with the rules of every added finding", () => {
    const placed = [at("b.py", "DJP101", "added"), at("a.py", "DJP103", "context"), at("new.py", "DJP504", "added")];
    expect(filesOfAddedFindings(placed, baseOf)).toEqual({ paths: ["old/b.py"], ruleIds: ["DJP101", "DJP504"] });
  });

  it("then, only for unmatched findings, the files not analysed yet that lost lines, with those findings' rules", () => {
    const changes = changesFromFiles([
      { path: "a.py", status: "modified", patch: REPLACED },
      { path: "b.py", previousPath: "old/b.py", status: "renamed", patch: REPLACED },
      { path: "c.py", status: "modified", patch: ONLY_ADDED },
      { path: "d.py", status: "removed" },
    ]);
    expect(filesCodeMovedFrom([], baseOf, changes, new Set())).toEqual({ paths: [], ruleIds: [] });
    expect(filesCodeMovedFrom([at("b.py", "DJP101", "added")], baseOf, changes, new Set(["old/b.py"]))).toEqual({ paths: ["a.py", "d.py"], ruleIds: ["DJP101"] });
  });
});
