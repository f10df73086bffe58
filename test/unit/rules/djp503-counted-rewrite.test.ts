/**
 * DJP503's "the created flag only counts" advice must keep what the call does: for get_or_create the
 * missing rows are created; for update_or_create the existing rows are also updated, so the rewrite
 * names bulk_update too (rotation 4: a course-review refresh command was told to bulk_create only,
 * which would have dropped every update).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP503-upsert-in-loop";

describe("DJP503: the counted-flag rewrite", () => {
  it("tells update_or_create to update the existing rows as well, and get_or_create only to create", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lines = text.split("\n");
    const at = (needle: string) => findings.find((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
    const update = at('Record.objects.update_or_create(external_id=row["id"]');
    expect(update?.message).toContain("`bulk_update` the existing ones");
    const create = at("result = Tag.objects.get_or_create(name=name)");
    expect(create?.message).toContain("`bulk_create` the missing rows once");
    expect(create?.message).not.toContain("bulk_update");
  });
});
