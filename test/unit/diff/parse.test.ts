import { describe, expect, it } from "vitest";
import { changesFromFiles, parsePatchLines, parseUnifiedDiff, splitFileSections, unquoteGitPath } from "../../../src/diff/parse.js";

const sorted = (set: ReadonlySet<number>): number[] => [...set].sort((a, b) => a - b);

describe("parsePatchLines (GitHub's header-less patches)", () => {
  it("finds added, context and deletion lines on the new side", () => {
    // old: a b c d e f g h   new: a B c d X e g h   (b→B, X inserted after d, f removed after e)
    const patch = ["@@ -1,8 +1,8 @@", " a", "-b", "+B", " c", " d", "+X", " e", "-f", " g", " h"].join("\n");
    const lines = parsePatchLines(patch);
    expect(sorted(lines.added)).toEqual([2, 5]);
    expect(sorted(lines.context)).toEqual([1, 3, 4, 6, 7, 8]);
    // "f" stood after new line 6 ("e"); "b" was replaced, so its added line marks it, not a point.
    expect(sorted(lines.deletionPoints)).toEqual([6]);
    expect(lines.hunks).toEqual([{ oldStart: 1, oldLines: 8, newStart: 1, newLines: 8 }]);
  });

  it("puts a deletion-only hunk at the line git names (the one before the removal)", () => {
    // git prints `+9,0` when lines 10-11 are removed and new line 9 precedes them.
    const lines = parsePatchLines(["@@ -10,2 +9,0 @@", "-x = 1", "-y = 2"].join("\n"));
    expect(sorted(lines.deletionPoints)).toEqual([9]);
    expect(lines.added.size).toBe(0);
    expect(lines.context.size).toBe(0);
    expect(lines.hunks).toEqual([{ oldStart: 10, oldLines: 2, newStart: 9, newLines: 0 }]);
  });

  it("puts a removal at the top of the file on line 1", () => {
    const lines = parsePatchLines(["@@ -1,3 +1,2 @@", "-import os", " a", " b"].join("\n"));
    expect(sorted(lines.deletionPoints)).toEqual([1]);
    expect(sorted(lines.context)).toEqual([1, 2]);
  });

  it("puts a removal at the end of a hunk after the last line of the hunk", () => {
    const lines = parsePatchLines(["@@ -4,3 +4,2 @@", " a", " b", "-c"].join("\n"));
    expect(sorted(lines.deletionPoints)).toEqual([5]);
  });

  it("also marks the last code line before blank lines when the removed lines are indented (the end of a block)", () => {
    // A method removed at the end of a class, after its blank separator line: it was inside the class,
    // whose last code line is 2; a top-level removal after blank lines is not attributed backwards.
    const method = ["@@ -1,6 +1,4 @@", " class A:", "     x = 1", " ", "-    def f(self):", "-        return 1", " ", " class B:"].join("\n");
    expect(sorted(parsePatchLines(method).deletionPoints)).toEqual([2, 3]);
    const topLevel = ["@@ -1,6 +1,4 @@", " class A:", "     x = 1", " ", "-def f():", "-    return 1", " ", " class B:"].join("\n");
    expect(sorted(parsePatchLines(topLevel).deletionPoints)).toEqual([3]);
  });

  it("ignores `\\ No newline at end of file` markers", () => {
    const patch = ["@@ -1,2 +1,2 @@", " a", "-b", "\\ No newline at end of file", "+c", "\\ No newline at end of file"].join("\n");
    const lines = parsePatchLines(patch);
    expect(sorted(lines.added)).toEqual([2]);
    expect(sorted(lines.context)).toEqual([1]);
    expect(sorted(lines.deletionPoints)).toEqual([]);
  });

  it("reads several hunks", () => {
    const patch = ["@@ -1,2 +1,3 @@", " a", "+b", " c", "@@ -20,2 +21,2 @@", " y", "-z", "+Z"].join("\n");
    const lines = parsePatchLines(patch);
    expect(sorted(lines.added)).toEqual([2, 22]);
    expect(sorted(lines.context)).toEqual([1, 3, 21]);
    expect(lines.hunks.map((h) => h.newStart)).toEqual([1, 21]);
  });

  it("gives empty sets for an empty patch", () => {
    const lines = parsePatchLines("");
    expect(lines.added.size + lines.context.size + lines.deletionPoints.size + lines.hunks.length).toBe(0);
  });
});

const WHOLE_DIFF = `diff --git a/shop/views.py b/shop/views.py
index 1111111..2222222 100644
--- a/shop/views.py
+++ b/shop/views.py
@@ -1,3 +1,4 @@
 import os
+import sys
 x = 1
 y = 2
diff --git a/shop/new.py b/shop/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/shop/new.py
@@ -0,0 +1,2 @@
+a = 1
+b = 2
diff --git a/shop/gone.py b/shop/gone.py
deleted file mode 100644
index 4444444..0000000
--- a/shop/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-z = 1
diff --git a/old/name.py b/new/name.py
similarity index 90%
rename from old/name.py
rename to new/name.py
index 5555555..6666666 100644
--- a/old/name.py
+++ b/new/name.py
@@ -1,2 +1,2 @@
 keep = 1
-old = 2
+new = 2
diff --git a/pure/a.py b/pure/b.py
similarity index 100%
rename from pure/a.py
rename to pure/b.py
diff --git a/logo.png b/logo.png
index 7777777..8888888 100644
Binary files a/logo.png and b/logo.png differ
diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"
index 9999999..aaaaaaa 100644
--- "a/caf\\303\\251.py"
+++ "b/caf\\303\\251.py"
@@ -1 +1 @@
-a
+b
`;

