/**
 * DJP301's, DJP304's and DJP210's level follows how many rows the list can hold: one user's rows, one parent's rows, a nested
 * view and a staff-only view are reported at info with the reason; a list where some branch returns
 * every row (a staff branch, an OR with public rows) keeps the rule's level.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../../../src/analysis/finding.js";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

/** The finding on the first line after `class <cls>(` that contains `needle`, in the folder's fixture. */
async function findingsOf(folder: string, needle: string, fixture = "fixture.py"): Promise<(cls: string) => Finding | undefined> {
  const text = readFileSync(join(RULES_DIR, folder, fixture), "utf8");
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
  const lines = text.split("\n");
  return (cls) => {
    const start = lines.findIndex((l) => l.startsWith(`class ${cls}(`));
    const line = lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    return findings.find((f) => f.range.start.line === line);
  };
}

describe("list rules on bounded lists", () => {
  it("DJP301 lowers bounded and staff-only views to info with the reason, and keeps the others", async () => {
    const at = await findingsOf("DJP301-list-view-without-pagination", "pagination_class = None");
    expect(at("MyOrders")?.level).toBe("info");
    expect(at("MyOrders")?.message).toContain("Reported at info: the list holds one user's rows");
    expect(at("ProjectOrders")?.level).toBe("info");
    expect(at("ProjectOrders")?.message).toContain("one parent's rows");
    expect(at("ProjectOrdersByProperty")?.level).toBe("info");
    expect(at("ProjectOrdersByProperty")?.message).toContain("filters by `self.project`, looked up from the URL's arguments");
    expect(at("FeaturedProjectOrders")?.level).toBe("block");
    expect(at("StaffOrders")?.level).toBe("info");
    expect(at("StaffOrders")?.message).toContain("only staff can call the view");
    expect(at("NestedOrders")?.level).toBe("info");
    expect(at("NestedOrders")?.message).toContain("parent_lookup_kwargs");
    expect(at("StaffSeeAll")?.level).toBe("block");
    expect(at("OrderSearch")?.level).toBe("info");
    expect(at("OrderSearch")?.message).toContain("cuts the list with a slice");
    expect(at("RecentOrderSearch")?.level).toBe("block");
    expect(at("RecentOrderSearch")?.message).toContain("Order is a large table");
    expect(at("AllProjects")?.level).toBe("info");
    expect(at("AllProjects")?.message).toContain("nothing shows that Project holds many rows");
    expect(at("MineOrPublic")?.level).toBe("block");
    expect(at("EverythingAtOnce")?.level).toBe("block");
  });

  it("DJP301 reads the model of the view's own `queryset =` when a base is chosen at runtime", async () => {
    const at = await findingsOf("DJP301-list-view-without-pagination", "pagination_class = None");
    expect(at("RuntimeBaseOrders")?.level).toBe("block");
    expect(at("RuntimeBaseOrders")?.message).toContain("Order is a large table");
    expect(at("RuntimeBaseInherited")?.level).toBe("info");
    expect(at("RuntimeBaseInherited")?.message).toContain("the view's model is not known");
    expect(at("RuntimeBaseOtherRows")?.level).toBe("info");
    expect(at("RuntimeBaseOtherRows")?.message).toContain("the view's model is not known");
  });

  it("DJP304 lowers a user's related rows and a staff-only view to info, and keeps an unbounded view at warn", async () => {
    const at = await findingsOf("DJP304-ordering-fields-not-whitelisted", "filter_backends =");
    expect(at("MyOrdersSorted")?.level).toBe("info");
    expect(at("MyOrdersSorted")?.message).toContain("one user's rows");
    expect(at("StaffOrdersSorted")?.level).toBe("info");
    expect(at("Searchable")?.level).toBe("warn");
    expect(at("NamedProfiles")?.level).toBe("info");
    expect(at("NamedProfiles")?.message).toContain("the filter backend `NamedProfilesFilter` filters by unique keys of Profile (`user__username__in`");
    expect(at("ActiveProfiles")?.level).toBe("warn");
    // A table the project lists whole in an admin sidebar filter holds a handful of rows (rotation set 11).
    expect(at("CountryList")?.level).toBe("info");
    expect(at("CountryList")?.message).toContain("Reported at info: Country holds few rows");
    // A project permission that requires a staff flag of the user (rotation set 12: managers only).
    expect(at("ManagerOrdersSorted")?.level).toBe("info");
    expect(at("ManagerOrdersSorted")?.message).toContain("`ManagerOnly`, which requires `request.user.profile.is_manager`");
    expect(at("OpenOrdersSorted")?.level).toBe("warn");
  });

  it("DJP304 reports a sort inherited from a base that is never routed on the subclass, with the subclass's bound", async () => {
    const folder = "DJP304-ordering-fields-not-whitelisted";
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const line = text.split("\n").findIndex((l) => l.startsWith("class MyOrderUploads(")) + 1;
    const found = findings.find((f) => f.range.start.line === line);
    expect(found?.level).toBe("info");
    expect(found?.message).toContain("`filter_backends` inherited from `BaseOrderUploadsViewSet`");
    expect(found?.message).toContain("one user's rows");
  });

  it("DJP210 rates the orderings of one user's or one parent's list by that bound, not by the table", async () => {
    const fields = await findingsOf("DJP210-ordering-on-unindexed-field", "ordering_fields =", "fixture.views.py");
    expect(fields("MyOrderList")?.level).toBe("info");
    expect(fields("MyOrderList")?.message).toContain("Reported at info: the list holds one user's rows");
    expect(fields("SortableOrderList")?.message).toContain("nothing shows that Order holds very many rows");
    const ordering = await findingsOf("DJP210-ordering-on-unindexed-field", "ordering =", "fixture.views.py");
    expect(ordering("CustomerOrderList")?.level).toBe("info");
    expect(ordering("CustomerOrderList")?.message).toContain("one parent's rows");
    expect(ordering("OrderList")?.message).toContain("nothing shows that Order holds very many rows");
    // The scope every list filters on leads the advised index (rotation set 14: per-committee lists).
    expect(ordering("CustomerOrderList")?.message).toContain('the composite index `models.Index(fields=["customer", "-placed_at"], name="...")`');
    expect(ordering("OrderList")?.message).toContain('add `models.Index(fields=["-placed_at"], name="...")`');
    expect(fields("SessionOrderList")?.level).toBe("info");
    expect(fields("SessionOrderList")?.message).toContain("Reported at info: the list holds the rows of whoever asks (`get_queryset` filters by `self.current_customer`");
    expect(fields("SessionOrderList")?.message).toContain('`models.Index(fields=["customer", "placed_at"], name="...")`');
  });
});

