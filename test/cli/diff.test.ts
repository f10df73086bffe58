import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneBare, commitFiles, commitRemoval, git, initRepo, makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { locations, runCli, runCliJson } from "./run-cli.js";

const VIEWS_BASE = [
  "def listing(qs):",
  "    for o in qs:",
  "        print(o)",
  "    return qs.all()",
  "",
  "",
  "def loop(qs):",
  "    for o in qs:",
  "        o.save()",
  "        o.refresh()",
  "        o.items.all()",
  "    return qs.all()",
  "",
  "",
  "def near(qs):",
  "    pass",
  "",
  "",
  "",
  "",
  "",
  "END = 1",
  "",
].join("\n");

// Removes `o.refresh()` (a deletion inside the loop, not on the flagged `.all()` line nor the loop
// header: it does not make the change the cause of that finding) and appends a function.
const VIEWS_HEAD =
  VIEWS_BASE.replace("        o.refresh()\n", "") + "\n\ndef added(qs):\n    return qs.filter(x=1).all()\n";

const MOVED = Array.from({ length: 20 }, (_, i) => (i === 2 ? "old = qs.all()" : `v${i} = ${i}`)).join("\n") + "\n";

let repo: string;
let bare: string;
const cleanup: string[] = [];

beforeAll(() => {
  repo = initRepo({
    "manage.py": "",
    "shop/views.py": VIEWS_BASE,
    "shop/models.py": "X = qs.all()\nY = 1\n",
    "shop/moved.py": MOVED,
    "shop/old.py": "def old():\n    qs.all()\n",
    "shop/tests/test_v.py": "x = 1\n",
    "README.md": "hello\n",
  });
  git(repo, "checkout", "--quiet", "-b", "feature");
  commitFiles(
    repo,
    {
      "shop/views.py": VIEWS_HEAD,
      "shop/new.py": "print(1)\n",
      "shop/migrations/0002_more.py": "x = 1\nprint(x)\n",
      "shop/tests/test_v.py": "qs.all()\n",
      "README.md": "hello qs.all()\n",
    },
    "feature work",
  );
  git(repo, "mv", "shop/moved.py", "shop/renamed.py");
  commitFiles(repo, { "shop/renamed.py": MOVED.replace("v15 = 15", "v15 = qs.all()") }, "rename with an edit");
  commitRemoval(repo, ["shop/old.py"], "remove old");
  // After the branch point main drops models.py's .all(): a two-dot diff would count it as feature's change.
  git(repo, "checkout", "--quiet", "main");
  commitFiles(repo, { "shop/models.py": "Y = 1\n" }, "main moves on");
  git(repo, "checkout", "--quiet", "-b", "feature-config", "feature");
  commitFiles(repo, { ".github/djperf.yml": "filter: context\n" }, "config");
  git(repo, "checkout", "--quiet", "-b", "feature-bad-config", "feature");
  commitFiles(repo, { ".github/djperf.yml": "filter: 42\nrules: {DJP998: off}\n" }, "bad config");
  git(repo, "checkout", "--quiet", "feature");
  bare = cloneBare(repo);
  cleanup.push(repo, bare);
});

afterAll(() => cleanup.forEach(removeTempDir));

const ADDED = [
  "shop/migrations/0002_more.py:2 DJP999",
  "shop/new.py:1 DJP999",
  "shop/renamed.py:16 DJP998",
  "shop/views.py:25 DJP998",
];

