import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { removalScope, removedFieldsOf } from "../../../src/analysis/index/drf/removed-fields.js";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";
import { py } from "./inline-project.js";

function removed(source: string) {
  const fn = parsePython(source).rootNode.namedChildren.find((n) => n.type === "function_definition");
  if (!fn) throw new Error("no function");
  return removedFieldsOf(fn);
}

describe("removedFieldsOf / removalScope", () => {
  it("reads pops and dels on the fields mapping with their guards", () => {
    const sites = removed(py`
      def get_fields(self):
          fields = super().get_fields()
          fields.pop("always")
          if self.context["view"].action == "list":
              fields.pop("in_lists")
          else:
              del fields["in_details"]
          for name in self.hidden:
              fields.pop("looped")
          other = {}
          other.pop("not_fields")
          fields.pop(self.dynamic_name)
          return fields
    `);
    expect(sites).toEqual([
      { name: "always", when: [] },
      { name: "in_lists", when: ['self.context["view"].action == "list"'] },
      { name: "in_details", when: ['not (self.context["view"].action == "list")'] },
      { name: "looped", when: ["(for)"] },
    ]);
    expect(sites.map((s) => removalScope(s.when))).toEqual(["always", "lists", "other", "other"]);
  });

  it("tells list-only guards from partial and unrelated ones", () => {
    expect(removalScope(['view and view.action == "list"'])).toBe("lists");
    expect(removalScope(["isinstance(self.parent, serializers.ListSerializer)"])).toBe("lists");
    expect(removalScope(['view.action == "list" and not request.user.is_staff'])).toBe("some-lists");
    expect(removalScope(['view.action == "list" or request.user.is_staff'])).toBe("other");
    expect(removalScope(['view.action in ("list", "retrieve")'])).toBe("other");
    expect(removalScope(["not request.user.is_staff"])).toBe("other");
  });

  it("DJP305 names the condition when only some list responses drop the field", async () => {
    const folder = "DJP305-query-in-serializer-method";
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const staffList = findings.find((f) => f.message.includes("StaffListBookSerializer"));
    expect(staffList?.level).toBe("info");
    expect(staffList?.message).toContain("Reported at info: the serializer drops the field from list responses when");
    expect(findings.some((f) => /ListTrimmedBookSerializer|NestedTrimmedBookSerializer/.test(f.message))).toBe(false);
  });
});