describe("the bound walk reads the listed rows only", () => {
  it("ignores filters that pick related rows or values, and needs every fresh assignment of a returned name bounded", async () => {
    const { parsePython } = await import("../../../src/analysis/parser.js");
    const { boundOfBody } = await import("../../../src/analysis/index/drf/bound.js");
    const bound = (body: string) => boundOfBody(parsePython(`def get_queryset(self):\n${body}\n`).rootNode.namedChildren[0]!);
    // Rotation set 8: a Prefetch of the user's registrations does not make the events one user's rows.
    expect(bound(`    return Event.objects.prefetch_related(Prefetch("registrations", queryset=Registration.objects.filter(user=self.request.user)))`)).toBeUndefined();
    expect(bound(`    return Event.objects.annotate(mine=Exists(Registration.objects.filter(user=self.request.user, event=OuterRef("pk"))))`)).toBeUndefined();
    // A branch that empties the rows does not bound the others.
    expect(bound(`    qs = Entry.objects.filter(space=self.request.space)\n    if x:\n        qs = qs.none()\n    return qs`)).toBeUndefined();
    expect(bound(`    if staff:\n        qs = Entry.objects.all()\n    else:\n        qs = Entry.objects.filter(owner=self.request.user)\n    return qs`)).toBeUndefined();
    expect(bound(`    qs = Entry.objects.filter(owner=self.request.user).prefetch_related("tags")\n    if x:\n        qs = qs.filter(done=True)\n    return qs`)).toEqual({ bound: "user", lookups: ["owner"] });
    expect(bound(`    if not self.request.user.is_authenticated:\n        qs = Entry.objects.none()\n    else:\n        qs = Entry.objects.filter(owner=self.request.user)\n    return qs`)).toEqual({ bound: "user", lookups: ["owner"] });
  });
});

describe("the bound walk stays linear", () => {
  it("a get_queryset that reassigns `qs` from itself 40 times is read once per name (it used to be followed 40^4 times)", async () => {
    const { parsePython } = await import("../../../src/analysis/parser.js");
    const { boundOfBody } = await import("../../../src/analysis/index/drf/bound.js");
    const steps = Array.from({ length: 40 }, (_, i) => `    if self.request.GET.get("f${i}"):\n        qs = qs.filter(f${i}=self.request.GET["f${i}"]).exclude(g${i}=qs.count())`).join("\n");
    const text = `def get_queryset(self):\n    qs = Order.objects.filter(owner=self.request.user)\n${steps}\n    return qs\n`;
    const fn = parsePython(text).rootNode.namedChildren[0]!;
    // The exponential version did not finish within the test timeout (it ran for minutes on tendenci).
    expect(boundOfBody(fn)).toEqual({ bound: "user", lookups: ["owner"] });
  });
});
