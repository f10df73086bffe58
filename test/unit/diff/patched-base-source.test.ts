import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PatchedBaseSource } from "../../../src/pipeline/patched-base-source.js";
import { GitRepository } from "../../../src/git/repository.js";
import { GitSource } from "../../../src/git/git-source.js";
import { commitFiles, commitRemoval, git, initRepo, removeTempDir } from "../../helpers/git.js";

let repo: string;
beforeAll(() => {
  repo = initRepo({
    "a.py": "x = 1\ny = 2\nz = 3\n",
    "moved.py": Array.from({ length: 12 }, (_, i) => `v${i} = ${i}`).join("\n") + "\n",
    "gone.py": "def f():\n    return 1\n",
    "same.py": "same = True\n",
  });
  git(repo, "checkout", "--quiet", "-b", "pr");
  git(repo, "mv", "moved.py", "renamed.py");
  commitFiles(repo, { "a.py": "x = 1\ny = 20\nz = 3\nw = 4\n", "renamed.py": Array.from({ length: 12 }, (_, i) => `v${i} = ${i === 5 ? 50 : i}`).join("\n") + "\n", "new.py": "n = 1\n" }, "edit");
  commitRemoval(repo, ["gone.py"], "remove");
});
afterAll(() => removeTempDir(repo));

describe("PatchedBaseSource", () => {
  it("reads the merge base exactly as git has it, from the head and the patches", async () => {
    const repository = await GitRepository.open(repo);
    const head = await repository.resolveCommit("pr");
    const base = await repository.mergeBase(await repository.resolveCommit("main"), head);
    const changed = await repository.changedFiles("main", head);
    const patched = new PatchedBaseSource(new GitSource(repository, head), changed);
    const truth = new GitSource(repository, base);
    expect((await patched.listFiles()).sort()).toEqual((await truth.listFiles()).sort());
    const paths = ["a.py", "moved.py", "gone.py", "same.py"];
    const [got, want] = await Promise.all([patched.readFiles(paths), truth.readFiles(paths)]);
    for (const path of paths) expect(new TextDecoder().decode((got.get(path) as { bytes: Uint8Array }).bytes), path).toBe(new TextDecoder().decode((want.get(path) as { bytes: Uint8Array }).bytes));
    expect((await patched.readFiles(["new.py"])).get("new.py")).toMatchObject({ ok: false });
  });

  it("gives the merge base's blob ids as git has them: the head's for unchanged files, the rebuilt bytes' for changed ones", async () => {
    const repository = await GitRepository.open(repo);
    const head = await repository.resolveCommit("pr");
    const base = await repository.mergeBase(await repository.resolveCommit("main"), head);
    const changed = await repository.changedFiles("main", head);
    const paths = ["a.py", "moved.py", "gone.py", "same.py", "new.py", "renamed.py"];
    const ids = await new PatchedBaseSource(new GitSource(repository, head), changed).blobIds!(paths);
    expect(Object.fromEntries(ids)).toEqual(Object.fromEntries(await new GitSource(repository, base).blobIds(paths)));
    expect([...ids.keys()].sort()).toEqual(["a.py", "gone.py", "moved.py", "same.py"]);
  });

  it("says the base is unknown when a changed file has no patch", async () => {
    const repository = await GitRepository.open(repo);
    const head = await repository.resolveCommit("pr");
    const changed = (await repository.changedFiles("main", head)).map((f) => (f.path === "a.py" ? { path: f.path, status: f.status } : f));
    const read = await new PatchedBaseSource(new GitSource(repository, head), changed).readFiles(["a.py"]);
    expect(read.get("a.py")).toEqual({ ok: false, reason: "skipped: the base version of a.py is unknown (no patch)" });
  });
});
