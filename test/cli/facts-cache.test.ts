/** `--cache-dir` / `--no-cache`: where `djperf check` keeps the index's per-file facts between runs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, git, initRepo, makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCliJson } from "./run-cli.js";

const MODELS = "from django.db import models\n\n\nclass Order(models.Model):\n    total = models.IntegerField()\n";
const VIEWS = "from shop.models import Order\n\n\ndef orders():\n    for o in Order.objects.all():\n        print(o.total)\n";

let project: string;
const cleanup: string[] = [];
const temp = (): string => {
  const dir = makeTempDir("djperf-cache-cli-");
  cleanup.push(dir);
  return dir;
};

/** Entry files written under a cache root (not counting CACHEDIR.TAG). */
function entryCount(root: string): number {
  const facts = join(root, "facts");
  if (!existsSync(facts)) return 0;
  return readdirSync(facts, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

beforeAll(() => {
  project = temp();
  writeFiles(project, { "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": VIEWS });
});
afterAll(() => cleanup.forEach(removeTempDir));

describe("djperf check and the facts cache", () => {
  it("writes the facts under --cache-dir and reports the same findings when reading them back", async () => {
    const dir = temp();
    const cold = await runCliJson(["check", "--cache-dir", dir], { cwd: project });
    expect(entryCount(dir)).toBeGreaterThan(0);
    expect(existsSync(join(dir, "CACHEDIR.TAG"))).toBe(true);
    const warm = await runCliJson(["check", "--cache-dir", dir], { cwd: project });
    expect(warm.report.findings).toEqual(cold.report.findings);
  });

  it("defaults to $XDG_CACHE_HOME/djperf, and --no-cache writes nothing", async () => {
    const xdg = temp();
    await runCliJson(["check", "--no-cache"], { cwd: project, env: { XDG_CACHE_HOME: xdg } });
    expect(entryCount(join(xdg, "djperf"))).toBe(0);
    await runCliJson(["check"], { cwd: project, env: { XDG_CACHE_HOME: xdg } });
    expect(entryCount(join(xdg, "djperf"))).toBeGreaterThan(0);
  });
});

describe("djperf diff and the cache", () => {
  it("reports the same with a cold cache, a warm one and --no-cache, and keeps each changed file's outcome", async () => {
    const repo = initRepo({ "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": "x = 1\n" });
    cleanup.push(repo);
    git(repo, "checkout", "--quiet", "-b", "feature");
    commitFiles(repo, { "shop/views.py": VIEWS.replace("print(o.total)", "o.save()") }, "a save in a loop");
    const dir = temp();
    const args = ["diff", "--base", "main", "--head", "feature", "--filter", "all"];
    const cold = await runCliJson([...args, "--cache-dir", dir], { cwd: repo });
    const entries = entryCount(dir);
    const warm = await runCliJson([...args, "--cache-dir", dir], { cwd: repo });
    const uncached = await runCliJson([...args, "--no-cache"], { cwd: repo });
    expect(cold.report.findings.length).toBeGreaterThan(0);
    expect(warm.report.findings).toEqual(cold.report.findings);
    expect(uncached.report.findings).toEqual(cold.report.findings);
    expect(warm.report.diagnostics).toEqual(cold.report.diagnostics);
    // The warm run found every entry it needed: it wrote none.
    expect(entryCount(dir)).toBe(entries);
  });
});
