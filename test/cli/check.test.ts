import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { AnyRule } from "../../src/analysis/rule.js";
import { initRepo, makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { locations, runCli, runCliJson } from "./run-cli.js";
import { ALL_CALL_RULE, PRINT_CALL_RULE } from "./test-rules.js";

const VIEWS = "def orders(qs):\n    for o in qs:\n        print(o)\n    return qs.all()\n";
const LATIN1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]); // name = 'é' in Latin-1
const GENERATED = "x = 1\n".repeat(900_000); // 5.4 MB, over the 1 MB default limit

let project: string;
const cleanup: string[] = [];

beforeAll(() => {
  project = makeTempDir("djperf-project-");
  cleanup.push(project);
  writeFiles(project, {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/views.py": VIEWS,
    "shop/models.py": "class Order:\n    pass\n",
    "shop/tests/test_views.py": "def test(qs):\n    qs.all()\n",
    "shop/binary.py": new Uint8Array([0x70, 0x72, 0x00, 0x01, 0x02]),
    "shop/latin1.py": LATIN1,
    "shop/empty.py": "",
    "shop/generated.py": GENERATED,
    "shop/link.py": { symlinkTo: "views.py" },
    "shop/broken.py": "def broken(:\n    return qs.all()\n",
    "node_modules/pkg/x.py": "qs.all()\n",
    ".venv/lib/site.py": "qs.all()\n",
    "env-custom/pyvenv.cfg": "home = /usr/bin\n",
    "env-custom/lib/y.py": "qs.all()\n",
    "README.md": "qs.all()\n",
  });
});

afterAll(() => cleanup.forEach(removeTempDir));

