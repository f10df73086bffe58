/**
 * Silent misconfiguration made loud: rule ids that name no rule, prefixes that match none, options a
 * rule does not take; `--strict-config` turns the warnings into a failed run (exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRule } from "../../src/analysis/rule.js";
import { makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCli, runCliJson } from "./run-cli.js";
import { ALL_CALL_RULE, PRINT_CALL_RULE } from "./test-rules.js";

/** A rule with one option, to check option names against. */
const OPTION_RULE = defineRule({
  ...PRINT_CALL_RULE,
  id: "DJP997",
  name: "with-option",
  options: z.object({ loud: z.boolean().default(false) }),
  check() {},
});
const RULES = [ALL_CALL_RULE, PRINT_CALL_RULE, OPTION_RULE];

let dir: string;

beforeAll(() => {
  dir = makeTempDir("djperf-config-");
  writeFiles(dir, {
    "manage.py": "",
    "app/v.py": "def f(qs):\n    return qs.all()\n",
    "typos.yml": "rules:\n  DJP123: off\n  DJP5*: info\n  DJP997:\n    options: { lout: true }\n  DJP998:\n    options: { x: 1 }\n",
    "good.yml": "rules:\n  DJP99*: warn\n  DJP997:\n    options: { loud: true }\n",
  });
});

afterAll(() => removeTempDir(dir));

describe("config warnings", () => {
  it("warns about unknown rule ids, empty prefixes and unknown options, and still runs", async () => {
    const run = await runCliJson(["check", "-c", "typos.yml"], { cwd: dir, rules: RULES });
    expect(run.stderr.split("\n").filter((l) => l !== "")).toEqual([
      "djperf: warning: typos.yml: rules.DJP123: no rule DJP123 in this version of djperf (see `djperf rules`)",
      "djperf: warning: typos.yml: rules.DJP5*: matches no rule",
      "djperf: warning: typos.yml: rules.DJP997.options.lout: unknown option (options: loud)",
      "djperf: warning: typos.yml: rules.DJP998.options.x: unknown option (DJP998 takes no options)",
    ]);
    expect(run.code).toBe(1);
    expect(run.report.findings.map((f) => f.rule)).toEqual(["DJP998"]);
  });

  it("is quiet about a correct config", async () => {
    const run = await runCli(["check", "-c", "good.yml"], { cwd: dir, rules: RULES });
    expect(run.stderr).toBe("");
  });

  it("--strict-config stops the run on any problem", async () => {
    const run = await runCli(["check", "-c", "typos.yml", "--strict-config"], { cwd: dir, rules: RULES });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("djperf: error: typos.yml: rules.DJP123: no rule DJP123");
    expect(run.stderr).toMatch(/djperf: typos\.yml has 4 problems \(--strict-config\)\n$/);
    const good = await runCli(["check", "-c", "good.yml", "--strict-config"], { cwd: dir, rules: RULES });
    expect(good).toMatchObject({ code: 0, stderr: "" }); // DJP99* made the blocking rule warn
  });
});

describe("suppressions that match no finding", () => {
  it("are reported when the rules they name ran, and left alone otherwise", async () => {
    writeFiles(dir, {
      "app/s.py": [
        "def f(qs):",
        "    print(qs)  # djperf: ignore[DJP998] wrong rule named",
        "    print(qs)  # djperf: ignore[DJP999] the right one",
        "    x = 1  # noqa: DJP999",
        "    y = 2  # djperf: ignore[DJP501] a rule that did not run",
        "",
      ].join("\n"),
    });
    try {
      const run = await runCliJson(["check", "app/s.py"], { cwd: dir, rules: RULES });
      expect(run.report.findings.map((f) => `${f.line} ${f.rule}`)).toEqual(["2 DJP999"]);
      expect(run.report.diagnostics.filter((d) => d.kind === "suppression").map((d) => `${d.line} ${d.message}`)).toEqual([
        "2 suppression of DJP998 matches no finding here; remove it or name the rule that fires",
        "4 suppression of DJP999 matches no finding here; remove it or name the rule that fires",
      ]);
    } finally {
      removeTempDir(`${dir}/app/s.py`);
    }
  });
});
