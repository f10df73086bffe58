import { describe, expect, it } from "vitest";
import { baseTextOf } from "../../../src/diff/reverse-patch.js";
import { commitFiles, git, initRepo, removeTempDir } from "../../helpers/git.js";

/** The patch git prints for base → head, hunks only (GitHub's pulls.listFiles shape). */
function patchOf(base: string, head: string, context = 3): string {
  const repo = initRepo({ "f.py": base });
  try {
    commitFiles(repo, { "f.py": head }, "change");
    const full = git(repo, "diff", `--unified=${context}`, "HEAD~1", "HEAD", "--", "f.py");
    return full.slice(full.indexOf("@@"));
  } finally {
    removeTempDir(repo);
  }
}

const BASE = ["import os", "", "def f(qs):", "    for o in qs:", "        print(o.customer)", "    return 1", "", "X = 1", ""].join("\n");

describe("baseTextOf", () => {
  it.each([
    ["an edit", BASE.replace("print(o.customer)", "print(o.customer.name)")],
    ["an insertion at the top", `# header\n${BASE}`],
    ["a removal at the end", BASE.replace("X = 1\n", "")],
    ["a removal at the top", BASE.replace("import os\n\n", "")],
    ["several hunks", BASE.replace("import os", "import sys").replace("X = 1", "X = 2")],
    ["a re-indent", BASE.replace("        print(o.customer)", "        with lock:\n            print(o.customer)")],
    ["no trailing newline at head", BASE.trimEnd()],
  ])("rebuilds the base after %s", (_what, head) => {
    expect(baseTextOf(head, patchOf(BASE, head))).toBe(BASE);
    expect(baseTextOf(head, patchOf(BASE, head, 0))).toBe(BASE);
  });

  it("rebuilds a removed file from its patch alone and an added one as empty", () => {
    expect(baseTextOf("", patchOf(BASE, ""))).toBe(BASE.trimEnd() + "\n");
    expect(baseTextOf(BASE, patchOf("", BASE))).toBe("");
  });

  it("says unknown when the patch does not fit the head text", () => {
    const head = BASE.replace("return 1", "return 2");
    const patch = patchOf(BASE, head);
    expect(baseTextOf(head.replace("X = 1", "X = 3").replace("    return 2", "    return 9"), patch)).toBeUndefined();
    expect(baseTextOf("short\n", patch)).toBeUndefined();
  });

  it("keeps CRLF line endings of the head on unchanged lines", () => {
    const crlfBase = BASE.replace(/\n/g, "\r\n");
    const crlfHead = crlfBase.replace("return 1", "return 2");
    expect(baseTextOf(crlfHead, patchOf(crlfBase, crlfHead))).toBe(crlfBase);
  });
});