describe("djperf check", () => {
  it("analyses the whole project from its root and exits 1 on a blocking finding", async () => {
    const run = await runCliJson(["check"], { cwd: project });
    expect(run.code).toBe(1);
    expect(locations(run.report)).toEqual(["shop/broken.py:2 DJP998", "shop/views.py:3 DJP999", "shop/views.py:4 DJP998"]);
  });

  it("skips unreadable files with a diagnostic each, and says where syntax errors are", async () => {
    const { report } = await runCliJson(["check"], { cwd: project });
    const byPath = new Map(report.diagnostics.map((d) => [d.path, d]));
    expect(byPath.get("shop/binary.py")?.message).toMatch(/binary/);
    expect(byPath.get("shop/latin1.py")?.message).toMatch(/UTF-8/);
    expect(byPath.get("shop/generated.py")?.message).toMatch(/5\.\d MB is over the 1\.0 MB limit/);
    expect(byPath.get("shop/link.py")?.message).toBe("skipped: symlink");
    expect(byPath.get("shop/broken.py")).toMatchObject({ kind: "parse-error", line: 1 });
    expect(byPath.has("shop/empty.py")).toBe(false);
  });

  it("does not walk dependencies or virtualenvs, and honours default test excludes", async () => {
    const { report } = await runCliJson(["check"], { cwd: project });
    const paths = [...report.findings.map((f) => f.path), ...report.diagnostics.map((d) => d.path)];
    expect(paths.filter((p) => p !== null && /node_modules|venv|env-custom|tests\//.test(p))).toEqual([]);
  });

  it("reports only under the given paths, with the root found from manage.py", async () => {
    const run = await runCliJson(["check", "views.py"], { cwd: join(project, "shop") });
    expect(locations(run.report)).toEqual(["shop/views.py:3 DJP999", "shop/views.py:4 DJP998"]);
    expect(run.report.stats.files).toBe(1);
  });

  it("takes several paths", async () => {
    const run = await runCliJson(["check", "shop/views.py", "shop/broken.py"], { cwd: project });
    expect(locations(run.report)).toEqual(["shop/broken.py:2 DJP998", "shop/views.py:3 DJP999", "shop/views.py:4 DJP998"]);
  });

  it("prints text with paths as typed from the working directory", async () => {
    const run = await runCli(["check", "shop/views.py", "--no-color"], { cwd: project });
    expect(run.stdout).toContain("shop/views.py:4:12: DJP998 [block] `qs.all()` is called");
    expect(run.stdout).toContain("4 |     return qs.all()");
    expect(run.stdout).not.toContain("\u001b[");
    const fromShop = await runCli(["check", "views.py"], { cwd: join(project, "shop") });
    expect(fromShop.stdout).toContain("../shop/views.py:4:12:");
  });

  it("colours text only when asked or on a terminal", async () => {
    expect((await runCli(["check", "shop/views.py"], { cwd: project, stdoutIsTTY: true })).stdout).toContain("\u001b[");
    expect((await runCli(["check", "shop/views.py"], { cwd: project, stdoutIsTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await runCli(["check", "shop/views.py", "--color"], { cwd: project })).stdout).toContain("\u001b[");
  });

  it("exits 0 on warnings only, 1 with --strict", async () => {
    const only = { cwd: project, rules: [PRINT_CALL_RULE] };
    expect((await runCli(["check", "shop/views.py"], only)).code).toBe(0);
    expect((await runCli(["check", "shop/views.py", "--strict"], only)).code).toBe(1);
    expect((await runCli(["check", "shop/models.py", "--strict"], only)).code).toBe(0);
  });

  it("writes sarif, github and json output", async () => {
    const sarif = await runCli(["check", "shop/views.py", "--format", "sarif"], { cwd: project });
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
    const github = await runCli(["check", "shop/views.py", "--format", "github"], { cwd: project });
    expect(github.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^::warning file=shop\/views.py,line=3,/),
      expect.stringMatching(/^::error file=shop\/views.py,line=4,/),
    ]);
  });
});

describe("djperf check: project roots and paths", () => {
  it("uses the git work tree as the root when there is no manage.py", async () => {
    const repo = initRepo({ "pkg/sub/mod.py": "qs.all()\n", "pkg/other.py": "qs.all()\n" });
    cleanup.push(repo);
    const run = await runCliJson(["check", "."], { cwd: join(repo, "pkg/sub") });
    expect(locations(run.report)).toEqual(["pkg/sub/mod.py:1 DJP998"]);
  });

  it("uses the path itself when there is neither manage.py nor git", async () => {
    const plain = makeTempDir();
    cleanup.push(plain);
    writeFiles(plain, { "a/mod.py": "qs.all()\n" });
    const run = await runCliJson(["check", join(plain, "a")], { cwd: project });
    expect(locations(run.report)).toEqual(["mod.py:1 DJP998"]);
  });

  it("refuses paths outside the project root", async () => {
    const other = makeTempDir();
    cleanup.push(other);
    const run = await runCli(["check", "shop", other], { cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`djperf: ${other} is outside the project root ${project}\n`);
  });

  it("refuses paths that do not exist", async () => {
    const run = await runCli(["check", "nope.py"], { cwd: project });
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: "djperf: no such file or directory: nope.py\n" });
  });
});

describe("djperf check: config", () => {
  it("reads .github/djperf.yml from the project root", async () => {
    const dir = makeTempDir();
    cleanup.push(dir);
    writeFiles(dir, { "manage.py": "", "app/v.py": "qs.all()\n", ".github/djperf.yml": "rules:\n  DJP998: info\n" });
    const run = await runCliJson(["check"], { cwd: dir });
    expect(run.report.findings.map((f) => f.level)).toEqual(["info"]);
    expect(run.code).toBe(0);
  });

  it("warns about an invalid config and uses the defaults", async () => {
    const dir = makeTempDir();
    cleanup.push(dir);
    writeFiles(dir, { "manage.py": "", "app/v.py": "qs.all()\n", "bad.yml": "filter: sometimes\nrulez: {}\n" });
    const run = await runCliJson(["check", "--config", "bad.yml"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.report.findings).toHaveLength(1);
    expect(run.stderr).toContain("djperf: warning: bad.yml: filter:");
    expect(run.stderr).toContain("rulez: unknown key");
  });

  it("warns about a config that is not YAML", async () => {
    const dir = makeTempDir();
    cleanup.push(dir);
    writeFiles(dir, { "manage.py": "", "app/v.py": "qs.all()\n", "bad.yml": "rules: [unclosed\n" });
    const run = await runCliJson(["check", "-c", "bad.yml"], { cwd: dir });
    expect(run.stderr).toMatch(/^djperf: warning: bad\.yml: not valid YAML at line 2, column 1: .*\n {4}2 \| \n/);
    expect(run.report.findings).toHaveLength(1);
  });

  it("fails on a missing config file", async () => {
    const run = await runCli(["check", "--config", "missing.yml"], { cwd: project });
    expect(run).toMatchObject({ code: 2, stderr: "djperf: config file not found: missing.yml\n" });
  });
});

describe("djperf check: long runs and failures", () => {
  it("shows a progress line on a terminal once the run takes a while, and clears it", async () => {
    const dir = makeTempDir();
    cleanup.push(dir);
    writeFiles(dir, Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`m${i}.py`, `v = ${i}\n`])));
    let clock = 0;
    const now = (): number => (clock += 1500); // every reading 1.5 s after the previous one
    const tty = await runCli(["check"], { cwd: dir, stderrIsTTY: true, now });
    expect(tty.stderr).toContain("djperf: analysing 50/120 files");
    expect(tty.stderr.endsWith("\r\u001b[K")).toBe(true);
    const pipe = await runCli(["check"], { cwd: dir, stderrIsTTY: false, now });
    expect(pipe.stderr).toBe("");
    const quick = await runCli(["check"], { cwd: dir, stderrIsTTY: true, now: () => 0 });
    expect(quick.stderr).toBe("");
  });

  it("reports an internal error in one line, with the stack only under DJPERF_DEBUG", async () => {
    const broken = {
      ...ALL_CALL_RULE,
      get target(): never {
        throw new Error("registry exploded\nsecond line");
      },
    } as AnyRule;
    const run = await runCli(["check", "shop/views.py"], { cwd: project, rules: [broken] });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("djperf: internal error: registry exploded (rerun with DJPERF_DEBUG=1 for the stack)\n");
    const debug = await runCli(["check", "shop/views.py"], { cwd: project, rules: [broken], env: { DJPERF_DEBUG: "1" } });
    expect(debug.stderr).toMatch(/^djperf: internal error: registry exploded\nError: registry exploded[\s\S]*\n\s+at /);
  });
});
