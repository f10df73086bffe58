/** `--select` / `--ignore`: rules chosen by id, prefix or name, over the config file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { runCli, runCliJson } from "./run-cli.js";

let repo: string;

beforeAll(() => {
  repo = initRepo({ "manage.py": "", "app/v.py": "x = 1\n", ".github/djperf.yml": "rules:\n  DJP9*: warn\n" });
  git(repo, "branch", "base");
  commitFiles(repo, { "app/v.py": "def f(qs):\n    print(qs)\n    return qs.all()\n" }, "change");
});

afterAll(() => removeTempDir(repo));

const rulesOf = (report: { findings: { rule: string }[] }): string[] => report.findings.map((f) => f.rule);

describe("--select and --ignore", () => {
  it("run only the selected rules, by id, prefix or name", async () => {
    expect(rulesOf((await runCliJson(["check"], { cwd: repo })).report)).toEqual(["DJP999", "DJP998"]);
    expect(rulesOf((await runCliJson(["check", "--select", "DJP998"], { cwd: repo })).report)).toEqual(["DJP998"]);
    expect(rulesOf((await runCliJson(["check", "--select", "print-call"], { cwd: repo })).report)).toEqual(["DJP999"]);
    expect(rulesOf((await runCliJson(["check", "--select", "DJP9"], { cwd: repo })).report)).toEqual(["DJP999", "DJP998"]);
    expect(rulesOf((await runCliJson(["check", "--select", "DJP998,DJP999"], { cwd: repo })).report)).toEqual(["DJP999", "DJP998"]);
  });

  it("leave out the ignored rules, also after --select, in check and diff", async () => {
    expect(rulesOf((await runCliJson(["check", "--ignore", "DJP999"], { cwd: repo })).report)).toEqual(["DJP998"]);
    expect(rulesOf((await runCliJson(["check", "--select", "DJP9*", "--ignore", "all-call"], { cwd: repo })).report)).toEqual(["DJP999"]);
    expect(rulesOf((await runCliJson(["diff", "--base", "base", "--ignore", "DJP998"], { cwd: repo })).report)).toEqual(["DJP999"]);
  });

  it("reject a selector that matches no rule", async () => {
    const run = await runCli(["check", "--select", "DJP4"], { cwd: repo });
    expect(run).toMatchObject({ code: 2, stderr: "djperf: --select DJP4 matches no rule; see `djperf rules`\n" });
  });
});
