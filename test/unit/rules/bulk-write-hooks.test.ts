/**
 * A per-row write of a model whose saves do more than the row (a save() override, receivers, history or
 * audit tracking, the project's own save() arguments) is needed as written: bulk_create / bulk_update
 * would skip that work. The rule for this class: say precisely what a bulk rewrite would skip,
 * at a lower level, and offer no rewrite. Before, DJP501/DJP502 were silent, and real regressions of
 * this shape (a tracked model saved per row of a large import) were never reported.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function findingsOf(folder: string) {
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
  const lines = text.split("\n");
  return (needle: string) => findings.filter((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
}

describe("DJP501/DJP502: writes whose saves do more than the row", () => {
  it("DJP501 names what bulk_create would skip, at info, without a rewrite", async () => {
    const at = await findingsOf("DJP501-create-in-loop");
    const [invoice] = at("Invoice.objects.create(number=number)");
    expect(invoice?.level).toBe("info");
    expect(invoice?.message).toContain("Invoice overrides save()");
    expect(invoice?.message).toContain("bulk_create() would skip that");
    expect(invoice?.message).not.toContain("Collect the objects");
    const [contract] = at("Contract.objects.create(title=title)");
    expect(contract?.level).toBe("info");
    expect(contract?.message).toMatch(/Contract is tracked by /);
  });

  it("DJP502 names what bulk_update would skip, at info, without a rewrite", async () => {
    const at = await findingsOf("DJP502-save-in-loop");
    const saves = at("shipment.save()");
    expect(saves.map((f) => f.level)).toEqual(["info"]);
    expect(saves[0]?.message).toContain("has pre_save/post_save receivers");
    expect(saves[0]?.message).not.toContain("bulk_update(objs");
    const [broadcast] = at("record.save(broadcast=True)");
    expect(broadcast?.level).toBe("info");
    expect(broadcast?.message).toContain("arguments of the project's own save() override");
  });
});
