/**
 * `.pre-commit-hooks.yaml`: each hook's entry is a djperf command line that works the way pre-commit
 * calls it (the entry, then the staged file names when `pass_filenames` is not false), and the
 * package installs the `djperf` binary the entries name. pre-commit itself is not run: it would
 * download Node.js for its node environment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { findPackageRoot } from "../../src/cli/package-info.js";
import { commitFiles, git, initRepo, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCli } from "./run-cli.js";

interface Hook {
  id: string;
  entry: string;
  language: string;
  types?: string[];
  pass_filenames?: boolean;
  stages?: string[];
  require_serial?: boolean;
}

const root = findPackageRoot();
const hooks = parse(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const hook = (id: string): Hook => hooks.find((h) => h.id === id)!;
/** The argv djperf gets: the entry without the program name, then the file names. */
const argvOf = (h: Hook, files: string[]): string[] => [...h.entry.split(/\s+/).slice(1), ...(h.pass_filenames === false ? [] : files)];

let repo: string;
beforeAll(() => {
  repo = initRepo({ "manage.py": "", "app/views.py": "x = 1\n" });
  git(repo, "branch", "-M", "main");
  git(repo, "update-ref", "refs/remotes/origin/main", "HEAD");
});
afterAll(() => removeTempDir(repo));

describe(".pre-commit-hooks.yaml", () => {
  it("declares node hooks whose entries run the djperf binary the package installs", () => {
    expect(hooks.map((h) => h.id)).toEqual(["djperf", "djperf-diff"]);
    const bin = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> }).bin;
    for (const h of hooks) {
      expect(h.language).toBe("node");
      expect(h.entry.split(/\s+/)[0]).toBe("djperf");
      expect(Object.keys(bin)).toContain("djperf");
    }
    expect(hook("djperf")).toMatchObject({ types: ["python"], require_serial: true });
    expect(hook("djperf-diff")).toMatchObject({ pass_filenames: false, stages: ["pre-push"] });
  });

  it("djperf: fails the commit on a blocking finding in the staged files, passes clean ones", async () => {
    writeFiles(repo, { "app/views.py": "def v(qs):\n    return qs.all()\n", "app/ok.py": "y = 2\n" });
    const bad = await runCli(argvOf(hook("djperf"), ["app/views.py", "app/ok.py"]), { cwd: repo });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("app/views.py:2:12: DJP998 [block]");
    const good = await runCli(argvOf(hook("djperf"), ["app/ok.py"]), { cwd: repo });
    expect(good.code).toBe(0);
  });

  it("djperf-diff: reviews what the branch adds over origin/main before a push", async () => {
    git(repo, "checkout", "--quiet", "-b", "feature");
    commitFiles(repo, { "app/views.py": "def v(qs):\n    return qs.all()\n" }, "feature");
    const run = await runCli(argvOf(hook("djperf-diff"), ["ignored.py"]), { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("app/views.py:2:12: DJP998 [block]");
  });
});
