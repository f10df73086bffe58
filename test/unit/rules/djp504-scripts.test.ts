/**
 * DJP504 in a script under `scripts/` (a file read once, by hand, while someone watches) or an admin
 * module (staff uploads now and then). The finding
 * stays (the advice holds) but at info, with the reason in the message (rotation set 5).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const SOURCE = `import csv


def load(path):
    with open(path) as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        print(row)
`;

describe("DJP504 levels by where the code runs", () => {
  it("reports a script under scripts/ at info, saying why", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const [finding, ...rest] = await runRuleOn(rule, "scripts/imports/load_titles.py", SOURCE, []);
    expect(rest).toEqual([]);
    expect(finding?.level).toBe("info");
    expect(finding?.message).toContain("Reported at info: the file is a script under `scripts/`, run by hand.");
  });

  it("reports an admin module at info, saying why", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const findings = await runRuleOn(rule, "shop/admin.py", SOURCE, []);
    expect(findings.map((f) => f.level)).toEqual(["info"]);
    expect(findings[0]?.message).toContain("Reported at info: the file is an admin module, used by staff now and then.");
  });

  it("reports a module of a nested admin package at info (an admin panel's settings form)", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const findings = await runRuleOn(rule, "forum/conf/admin/forms/analytics.py", SOURCE, []);
    expect(findings.map((f) => f.level)).toEqual(["info"]);
    expect(findings[0]?.message).toContain("Reported at info: the file is an admin module");
  });

  it("keeps the rule's level in application code and in management commands", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    for (const path of ["shop/imports.py", "shop/management/commands/load_titles.py", "shop/transcripts.py", "shop/administration/imports.py"]) {
      const findings = await runRuleOn(rule, path, SOURCE, []);
      expect(findings.map((f) => f.level), path).toEqual(["warn"]);
    }
  });
});
