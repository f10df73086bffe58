/**
 * `djperf check --fix` / `--diff` / `--unsafe-fixes` with the real rules on a small project: safe fixes
 * only by default, a diff `git apply` accepts, idempotent, and what is left is reported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../rules/index.js";
import { git, initRepo, removeTempDir } from "../helpers/git.js";
import { runCli, runCliJson } from "./run-cli.js";

const MODELS = "from django.db import models\n\n\nclass Order(models.Model):\n    status = models.CharField(max_length=10)\n";
const VIEWS = [
  "from shop.models import Order",
  "",
  "",
  "def paid_count():",
  '    return len(Order.objects.filter(status="paid"))',
  "",
  "",
  "def any_paid():",
  '    return Order.objects.filter(status="paid").count() > 0',
  "",
  "",
  "def has_orders():",
  "    qs = Order.objects.all()",
  "    if qs:",
  "        return 1",
  "    return 0",
  "",
].join("\n");

let repo: string;
const views = (): string => readFileSync(join(repo, "backend/shop/views.py"), "utf8");

beforeEach(() => {
  repo = initRepo({ "backend/manage.py": "import sys\n", "backend/shop/models.py": MODELS, "backend/shop/views.py": VIEWS });
});
afterEach(() => removeTempDir(repo));

describe("djperf check --fix", () => {
  it("--diff prints the safe fixes as a diff git applies, and writes nothing", async () => {
    const run = await runCli(["check", "backend", "--diff"], { cwd: repo, rules: RULES });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("--- a/backend/shop/views.py\n+++ b/backend/shop/views.py\n");
    expect(run.stdout).toContain('-    return Order.objects.filter(status="paid").count() > 0\n+    return Order.objects.filter(status="paid").exists()\n');
    expect(run.stdout).not.toContain("if qs.exists()"); // unsafe: needs --unsafe-fixes
    expect(run.stderr).toMatch(/djperf: would fix \d+ findings? in 1 file \(\d+ more with --unsafe-fixes\)\n/);
    expect(views()).toBe(VIEWS);
    writeFileSync(join(repo, "fix.patch"), run.stdout);
    git(repo, "apply", "fix.patch");
    expect(views()).toContain('return Order.objects.filter(status="paid").exists()');
  });

  it("--fix writes the safe fixes, reports what is left, and changes nothing on a second run", async () => {
    const before = await runCliJson(["check", "backend"], { cwd: repo, rules: RULES });
    const fix = await runCliJson(["check", "backend", "--fix"], { cwd: repo, rules: RULES });
    expect(views()).toContain('return Order.objects.filter(status="paid").exists()');
    expect(views()).toContain("    if qs:\n");
    expect(fix.report.findings.length).toBeLessThan(before.report.findings.length);
    expect(fix.report.findings.every((f) => f.fix === null || f.fix.safety === "unsafe")).toBe(true);
    const fixedText = views();
    const again = await runCli(["check", "backend", "--fix"], { cwd: repo, rules: RULES });
    expect(again.stderr).toMatch(/^djperf: fixed 0 findings in 0 files/);
    expect(views()).toBe(fixedText);
  });

  it("--unsafe-fixes applies the unsafe ones too", async () => {
    await runCli(["check", "backend", "--fix", "--unsafe-fixes"], { cwd: repo, rules: RULES });
    expect(views()).toContain("    if qs.exists():\n");
    const left = await runCliJson(["check", "backend"], { cwd: repo, rules: RULES });
    expect(left.report.findings.filter((f) => f.rule === "DJP105")).toEqual([]);
  });
});
