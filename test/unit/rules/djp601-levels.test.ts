/**
 * DJP601 rates slow work in a cached page at info (it runs once per cache key and period) and keeps
 * the rule's level elsewhere; a direct task call whose sibling branch queues the same task is silent
 * (the fixture's `ok` lines), which is checked by the fixture test itself.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const folder = "DJP601-heavy-work-in-request";

describe("DJP601 levels", () => {
  it("cached pages at info with the reason, the same work uncached at warn", async () => {
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const lines = text.split("\n");
    const lineOf = (needle: string, after: string): number => {
      const start = lines.findIndex((l) => l.includes(after));
      return lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    };
    const at = (line: number) => findings.find((f) => f.range.start.line === line);
    const cachedGit = at(lineOf("subprocess.run", "class VersionView("));
    expect(cachedGit?.level).toBe("info");
    expect(cachedGit?.message).toContain("page is cached");
    expect(at(lineOf("write_pdf", "def cached_report_pdf("))?.level).toBe("info");
    expect(at(lineOf("write_pdf", "def report_pdf("))?.level).toBe("warn");
  });
});
