/**
 * DJP505 where one transaction is the design (round 14): the loop's rows commit with a step after the
 * loop (a message sent, the input marked done), or a person runs the command: reported at info, and
 * the message keeps the one transaction instead of advising a commit per batch.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP505-long-transaction";

async function fixtureFindings() {
  const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
  const lines = text.split("\n");
  /** The loop finding on the `with` a few lines below `def <name>`. */
  const inFunction = (name: string, span: number) => {
    const def = lines.findIndex((l) => l.includes(`def ${name}(`)) + 1;
    return findings.find((f) => f.range.start.line > def && f.range.start.line < def + span);
  };
  return { inFunction };
}

describe("DJP505 all-or-nothing on purpose", () => {
  it("reports rows committed with a message sent after the loop at info, without batching advice", async () => {
    const finding = (await fixtureFindings()).inFunction("notify_new_records", 6);
    expect(finding?.level).toBe("info");
    expect(finding?.messageId).toBe("loopCoupled");
    expect(finding?.message).toContain("runs `_send_summary_email()`");
    expect(finding?.message).not.toContain("Commit per batch");
  });

  it("reports a loop whose input is marked done after it at info", async () => {
    const finding = (await fixtureFindings()).inFunction("bump_values", 6);
    expect(finding?.level).toBe("info");
    expect(finding?.message).toContain("updates the rows the loop's input was drawn from (`pending`)");
  });

  it("keeps warn and the batching advice for a plain import loop", async () => {
    const finding = (await fixtureFindings()).inFunction("import_feed", 4);
    expect(finding?.level).toBe("warn");
    expect(finding?.message).toContain("Commit per batch");
  });

  it("keeps the one transaction in the advice for a hand-run data fix", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.data-fix.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const loop = findings.find((f) => f.messageId === "loopByHand");
    expect(loop?.level).toBe("info");
    expect(loop?.message).toContain("keep the one transaction");
    expect(loop?.message).not.toContain("Commit per batch");
  });

  it("reports a transaction that mirrors its input into a table at info, without batching advice (round 15)", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.mirror.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lines = text.split("\n");
    const inFunction = (name: string) => {
      const def = lines.findIndex((l) => l.includes(`def ${name}(`)) + 1;
      return findings.find((f) => f.range.start.line >= def - 2 && f.range.start.line < def + 5);
    };
    for (const name of ["mirror_suppliers", "mirror_records", "mirror_by_name"]) {
      const finding = inFunction(name);
      expect(finding?.level, name).toBe("info");
      expect(finding?.messageId, name).toBe("loopMirror");
      expect(finding?.message, name).not.toContain("Commit per batch");
    }
    expect(inFunction("mirror_suppliers")?.message).toContain("retires the rows its input no longer lists (`Supplier.objects.exclude(pk__in=kept).delete()`)");
    expect(inFunction("mirror_by_name")?.message).toContain("walks what is left of `left`");
    for (const name of ["append_only", "refresh_flags"]) {
      expect(inFunction(name)?.level, name).toBe("warn");
      expect(inFunction(name)?.message, name).toContain("Commit per batch");
    }
  });
});