describe("djperf diff", () => {
  it("reports only findings the change caused, from a bare clone", async () => {
    const run = await runCliJson(["diff", "--repo", bare, "--base", "main", "--head", "feature"], { cwd: makeTempDirFor() });
    expect(run.code).toBe(1);
    expect(locations(run.report)).toEqual(ADDED);
    expect(run.report.findings.every((f) => f.diff === "added")).toBe(true);
    expect(run.stderr).toBe(
      "djperf: 1 Python file not analysed (1 tests); `paths.default_excludes: false` analyses the default ones\n" +
        "djperf: 5 findings in changed files but outside the change (--filter added) not shown; --filter all shows them\n",
    );
  });

  it("gives the same answer from the work tree, ignoring uncommitted edits", async () => {
    writeFiles(repo, { "shop/views.py": "def dirty(qs):\n    return qs.all()\n" });
    try {
      const run = await runCliJson(["diff", "--base", "main"], { cwd: repo });
      expect(locations(run.report)).toEqual(ADDED);
    } finally {
      git(repo, "checkout", "--quiet", "--", "shop/views.py");
    }
  });

  it("widens with --filter context, file and all, annotating each finding", async () => {
    const base = ["diff", "--repo", bare, "--base", "main", "--head", "feature"];
    const context = await runCliJson([...base, "--filter", "context"], { cwd: bare });
    expect(context.report.findings.filter((f) => f.diff === "context").map((f) => `${f.path}:${f.line}`)).toEqual(["shop/views.py:10", "shop/views.py:11"]);
    const file = await runCliJson([...base, "--filter", "file"], { cwd: bare });
    expect(file.report.findings.filter((f) => f.diff === "file").map((f) => `${f.path}:${f.line}`)).toEqual([
      "shop/renamed.py:3",
      "shop/views.py:3",
      "shop/views.py:4",
    ]);
    const all = await runCliJson([...base, "--filter", "all"], { cwd: bare });
    expect(all.report.findings).toHaveLength(9);
    expect(all.stderr).toBe("djperf: 1 Python file not analysed (1 tests); `paths.default_excludes: false` analyses the default ones\n");
  });

  it("never analyses files the change did not touch (merge-base comparison)", async () => {
    const all = await runCliJson(["diff", "--repo", bare, "--base", "main", "--head", "feature", "--filter", "all"], { cwd: bare });
    const paths = new Set(all.report.findings.map((f) => f.path));
    expect(paths.has("shop/models.py")).toBe(false);
    expect(paths.has("shop/tests/test_v.py")).toBe(false);
    expect(all.report.stats.files).toBe(4); // views, new, migration, renamed
  });

  it("restricts to --paths and positional paths", async () => {
    const base = ["diff", "--repo", bare, "--base", "main", "--head", "feature"];
    expect(locations((await runCliJson([...base, "--paths", "./shop/migrations/"], { cwd: bare })).report)).toEqual([ADDED[0]]);
    const two = await runCliJson([...base, "--paths", "shop/new.py", "shop/renamed.py"], { cwd: bare });
    expect(locations(two.report)).toEqual([ADDED[1], ADDED[2]]);
  });

  it("takes the filter from .github/djperf.yml at head, and --filter over it", async () => {
    const run = await runCliJson(["diff", "--repo", bare, "--base", "main", "--head", "feature-config"], { cwd: bare });
    expect(run.report.findings.map((f) => f.diff)).toContain("context");
    const flag = await runCliJson(["diff", "--repo", bare, "--base", "main", "--head", "feature-config", "--filter", "added"], { cwd: bare });
    expect(locations(flag.report)).toEqual(ADDED);
  });

  it("warns about an invalid config at head and keeps its valid parts", async () => {
    const run = await runCliJson(["diff", "--repo", bare, "--base", "main", "--head", "feature-bad-config"], { cwd: bare });
    expect(run.stderr).toContain("djperf: warning: .github/djperf.yml: filter:");
    expect(locations(run.report)).toEqual(ADDED.filter((l) => l.endsWith("DJP999")));
  });

  it("prints text with work-tree paths, and exits 0 when nothing is in scope", async () => {
    const text = await runCli(["diff", "--repo", repo, "--base", "main", "--head", "feature", "--paths", "shop/new.py"], { cwd: repo });
    expect(text.stdout).toContain("shop/new.py:1:1: DJP999 [warn] print is called");
    expect(text.code).toBe(0);
    const none = await runCli(["diff", "--repo", bare, "--base", "feature", "--head", "feature"], { cwd: bare });
    expect(none).toMatchObject({ code: 0, stderr: "djperf: no Python files changed; nothing to analyse\n" });
    expect(none.stdout).toContain("No findings in 0 files.");
  });
});

