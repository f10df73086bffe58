/**
 * DJP211 round 15: `search_fields` ORs every field per term; a field searched with `icontains` on a non-text
 * column (a UUID key) is cast to text per row, which no index serves, so the advice on a text field of the same
 * view first asks to take that column out of the search.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

describe("DJP211 search over a cast column", () => {
  it("names the cast column and the exact-match prefix; a view searching only text keeps the plain advice", async () => {
    const folder = "DJP211-index-advisor";
    const text = readFileSync(join(RULES_DIR, folder, "fixture.views.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const lines = text.split("\n");
    const at = (needle: string) => findings.find((f) => f.range.start.line === lines.findIndex((l) => l.includes(needle)) + 1);
    expect(at('"name")')?.message).toContain("ORed with `key`, which is not a text column");
    expect(at('"name")')?.message).toContain("Take `key` out of `search_fields` (filter it by exact value with a filter field instead");
    expect(at('search_fields = ["title",')?.message).toContain("`LIKE '%…%'` cannot use a B-tree index");
  });
});