describe("parseUnifiedDiff (git diff output)", () => {
  const files = parseUnifiedDiff(WHOLE_DIFF);
  const byPath = new Map(files.map((f) => [f.path, f]));

  it("lists every file with its status", () => {
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ["shop/views.py", "modified"],
      ["shop/new.py", "added"],
      ["shop/gone.py", "removed"],
      ["new/name.py", "renamed"],
      ["pure/b.py", "renamed"],
      ["logo.png", "modified"],
      ["café.py", "modified"],
    ]);
  });

  it("keeps line sets per file", () => {
    expect(sorted(byPath.get("shop/views.py")!.added)).toEqual([2]);
    expect(sorted(byPath.get("shop/new.py")!.added)).toEqual([1, 2]);
    expect(sorted(byPath.get("new/name.py")!.added)).toEqual([2]);
    expect(sorted(byPath.get("new/name.py")!.deletionPoints)).toEqual([]);
    expect(sorted(byPath.get("shop/gone.py")!.deletionPoints)).toEqual([1]);
  });

  it("records the previous path of renames, with or without edits", () => {
    expect(byPath.get("new/name.py")!.previousPath).toBe("old/name.py");
    expect(byPath.get("pure/b.py")!.previousPath).toBe("pure/a.py");
    expect(byPath.get("pure/b.py")!.hunks).toEqual([]);
    expect(byPath.get("pure/b.py")!.patchMissing).toBe(false);
  });

  it("marks binary files as having no patch", () => {
    expect(byPath.get("logo.png")!.patchMissing).toBe(true);
    expect(byPath.get("shop/views.py")!.patchMissing).toBe(false);
  });

  it("splits sections at diff --git headers only", () => {
    expect(splitFileSections(WHOLE_DIFF)).toHaveLength(7);
    expect(splitFileSections("no header here\n")).toEqual([]);
  });

  it("reads a plain patch without `diff --git` as one file", () => {
    const [file] = parseUnifiedDiff("--- a/x.py\n+++ b/x.py\n@@ -1 +1,2 @@\n a\n+b\n");
    expect(file?.path).toBe("x.py");
    expect(sorted(file!.added)).toEqual([2]);
  });
});

describe("unquoteGitPath", () => {
  it("decodes octal UTF-8 bytes and simple escapes", () => {
    expect(unquoteGitPath("caf\\303\\251.py")).toBe("café.py");
    expect(unquoteGitPath('q\\"uote.py')).toBe('q"uote.py');
    expect(unquoteGitPath("tab\\there.py")).toBe("tab\there.py");
  });

  it("leaves ordinary paths alone, including non-ASCII ones", () => {
    expect(unquoteGitPath("shop/views.py")).toBe("shop/views.py");
    expect(unquoteGitPath("ünï/😀.py")).toBe("ünï/😀.py");
  });
});

describe("changesFromFiles (pulls.listFiles / GitSource)", () => {
  it("keys by new path and parses each patch", () => {
    const changes = changesFromFiles([
      { path: "a.py", status: "modified", patch: "@@ -1,2 +1,2 @@\n x\n-y\n+Y" },
      { path: "b.py", previousPath: "old_b.py", status: "renamed" },
    ]);
    expect(sorted(changes.get("a.py")!.added)).toEqual([2]);
    expect(changes.get("b.py")!.previousPath).toBe("old_b.py");
  });

  it("marks a missing patch as unknown lines, except for renames and removals", () => {
    const changes = changesFromFiles([
      { path: "big.py", status: "modified" },
      { path: "huge_new.py", status: "added" },
      { path: "moved.py", previousPath: "was.py", status: "renamed" },
      { path: "gone.py", status: "removed" },
      { path: "empty_patch.py", status: "added", patch: "" },
    ]);
    expect(changes.get("big.py")!.patchMissing).toBe(true);
    expect(changes.get("huge_new.py")!.patchMissing).toBe(true);
    expect(changes.get("moved.py")!.patchMissing).toBe(false);
    expect(changes.get("gone.py")!.patchMissing).toBe(false);
    expect(changes.get("empty_patch.py")!.patchMissing).toBe(false);
  });
});

describe("blank and comment-only lines", () => {
  it("are commentable context, not changes, when added or removed", () => {
    const patch = ["@@ -1,5 +1,5 @@", " for o in qs:", "+    # a note", "+", "-    # old note", "     o.save()", "-", "     o.items.all()"].join("\n");
    const lines = parsePatchLines(patch);
    expect([...lines.added]).toEqual([]);
    expect([...lines.deletionPoints]).toEqual([]);
    expect([...lines.context].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it("still count when code changes with them", () => {
    const lines = parsePatchLines(["@@ -1,2 +1,2 @@", "-x = 1  # one", "+x = 2  # two", " y = 3"].join("\n"));
    expect([...lines.added]).toEqual([1]);
  });
});
