import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unifiedDiff } from "../../../src/cli/unified-diff.js";

/** Applies our diff with `git apply` to the old text and checks it yields the new one. */
function appliesCleanly(before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), "djperf-ud-"));
  try {
    writeFileSync(join(dir, "f.py"), before);
    writeFileSync(join(dir, "p.diff"), unifiedDiff("f.py", before, after));
    execFileSync("git", ["apply", "p.diff"], { cwd: dir, stdio: "pipe" });
    return execFileSync("cat", ["f.py"], { cwd: dir, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => expect(unifiedDiff("f.py", "a\n", "a\n")).toBe(""));

  it("gives one hunk with context for one changed line", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
    expect(unifiedDiff("f.py", before, before.replace("5", "five"))).toBe("--- a/f.py\n+++ b/f.py\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  });

  it("keeps distant changes in separate hunks that git applies", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const before = `${lines.join("\n")}\n`;
    const after = before.replace("line 2\n", "line 2\nadded\n").replace("line 30\n", "").replace("line 38", "changed 38");
    const diff = unifiedDiff("f.py", before, after);
    expect(diff.match(/^@@/gm)).toHaveLength(3);
    expect(appliesCleanly(before, after)).toBe(after);
  });
});
