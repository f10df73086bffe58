/**
 * DJP303 on a view that names DRF's LimitOffsetPagination: at info when only a service client can call
 * it (authentication classes that return `(AnonymousUser(), credentials)` on every path), at warn when a
 * class may let another caller in (a `return None`, a user token class beside it); silent when the
 * "queryset" is a Python list written in the class.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP303-unbounded-or-costly-pagination";

describe("DJP303 service-client views", () => {
  it("lowers a view only a service client can call to info and keeps the others at warn", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lines = text.split("\n");
    const at = (cls: string) => {
      const start = lines.findIndex((l) => l.startsWith(`class ${cls}(`));
      const line = lines.findIndex((l, i) => i > start && l.includes("pagination_class =")) + 1;
      return findings.filter((f) => f.range.start.line === line);
    };
    expect(at("ExportTags")[0]?.level).toBe("info");
    expect(at("ExportTags")[0]?.message).toContain("Reported at info: only a service client can call the view: its `authentication_classes` (`ExportClientAuthentication`)");
    expect(at("MaybeSignedTags")[0]?.level).toBe("warn");
    expect(at("ExportOrTokenTags")[0]?.level).toBe("warn");
    expect(at("TagKinds")).toHaveLength(0);
  });
});
