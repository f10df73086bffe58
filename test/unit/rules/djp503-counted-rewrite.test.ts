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

/** The rule's findings on its own fixture, and the finding whose line holds a piece of text. */
async function fixtureFindings() {
  const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
  const lines = text.split("\n");
  const at = (needle: string) => findings.find((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
  return { findings, lines, at };
}

describe("DJP503: the counted-flag rewrite", () => {
  it("tells update_or_create to update the existing rows as well, and get_or_create only to create", async () => {
    const { at } = await fixtureFindings();
    const update = at('Record.objects.update_or_create(external_id=row["id"]');
    expect(update?.message).toContain("`bulk_update` the existing ones");
    const create = at("result = Tag.objects.get_or_create(name=name)");
    expect(create?.message).toContain("`bulk_create` the missing rows once");
    expect(create?.message).not.toContain("bulk_update");
  });
});

describe("DJP503: advice that fits the call (rotation set 11)", () => {
  it("lists no update_fields when the defaults spread a dict, names the splatted lookup, and keeps returned rows", async () => {
    const { findings, lines, at } = await fixtureFindings();
    expect(at("defaults={**row,")?.message).toContain("update_fields=[...]");
    const splat = at("Tag.objects.get_or_create(**row)");
    expect(splat?.messageId).toBe("upsertSplatLookup");
    expect(splat?.message).not.toContain("ignore_conflicts");
    // keep_tags appends the tag and sets the list on the product after the loop.
    const kept = findings.filter((f) => f.messageId === "upsertKept").map((f) => lines[f.range.start.line - 2]?.trim());
    expect(kept).toContain("# ruleid: DJP503 the rows are kept for after the loop: ignore_conflicts would leave them without keys");
  });
});
