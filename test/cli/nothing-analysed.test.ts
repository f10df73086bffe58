/** A run that analyses no Python file says so, with the reason, instead of passing as a clean run. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, initRepo, commitFiles, makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCli, runCliJson } from "./run-cli.js";

const cleanup: string[] = [];
let project: string;

beforeAll(() => {
  project = makeTempDir("djperf-nothing-");
  cleanup.push(project);
  writeFiles(project, {
    "manage.py": "import sys\n",
    "docs/index.md": "# docs\n",
    "shop/tests/test_views.py": "def test(qs):\n    qs.all()\n",
    "shop/views.py": "def v(qs):\n    return qs.all()\n",
    "blob/data.py": new Uint8Array([0x70, 0x00, 0x01]),
  });
});

afterAll(() => cleanup.forEach(removeTempDir));

describe("nothing analysed", () => {
  it("warns when the path holds no Python file", async () => {
    const run = await runCliJson(["check", "docs"], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.report.stats.files).toBe(0);
    expect(run.stderr).toContain("djperf: warning: no Python files under docs; nothing was analysed (is the path right?)");
  });

  it("warns when every Python file was excluded, naming why", async () => {
    const run = await runCli(["check", "shop/tests"], { cwd: project });
    expect(run.stderr).toContain("djperf: 1 Python file not analysed (1 tests)");
    expect(run.stderr).toContain("nothing was analysed: of the Python files under shop/tests, 1 excluded (see above)");
  });

  it("counts unreadable files as skipped, not analysed", async () => {
    const run = await runCliJson(["check", "blob"], { cwd: project });
    expect(run.report.stats).toMatchObject({ files: 0, skipped: 1 });
    expect(run.stderr).toContain("1 not readable as source");
  });

  it("stays quiet when something was analysed", async () => {
    const run = await runCli(["check", "shop"], { cwd: project });
    expect(run.stderr).not.toContain("nothing was analysed");
  });

  it("diff: says when the change has no Python file", async () => {
    const repo = initRepo({ "app.py": "x = 1\n" });
    cleanup.push(repo);
    git(repo, "branch", "base");
    commitFiles(repo, { "web/app.js": "1;\n" }, "js only");
    const run = await runCli(["diff", "--base", "base"], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("djperf: no Python files changed; nothing to analyse");
  });
});
