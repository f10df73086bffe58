/**
 * The GitHub Action end to end against local repositories (no network): action.yml's inputs as the
 * runner passes them, a shallow pull-request checkout fetched deeper from its `origin` until the merge
 * base is found, annotations on stdout, a SARIF file, outputs in $GITHUB_OUTPUT, the exit by fail-on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { runAction } from "../../src/action/run-action.js";
import { findPackageRoot } from "../../src/cli/package-info.js";
import { cloneBare, commitFiles, git, initRepo, makeTempDir, removeTempDir } from "../helpers/git.js";
import { TEST_RULES } from "./test-rules.js";

const cleanup: string[] = [];
let origin: string;
let headSha: string;

beforeAll(() => {
  const work = initRepo({ "manage.py": "", "shop/views.py": "def v(qs):\n    return 1\n" });
  // Enough history on main that a depth-1 checkout misses the merge base.
  for (let i = 0; i < 5; i++) commitFiles(work, { [`shop/m${i}.py`]: `x = ${i}\n` }, `main ${i}`);
  git(work, "checkout", "--quiet", "-b", "feature", "HEAD~3");
  commitFiles(work, { "shop/views.py": "def v(qs):\n    print(qs)\n    return qs.all()\n" }, "feature 1");
  headSha = commitFiles(work, { "shop/other.py": "y = 1\n" }, "feature 2");
  origin = cloneBare(work);
  cleanup.push(work, origin);
});

afterAll(() => cleanup.forEach(removeTempDir));

/** What actions/checkout leaves for a pull request: depth 1, the head commit, `origin` configured. */
function shallowCheckout(): string {
  const dir = makeTempDir("djperf-action-");
  cleanup.push(dir);
  git(dir, "clone", "--quiet", "--depth", "1", "--branch", "feature", `file://${origin}`, dir);
  return dir;
}

async function run(inputs: Record<string, string>, workspace: string): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }> {
  const outputFile = join(workspace, "..", `${workspace.split("/").pop()}.output`);
  cleanup.push(outputFile);
  const env: Record<string, string> = { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] = value;
  let stdout = "";
  let stderr = "";
  const code = await runAction({ env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cli: { rules: TEST_RULES } });
  let outputs: Record<string, string> = {};
  try {
    outputs = Object.fromEntries(readFileSync(outputFile, "utf8").trim().split("\n").map((l) => l.split("=", 2) as [string, string]));
  } catch {
    // no outputs written
  }
  return { code, stdout, stderr, outputs };
}

describe("GitHub Action", () => {
  it("declares the inputs its entry point reads, and runs the built entry", () => {
    const action = parse(readFileSync(join(findPackageRoot(), "action.yml"), "utf8")) as { inputs: Record<string, unknown>; runs: { using: string; steps: { run: string; env?: Record<string, string> }[] } };
    expect(action.runs.using).toBe("composite");
    const step = action.runs.steps.find((s) => s.run.startsWith("node "))!;
    expect(step.run).toBe('node "$GITHUB_ACTION_PATH/dist/src/action/main.js"');
    for (const name of Object.keys(action.inputs)) expect(step.env).toHaveProperty(`INPUT_${name.toUpperCase().replace(/-/g, "_")}`, `\${{ inputs.${name} }}`);
  });

  it("fetches what a shallow checkout lacks, annotates the pull request's findings, writes SARIF and fails on block", async () => {
    const checkout = shallowCheckout();
    const result = await run({ base: "main", head: headSha, "sarif-file": "djperf.sarif", "fail-on": "block" }, checkout);
    expect(result.stderr).toContain("git fetch --depth=1 origin +refs/heads/main:refs/remotes/origin/main");
    expect(result.stderr).toContain("--deepen=50");
    expect(result.stdout.split("\n").filter((l) => l !== "")).toEqual([
      "::warning file=shop/views.py,line=2,endLine=2,col=5,endColumn=14,title=DJP999 print-call::print is called",
      "::error file=shop/views.py,line=3,endLine=3,col=12,endColumn=20,title=DJP998 all-call::`qs.all()` is called",
    ]);
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ findings: "2", "exit-code": "1", "sarif-file": join(checkout, "djperf.sarif") });
    const sarif = JSON.parse(readFileSync(join(checkout, "djperf.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(["DJP999", "DJP998"]);
  });

  it("fail-on: never reports without failing; any fails on a warning; the config input applies", async () => {
    const never = await run({ base: "main", head: headSha, "fail-on": "never" }, shallowCheckout());
    expect(never.code).toBe(0);
    expect(never.outputs.findings).toBe("2");
    const checkout = shallowCheckout();
    writeFileSync(join(checkout, "..", "warn-only.yml"), "rules:\n  DJP998: warn\n");
    const config = join(checkout, "..", "warn-only.yml");
    cleanup.push(config);
    const block = await run({ base: "main", head: headSha, "fail-on": "block", config }, checkout);
    expect(block).toMatchObject({ code: 0, outputs: { findings: "2", "exit-code": "0" } });
    const any = await run({ base: "main", head: headSha, "fail-on": "any", config }, checkout);
    expect(any).toMatchObject({ code: 1, outputs: { findings: "2" } });
    const outside = await run({ base: "main", head: headSha, "fail-on": "any", paths: "shop/other.py" }, checkout);
    expect(outside).toMatchObject({ code: 0, outputs: { findings: "0" } });
    expect((await run({ "fail-on": "sometimes" }, checkout)).code).toBe(2);
  });

  it("without a base (a push), checks the whole project", async () => {
    const checkout = shallowCheckout();
    const result = await run({ base: "", head: "" }, checkout);
    expect(result.stderr).toContain("checking the whole project");
    expect(result.outputs.findings).toBe("2");
  });
});
