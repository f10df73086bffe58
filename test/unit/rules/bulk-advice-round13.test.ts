/**
 * Round 13 advice of the bulk rules (rotation set 12): a per-row write that records progress is not
 * "collect and write once after the loop" (cla_backend's re-encryption checkpoint, dissemin's harvest
 * stamp); `bulk_update` / `bulk_create(ignore_conflicts=|update_conflicts=)` are not advised to a project
 * whose Django is proven older than the release that added them (cla_backend pins 1.8.19); a bulk
 * upsert's update_fields include the model's auto_now column; get_or_create is never told to
 * bulk_update.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function findingsOf(folder: string, requirements?: string) {
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const project = projectSources(folder).filter((s) => !/requirements/.test(s.path));
  if (requirements !== undefined) project.push({ path: "requirements.txt", text: requirements });
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, project);
  const lines = text.split("\n");
  const at = (needle: string) => findings.find((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
  return { findings, at };
}

describe("bulk rules: per-row writes that record progress", () => {
  it("DJP501: a create whose model the iteration reads first is a checkpoint, at info", async () => {
    const { at } = await findingsOf("DJP501-create-in-loop");
    const f = at('OrderEvent.objects.create(order_id=order_id, kind="reprocessed")');
    expect(f?.messageId).toBe("createCheckpoint");
    expect(f?.level).toBe("info");
    expect(f?.message).not.toContain("Collect the objects");
  });
  it("DJP502: a clock stamp saved after a helper worked on the row is a progress marker, at info", async () => {
    const { at, findings } = await findingsOf("DJP502-save-in-loop");
    const stamp = findings.find((f) => f.messageId === "saveCheckpoint");
    expect(stamp?.level).toBe("info");
    expect(stamp?.message).toContain('"processed_at"');
    // The plain loop that stamps without a helper is still one .update().
    expect(at("record.save()")?.messageId).toBe("saveConstant");
  });
});

describe("bulk rules: advice for the project's Django version", () => {
  it("DJP502 gives no bulk_update to Django 1.8, and keeps it when the version is unknown or new", async () => {
    const old = await findingsOf("DJP502-save-in-loop", "Django==1.8.19\n");
    const oldMessages = old.findings.map((f) => f.message);
    expect(oldMessages.some((m) => m.includes("older than 2.2"))).toBe(true);
    expect(oldMessages.filter((m) => m.includes("bulk_update("))).toEqual([]);
    const modern = await findingsOf("DJP502-save-in-loop", "Django==4.2.7\n");
    expect(modern.findings.some((f) => f.message.includes("bulk_update("))).toBe(true);
    expect(modern.findings.some((f) => f.message.includes("older than"))).toBe(false);
    // Same findings either way: the version changes words, never whether a finding fires.
    expect(old.findings.map((f) => f.range.start.line)).toEqual(modern.findings.map((f) => f.range.start.line));
  });
  it("DJP503 gives no conflict flags to an old Django, lists auto_now in update_fields, and never tells get_or_create to bulk_update", async () => {
    const old = await findingsOf("DJP503-upsert-in-loop", "Django==2.1.15\n");
    const modern = await findingsOf("DJP503-upsert-in-loop", "Django==4.2.7\n");
    expect(old.findings.map((f) => f.range.start.line)).toEqual(modern.findings.map((f) => f.range.start.line));
    for (const f of old.findings) {
      // The missing API may be named as missing, never advised.
      expect(f.message).not.toMatch(/bulk_create\(objs, (ignore|update)_conflicts/);
      expect(f.message).not.toMatch(/`bulk_update` the|bulk_update\(/);
    }
    expect(old.findings.some((f) => f.messageId === "upsertOldDjango")).toBe(true);
    for (const f of modern.findings.filter((g) => g.messageId === "upsertNoUniqueKey" && g.message.includes("`get_or_create()`"))) {
      expect(f.message).not.toContain("bulk_update");
    }
    const stamped = modern.at("Stamped.objects.update_or_create(");
    expect(stamped?.message).toContain('update_fields=["score", "modified"]');
  });
});
