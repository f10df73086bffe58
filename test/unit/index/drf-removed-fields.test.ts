import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { expandMetaRemovals, removalScope, removedFieldsOf } from "../../../src/analysis/index/drf/removed-fields.js";
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
    // A disjunction holds whenever one of its parts does: every list drops the field.
    expect(removalScope(['view.action == "list" or request.user.is_staff'])).toBe("lists");
    expect(removalScope(['not (view.action == "list" or request.user.is_staff)'])).toBe("other");
    expect(removalScope(["request.user.is_staff or not owner"])).toBe("other");
    expect(removalScope(['view.action in ("list", "retrieve")'])).toBe("other");
    expect(removalScope(["not request.user.is_staff"])).toBe("other");
  });

  it("tells removals for the rows the serializer is handed (not nested fields) and for QuerySets (not pages)", () => {
    expect(removalScope(["isinstance(self.instance, (list, QuerySet))"])).toBe("given-lists");
    expect(removalScope(["self.instance", "isinstance(self.instance, models.QuerySet) or not is_owner"])).toBe("queryset-lists");
    expect(removalScope(["self.instance and isinstance(self.parent, ListSerializer)"])).toBe("given-lists");
    expect(removalScope(["isinstance(self.instance, QuerySet) and not is_owner"])).toBe("some-lists");
  });

  it("reads a loop over a Meta list of names, expanded from the serializer's Meta", () => {
    const sites = removed(py`
      def __init__(self, *args, **kwargs):
          super().__init__(*args, **kwargs)
          if self.instance and hasattr(self.Meta, "owner_only_fields"):
              for name in getattr(self.Meta, "owner_only_fields"):
                  self.fields.pop(name)
          for name in self.hidden:
              self.fields.pop(name)
    `);
    expect(sites).toEqual([{ name: "@Meta.owner_only_fields", when: ['self.instance and hasattr(self.Meta, "owner_only_fields")'] }]);
    const meta = (attr: string) => (attr === "owner_only_fields" ? ["email", "keys"] : undefined);
    expect(expandMetaRemovals(sites, meta)).toEqual([
      { name: "email", when: ["self.instance"] },
      { name: "keys", when: ["self.instance"] },
    ]);
    expect(expandMetaRemovals(sites, () => undefined)).toEqual([]);
  });

  it("DJP305 stays silent when every list use drops the field, and reports the uses that keep it", async () => {
    const folder = "DJP305-query-in-serializer-method";
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const of = (method: string) => findings.find((f) => f.message.includes(`\`${method}\``));
    expect(of("OwnerOnlyBookSerializer.get_sales")).toBeUndefined();
    expect(of("PagedOwnerOnlyBookSerializer.get_sales")?.level).toBe("warn");
    expect(of("GivenRowsBookSerializer.get_sales")?.message).toContain("nested with many=True in `AuthorWithBooksSerializer`");
    expect(of("ReviewBaseSerializer.get_has_replies")?.level).toBe("warn");
    expect(of("ReviewBaseSerializer.get_has_replies")?.message).toContain("(listed by `BookReviews`)");
    // Its subclass that leaves the field out of Meta.fields does not render the method.
    const shortOnly = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder).filter((s) => !s.path.endsWith("views.py")).concat([{ path: "library/views.py", text: "from rest_framework import generics\nfrom .models import Review\nfrom .serializers import ShortReviewSerializer\n\n\nclass ShortReviews(generics.ListAPIView):\n    queryset = Review.objects.all()\n    serializer_class = ShortReviewSerializer\n" }]));
    expect(shortOnly.find((f) => f.message.includes("`ReviewBaseSerializer.get_has_replies`"))?.level).toBe("info");
    const detailOnly = of("OwnSummaryReviewSerializer.get_has_replies");
    expect(detailOnly?.level).toBe("info");
    expect(detailOnly?.message).toContain("No list view or `many=True` field is known to render this serializer");
    expect(detailOnly?.message).not.toContain("one query per row of a list response");
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
