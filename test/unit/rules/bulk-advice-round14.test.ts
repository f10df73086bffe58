/**
 * Round 14 advice of DJP503 (rotation set 13): a bulk upsert's `unique_fields` are the unique key the
 * lookups cover (primary key, `unique=True` field, unconditional unique constraint), never every lookup:
 * PostgreSQL refuses an ON CONFLICT target that no unique index matches. The other lookups are columns
 * to update. get_or_create's `ignore_conflicts` advice names the key that decides which rows exist.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function findingsOf(folder: string) {
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
  const lines = text.split("\n");
  return (needle: string) => findings.find((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
}

describe("DJP503: the conflict target of the bulk upsert", () => {
  it("lists only the unique key in unique_fields and updates the other lookups", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Record.objects.update_or_create(external_id=row["id"], name=row["name"]');
    expect(f?.message).toContain('unique_fields=["external_id"], update_fields=["name", "value"]');
  });
  it("keeps a multi-column unique constraint whole", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Rate.objects.update_or_create(sku=row["sku"], currency=row["currency"], defaults=');
    expect(f?.message).toContain('unique_fields=["sku", "currency"], update_fields=["amount"]');
  });
  it("names the unique key ignore_conflicts skips on", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Rate.objects.get_or_create(sku=row["sku"], currency=row["currency"], amount=');
    expect(f?.message).toContain("ignore_conflicts=True");
    expect(f?.message).toContain("(sku, currency) already exists");
  });
});
