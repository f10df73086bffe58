/**
 * DJP306 on `S(obj.<reverse>.all(), many=True)`: Django's related manager gives each row the instance it
 * was asked from, so the key back to that parent (and a single-valued path past it: the same cached parent for every
 * row) is not a query per row and is neither reported nor in the advice; the rows' other relations still are (tuning delta of round 13: kpi's asset files, where
 * the advice named `asset`, the parent itself). Rows filtered by the parent's key do not know it.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP306-serializer-relation-not-eager-loaded";

describe("DJP306: the parent a related manager's rows already know", () => {
  it("leaves the key back to the parent out of the walk and the advice, and keeps the other relations", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const atLine = (needle: string): string[] => {
      const lines = text.split("\n");
      return findings.filter((f) => lines[f.range.start.line - 1]?.includes(needle)).map((f) => f.message);
    };
    const related = atLine("OrderSerializer(customer.order_set.all(), many=True)");
    expect(related.length).toBe(2);
    for (const message of related) {
      expect(message).toContain("`items__product`");
      expect(message).not.toContain("`customer__region`");
    }
    const byKey = atLine("OrderSerializer(Order.objects.filter(customer_id=customer.id), many=True)");
    expect(byKey.length).toBe(1);
    expect(byKey[0]).toContain("`customer__region`");
  });
});
