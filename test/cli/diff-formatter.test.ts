/**
 * A formatter-only pull request posts nothing (issue: accuracy, "PR-mode precision"): every Python file
 * of the sample shop, which has findings of every rule, is reformatted with Ruff's formatter (its wasm
 * build, with settings unlike the originals: short lines, single quotes) and `djperf diff` is run on
 * that commit with the real rules.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { runCli } from "./run-cli.js";
import { RULES } from "../../rules/index.js";
import type { JsonReport } from "../../src/report/formats/json.js";

const SHOP = new URL("../../examples/shop/", import.meta.url).pathname;

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(SHOP, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

let repo: string;
let reformatted = 0;

beforeAll(() => {
  const files = filesOf(SHOP);
  repo = initRepo(files);
  git(repo, "checkout", "--quiet", "-b", "format");
  const ruff = new Workspace({ "line-length": 60, format: { "quote-style": "single" } }, PositionEncoding.Utf16);
  const formatted: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith(".py")) continue;
    const out = ruff.format(text);
    if (out !== text) {
      formatted[path] = out;
      reformatted++;
    }
  }
  commitFiles(repo, formatted, "ruff format");
});

afterAll(() => removeTempDir(repo));

async function diff(...extra: string[]): Promise<JsonReport> {
  const run = await runCli(["diff", "--repo", repo, "--base", "main", "--head", "format", "--format", "json", ...extra], { cwd: repo, rules: RULES });
  if (run.code === 2) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

describe("a formatter-only pull request", () => {
  it("posts no finding, though it rewrites the lines of many", async () => {
    expect(reformatted).toBeGreaterThan(5);
    const touched = await diff("--filter", "context");
    // The reformat touched the flagged code: the first cut alone would have blamed it.
    expect(touched.findings.filter((f) => f.level !== "info").length).toBeGreaterThan(5);
    expect(touched.findings.filter((f) => f.diff !== "existing" && f.diff !== "context").map((f) => `${f.rule} ${f.path}:${f.line} ${f.diff}`)).toEqual([]);
    expect((await diff()).findings).toEqual([]);
  });
});
