/**
 * DJP305: a serializer that `get_serializer_class` returns only under `self.action == "retrieve" and …`
 * renders no list (rotation set 13): the finding says no list is known, at info, instead of naming the
 * viewset as its list.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP305-query-in-serializer-method";

describe("DJP305 and an action test and-ed with another condition", () => {
  it("reads `self.action == \"retrieve\" and …` as a branch the list never takes", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const line = text.split("\n").findIndex((l) => l.includes("Edition.objects.filter(label=obj.label)")) + 1;
    const f = findings.find((x) => x.range.start.line === line);
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("No list view or `many=True` field is known to render this serializer");
  });
});
