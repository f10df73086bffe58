/**
 * `djperf diff` in a shallow clone (actions/checkout's default fetch-depth 1): a base branch that was
 * not fetched, or history cut off before the merge base, is explained with the fetch that fixes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, makeTempDir, removeTempDir } from "../helpers/git.js";
import { runCli } from "./run-cli.js";

const cleanup: string[] = [];
let origin: string;

beforeAll(() => {
  origin = initRepo({ "manage.py": "import sys\n", "shop/views.py": "def v(qs):\n    return 1\n" });
  commitFiles(origin, { "shop/models.py": "x = 1\n" }, "second on main");
  git(origin, "checkout", "--quiet", "-b", "feature");
  commitFiles(origin, { "shop/views.py": "def v(qs):\n    return qs.all()\n" }, "feature");
  cleanup.push(origin);
});

afterAll(() => cleanup.forEach(removeTempDir));

function shallowClone(): string {
  const dir = makeTempDir("djperf-shallow-");
  cleanup.push(dir);
  git(dir, "clone", "--quiet", "--depth", "1", "--branch", "feature", `file://${origin}`, dir);
  return dir;
}

describe("djperf diff in a shallow clone", () => {
  it("says how to fetch a base branch the clone does not have", async () => {
    const clone = shallowClone();
    const run = await runCli(["diff", "--base", "origin/main"], { cwd: clone });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('djperf: unknown revision "origin/main": this clone does not have it; fetch it first (`git fetch origin main`), or check out with `fetch-depth: 0` (actions/checkout)\n');
  });

  it("explains a merge base cut off by the shallow history, and the fix works", async () => {
    const clone = shallowClone();
    git(clone, "fetch", "--quiet", "--depth", "1", "origin", "main:refs/remotes/origin/main");
    const run = await runCli(["diff", "--base", "origin/main"], { cwd: clone });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no common ancestor between "origin/main" and "HEAD" in this shallow clone');
    expect(run.stderr).toContain("`git fetch --unshallow`");
    expect(run.stderr).toContain("`fetch-depth: 0`");
    git(clone, "fetch", "--quiet", "--unshallow", "origin");
    const fixed = await runCli(["diff", "--base", "origin/main", "--format", "github"], { cwd: clone });
    expect(fixed.stderr).toBe("");
    expect(fixed.stdout).toContain("::error file=shop/views.py,line=2");
  });

  it("keeps the plain message for a misspelt local branch in a full clone", async () => {
    const run = await runCli(["diff", "--base", "feat/typo"], { cwd: origin });
    expect(run.stderr).toBe('djperf: unknown revision "feat/typo"\n');
  });
});
