/**
 * DJP305: a base viewset the project never routes itself lists nothing (rotation set 12: a case base
 * whose routed subclasses list with a list serializer and keep the full one for the detail). Its
 * serializer's method runs once per response, so the finding stays at info and names no list.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

describe("DJP305 on the serializer of a base that is never routed", () => {
  it("names no list and reports at info", async () => {
    const folder = "DJP305-query-in-serializer-method";
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith("class FullBookSerializer("));
    const line = lines.findIndex((l, i) => i > start && l.includes("Review.objects.filter(book=obj, stars=1)")) + 1;
    const found = findings.find((f) => f.range.start.line === line);
    expect(found?.level).toBe("info");
    expect(found?.message).toContain("No list view or `many=True` field is known to render this serializer");
    expect(found?.message).not.toContain("BaseBooksViewSet");
  });
});
