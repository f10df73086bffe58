/**
 * `--summary`: the rulebook compliance table, with the real rules on the demo shop. Every rulebook
 * item appears exactly once; items no rule of this version checks say "not checked yet", never that
 * the user could enable something.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { COMPLIANCE_ITEMS } from "../../src/report/compliance.js";
import { parseCliArgs } from "../../src/cli/args.js";
import { runCli } from "./run-cli.js";
import { commitFiles, initRepo, removeTempDir } from "../helpers/git.js";

const SHOP = join(import.meta.dirname, "..", "..", "examples", "shop");

describe("djperf check --summary", () => {
  it("prints the compliance table after the findings, every rulebook item once", async () => {
    const run = await runCli(["check", ".", "--summary"], { cwd: SHOP, rules: RULES });
    expect(run.code).toBe(1);
    const table = run.stdout.slice(run.stdout.indexOf("Rulebook compliance"));
    expect(table.split("\n")[1]).toMatch(/^The Django performance rulebook djperf enforces, item by item, for the analysed files/);
    for (const item of COMPLIANCE_ITEMS) {
      const mentions = table.split(new RegExp(`(?:^|; |: | )${item.key} `, "m")).length - 1;
      expect(mentions, item.key).toBe(1);
    }
    expect(table).not.toMatch(/none enabled|\benable\b/i);
    // The demo's Celery task without a route and its transaction around a whole price list.
    expect(table).toMatch(/✖ 1 +DO10 +Celery tasks are routed to queues by kind of work +DJP604 ×1: catalog\/tasks.py:17/);
    // The data migration's DJP208 is in an older migration of catalog: a whole-repository check reports
    // only each app's newest migration (migrations.check_latest), and says how many it left out.
    expect(table).toMatch(/✖ 1 +DONT5 +Long-running transactions.*DJP505 ×1: catalog\/tasks.py:21/);
    expect(run.stderr).toMatch(/\d+ migration findings in older, already-applied migrations not shown/);
  });

  it("--summary full gives every item a row of its own; JSON carries the same rows", async () => {
    const full = await runCli(["check", ".", "--summary", "full"], { cwd: SHOP, rules: RULES });
    const table = full.stdout.slice(full.stdout.indexOf("Rulebook compliance"));
    for (const item of COMPLIANCE_ITEMS) expect(table, item.key).toMatch(new RegExp(`^ {2}\\S+(?: \\S+)? +${item.key} `, "m"));

    const json = await runCli(["check", ".", "--summary", "--format", "json"], { cwd: SHOP, rules: RULES });
    const report = JSON.parse(json.stdout) as { compliance: { key: string; state: string }[] };
    expect(report.compliance.map((r) => r.key)).toEqual(COMPLIANCE_ITEMS.map((i) => i.key));
    expect(report.compliance.find((r) => r.key === "DO10")?.state).toBe("fail");
  });

  it("djperf diff --summary judges the change: its findings fail items, untouched kinds of code are not applicable", async () => {
    const repo = initRepo({ "shop/__init__.py": "", "shop/views.py": "from django.http import HttpResponse\n\n\ndef index(request):\n    return HttpResponse('')\n" });
    try {
      commitFiles(repo, { "shop/views.py": "import time\n\nfrom django.http import HttpResponse\n\n\ndef index(request):\n    time.sleep(2)\n    return HttpResponse('')\n" }, "sleep in a view");
      const run = await runCli(["diff", "--base", "HEAD~1", "--summary"], { cwd: repo, rules: RULES });
      const table = run.stdout.slice(run.stdout.indexOf("Rulebook compliance"));
      expect(table).toContain("for this change");
      expect(table).toMatch(/✖ 1 +DONT6 +Slow, synchronous work in the HTTP request +DJP601 ×1: shop\/views.py:7/);
      // No transaction, task or settings module in the change.
      expect(table).toMatch(/— +nothing relevant in this change: .*DONT5 long transactions/);
      expect(table).toMatch(/nothing relevant in this change: .*DO10 Celery queues by kind of work/);
    } finally {
      removeTempDir(repo);
    }
  });

  it("parses --summary with and without a mode", () => {
    expect(parseCliArgs(["check", "--summary"]).summary).toBe("brief");
    expect(parseCliArgs(["check", "--summary", "full", "shop"])).toMatchObject({ summary: "full", positionals: ["shop"] });
    expect(parseCliArgs(["check", "--summary", "shop"])).toMatchObject({ summary: "brief", positionals: ["shop"] });
    expect(() => parseCliArgs(["check", "--summary", "--format", "sarif"])).toThrow(/--summary works with --format text or json/);
    expect(() => parseCliArgs(["rules", "--summary"])).toThrow(/not an option of `djperf rules`/);
  });
});
