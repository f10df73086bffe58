import { describe, expect, it } from "vitest";
import { blameByBase } from "../../../src/diff/blame.js";
import type { DiffScope, Finding } from "../../../src/analysis/finding.js";
import type { DiffChanges, FileChanges } from "../../../src/diff/parse.js";
import { finding, span } from "../report/sample.js";

const at = (path: string, line: number, identity: string, diff?: DiffScope): Finding =>
  finding({ path, range: span(line, 1, line, 5), scope: span(line, 1, line, 5), identity, ...(diff ? { diff } : {}) });

function changes(...files: Partial<FileChanges>[]): DiffChanges {
  return new Map(files.map((f) => [f.path!, { status: "modified", added: new Set(), deletionPoints: new Set(), context: new Set(), hunks: [], removed: 0, patchMissing: false, ...f } as FileChanges]));
}

const diffs = (list: Finding[]): (DiffScope | undefined)[] => list.map((f) => f.diff);

describe("blameByBase", () => {
  it("demotes an added finding the base already had in the same file", () => {
    const head = [at("a.py", 10, "X", "added"), at("a.py", 20, "Y", "added")];
    const base = { findings: [at("a.py", 8, "X")], comparedPaths: new Set(["a.py"]) };
    expect(diffs(blameByBase(head, base, changes({ path: "a.py" })))).toEqual(["existing", "added"]);
  });

  it("counts copies: a second identical finding is new, and the untouched one keeps the old identity", () => {
    const head = [at("a.py", 10, "X", "added"), at("a.py", 30, "X", "context")];
    const base = { findings: [at("a.py", 30, "X")], comparedPaths: new Set(["a.py"]) };
    expect(diffs(blameByBase(head, base, changes({ path: "a.py" })))).toEqual(["added", "context"]);
  });

  it("follows renames and moves between changed files", () => {
    const head = [at("new.py", 3, "X", "added"), at("b.py", 4, "Y", "added")];
    const base = { findings: [at("old.py", 3, "X"), at("a.py", 9, "Y")], comparedPaths: new Set(["new.py", "b.py"]) };
    const result = blameByBase(head, base, changes({ path: "new.py", previousPath: "old.py", status: "renamed" }, { path: "b.py", status: "added" }, { path: "a.py" }));
    expect(diffs(result)).toEqual(["existing", "existing"]);
  });

  it("code moved verbatim into another function, or a class renamed around it: the base's finding under its old names", () => {
    const moved = (path: string, line: number, identity: string, diff?: DiffScope): Finding => ({ ...at(path, line, identity, diff), movedIdentity: "M" });
    // The view was renamed (new identity), its flagged line is the same code; the old name is gone at head.
    const renamed = blameByBase([moved("a.py", 12, "X-new", "added")], { findings: [moved("a.py", 10, "X-old")], comparedPaths: new Set(["a.py"]) }, changes({ path: "a.py" }));
    expect(diffs(renamed)).toEqual(["existing"]);
    // Moved out of a view method into a helper of a new module.
    const intoHelper = blameByBase([moved("utils.py", 3, "helper", "added")], { findings: [moved("views.py", 40, "View.get")], comparedPaths: new Set(["utils.py", "views.py"]) }, changes({ path: "utils.py", status: "added" }, { path: "views.py" }));
    expect(diffs(intoHelper)).toEqual(["existing"]);
  });

  it("a copy of old code pasted under new names is new while the old one still stands", () => {
    const moved = (path: string, line: number, identity: string, diff?: DiffScope): Finding => ({ ...at(path, line, identity, diff), movedIdentity: "M" });
    const head = [moved("a.py", 10, "X-old", "context"), moved("a.py", 30, "X-copy", "added")];
    const result = blameByBase(head, { findings: [moved("a.py", 10, "X-old")], comparedPaths: new Set(["a.py"]) }, changes({ path: "a.py" }));
    expect(diffs(result)).toEqual(["context", "added"]);
    // Other flagged code under a new name stays blamed even though an old finding is gone.
    const other = blameByBase([{ ...at("a.py", 12, "X-new", "added"), movedIdentity: "N" }], { findings: [moved("a.py", 10, "X-old")], comparedPaths: new Set(["a.py"]) }, changes({ path: "a.py" }));
    expect(diffs(other)).toEqual(["added"]);
  });

  it("leaves files whose base is unknown as the first cut placed them", () => {
    const head = [at("a.py", 10, "X", "added")];
    const base = { findings: [at("a.py", 10, "X")], comparedPaths: new Set<string>() };
    expect(diffs(blameByBase(head, base, changes({ path: "a.py" })))).toEqual(["added"]);
  });

  it("does not change its input", () => {
    const head = [at("a.py", 10, "X", "added")];
    blameByBase(head, { findings: [at("a.py", 1, "X")], comparedPaths: new Set(["a.py"]) }, changes({ path: "a.py" }));
    expect(head[0]!.diff).toBe("added");
  });
});
