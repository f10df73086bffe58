/**
 * Baselines: `djperf baseline` records today's findings; `check` / `diff --baseline FILE` (or the
 * config's `baseline:`) then report only new ones, matched by identity so moved and reformatted code
 * stays baselined.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, git, initRepo, removeTempDir, writeFiles } from "../helpers/git.js";
import { locations, runCli, runCliJson } from "./run-cli.js";

const OLD = "def old(qs):\n    for o in qs:\n        print(o)\n    return qs.all()\n";

let repo: string;
beforeEach(() => {
  repo = initRepo({ "backend/manage.py": "", "backend/app/views.py": OLD });
});
afterEach(() => removeTempDir(repo));

describe("baseline", () => {
  it("djperf baseline writes the findings with repository paths; check --baseline then shows none", async () => {
    const write = await runCli(["baseline", "backend"], { cwd: repo });
    expect(write).toMatchObject({ code: 0, stdout: "" });
    expect(write.stderr).toContain("djperf: wrote 2 findings to the baseline .djperf-baseline.json");
    const file = JSON.parse(readFileSync(join(repo, ".djperf-baseline.json"), "utf8")) as { entries: { rule: string; path: string }[] };
    expect(file.entries.map((e) => `${e.path} ${e.rule}`)).toEqual(["backend/app/views.py DJP998", "backend/app/views.py DJP999"]);
    const run = await runCliJson(["check", "backend", "--baseline", ".djperf-baseline.json"], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
    expect(run.stderr).toContain("djperf: 2 findings recorded in the baseline .djperf-baseline.json not shown");
  });

  it("keeps moved and reformatted code baselined and reports new findings", async () => {
    await runCli(["check", "backend", "--baseline", "b.json"], { cwd: repo }); // a missing file is written
    expect(existsSync(join(repo, "b.json"))).toBe(true);
    writeFiles(repo, {
      "backend/app/views.py": "import os\n\n\ndef old(qs):\n    for o in qs:\n        print( o )\n    return qs.all( )\n",
      "backend/app/new.py": "def new(qs):\n    return qs.all()\n",
    });
    const run = await runCliJson(["check", "backend", "--baseline", "b.json"], { cwd: repo });
    expect(locations(run.report)).toEqual(["backend/app/new.py:2 DJP998"]);
    expect(run.code).toBe(1);
  });

  it("counts copies: a second copy of a baselined finding is new", async () => {
    await runCli(["baseline", "backend"], { cwd: repo });
    writeFiles(repo, { "backend/app/views.py": `${OLD}\n\ndef old(qs):\n    return qs.all()\n` });
    const run = await runCliJson(["check", "backend", "--baseline", ".djperf-baseline.json"], { cwd: repo });
    expect(run.report.findings.map((f) => f.rule)).toEqual(["DJP998"]);
  });

  it("applies to diff, from --baseline or from the config's baseline: at head", async () => {
    git(repo, "branch", "base");
    await runCli(["baseline", "backend", "--baseline", "backend/.djperf-baseline.json"], { cwd: repo });
    // The change moves the old function into another file (not new) and adds one finding (new).
    commitFiles(
      repo,
      {
        "backend/app/views.py": "x = 1\n",
        "backend/app/moved.py": OLD,
        "backend/app/other.py": "def f(qs):\n    return qs.all()\n",
        ".github/djperf.yml": "baseline: backend/.djperf-baseline.json\nfilter: file\n",
      },
      "move and add",
    );
    const without = await runCliJson(["diff", "--base", "base", "--filter", "file", "--config", "/dev/null"], { cwd: repo });
    expect(locations(without.report)).toContain("backend/app/moved.py:4 DJP998");
    const fromFlag = await runCliJson(["diff", "--base", "base", "--baseline", "backend/.djperf-baseline.json", "--filter", "file"], { cwd: repo });
    expect(locations(fromFlag.report)).toEqual(["backend/app/other.py:2 DJP998"]);
    const fromConfig = await runCliJson(["diff", "--base", "base"], { cwd: repo });
    expect(locations(fromConfig.report)).toEqual(["backend/app/other.py:2 DJP998"]);
    expect(fromConfig.stderr).toContain("recorded in the baseline backend/.djperf-baseline.json not shown");
  });

  it("rejects a file that is not a baseline", async () => {
    writeFiles(repo, { "bad.json": "[1, 2]" });
    const run = await runCli(["check", "backend", "--baseline", "bad.json"], { cwd: repo });
    expect(run).toMatchObject({ code: 2, stderr: "djperf: baseline bad.json is not a djperf baseline of version 1; write it again with `djperf baseline`\n" });
  });
});
