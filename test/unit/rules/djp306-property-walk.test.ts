/**
 * DJP306 follows a property of a rendered model one level, to the forward relation of `self` it reads
 * (rotation set 13: a user model's compatibility properties read a one-to-one to the base user, so the
 * advice `select_related("user")` left a query per row): the path and the advice name `member__person`.
 * A multi-table parent link (`person_ptr`) is not a query.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP306-serializer-relation-not-eager-loaded";

describe("DJP306 through a property", () => {
  it("names the relation a rendered property reads in the path and the advice", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.property.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("walks `member__person` for every row (MemberSerializer.display_name)");
    expect(findings[0]?.message).toContain('`.select_related("member__person")`');
  });
});