describe("djperf diff: bad input", () => {
  it("names an unknown revision", async () => {
    const run = await runCli(["diff", "--repo", bare, "--base", "main", "--head", "xyz"], { cwd: bare });
    expect(run).toEqual({ code: 2, stdout: "", stderr: 'djperf: unknown revision "xyz"\n' });
  });

  it("says when the folder is not a git repository", async () => {
    const dir = makeTempDirFor();
    const run = await runCli(["diff", "--repo", dir, "--base", "main"], { cwd: dir });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `djperf: not a git repository: ${dir}\n` });
  });

  it("needs --base", async () => {
    const run = await runCli(["diff", "--repo", bare], { cwd: bare });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^djperf: diff needs --base REF/);
  });

  it("reports changed files it cannot analyse, and analyses the rest", async () => {
    const dir = initRepo({ "manage.py": "", "app/ok.py": "x = 1\n" });
    cleanup.push(dir);
    git(dir, "checkout", "--quiet", "-b", "messy");
    commitFiles(
      dir,
      {
        "app/ok.py": "x = 1\ny = qs.all()\n",
        "app/binary.py": new Uint8Array([0x00, 0x01, 0x02, 0x03]),
        "app/latin1.py": new Uint8Array([0x73, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]),
        "app/empty.py": "",
        "app/generated.py": "x = 1\n".repeat(900_000),
        "app/link.py": { symlinkTo: "ok.py" },
        "app/broken.py": "def f(:\n    return qs.all()\n",
      },
      "messy files",
    );
    const run = await runCliJson(["diff", "--repo", dir, "--base", "main", "--head", "messy"], { cwd: dir });
    expect(locations(run.report)).toEqual(["app/broken.py:2 DJP998", "app/ok.py:2 DJP998"]);
    const reasons = Object.fromEntries(run.report.diagnostics.map((d) => [d.path, d.kind === "parse-error" ? "parse-error" : d.message]));
    expect(reasons).toEqual({
      "app/binary.py": "skipped: binary file (contains a NUL byte)",
      "app/latin1.py": "skipped: not valid UTF-8 text",
      "app/generated.py": expect.stringMatching(/^skipped: 5\.\d MB is over the 1\.0 MB limit/),
      "app/link.py": "skipped: symlink",
      "app/broken.py": "parse-error",
    });
  });

  it("stops at the byte budget (analysis.max_review_bytes), says so, and lists the files not analysed", async () => {
    const dir = initRepo({ "manage.py": "", "app/__init__.py": "" });
    cleanup.push(dir);
    git(dir, "checkout", "--quiet", "-b", "large");
    const module = (n: number) => `def report_${n}(qs):\n    return qs.all()\n`;
    const files = Object.fromEntries([1, 2, 3, 4].map((n) => [`app/r${n}.py`, module(n)]));
    const budget = 2 * new TextEncoder().encode(module(1)).byteLength;
    // A test file changes too: excluded by default, it costs nothing from the budget.
    commitFiles(dir, { ...files, "app/tests/test_r.py": "x = qs.all()\n".repeat(100), ".github/djperf.yml": `analysis:\n  max_review_bytes: ${budget}\n` }, "four reports");
    const run = await runCliJson(["diff", "--repo", dir, "--base", "main", "--head", "large"], { cwd: dir });
    expect(locations(run.report)).toEqual(["app/r1.py:2 DJP998", "app/r2.py:2 DJP998"]);
    expect(run.report.stats.files).toBe(2);
    expect(run.stderr).toContain(`djperf: analysed 2 of 4 changed Python files: byte budget of ${budget} bytes reached (\`analysis.max_review_bytes: ${budget}\`); the other 2 were not checked.\n`);
    expect(run.report.diagnostics.filter((d) => d.kind === "skipped").map((d) => [d.path, d.message])).toEqual([
      ["app/r3.py", "not analysed: the review's byte budget (analysis.max_review_bytes) was reached"],
      ["app/r4.py", "not analysed: the review's byte budget (analysis.max_review_bytes) was reached"],
    ]);
    // Without the budget, all four are analysed.
    const defaults = makeTempDirFor();
    writeFiles(defaults, { "djperf.yml": "filter: added\n" });
    const all = await runCliJson(["diff", "--repo", dir, "--base", "main", "--head", "large", "--config", `${defaults}/djperf.yml`], { cwd: dir });
    expect(all.report.stats.files).toBe(4);
    expect(all.stderr).not.toContain("byte budget");
  });

  it("refuses paths that leave the repository", async () => {
    const run = await runCli(["diff", "--repo", bare, "--base", "main", "--paths", "../x"], { cwd: bare });
    expect(run).toMatchObject({ code: 2, stderr: "djperf: --paths takes repository-relative paths, not ../x\n" });
  });
});

function makeTempDirFor(): string {
  const dir = makeTempDir();
  cleanup.push(dir);
  return dir;
}
