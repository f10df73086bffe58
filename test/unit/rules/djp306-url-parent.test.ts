/**
 * DJP306 on one URL parent's rows (issue 9, rotation set 13): a child object's rows that cost a query or
 * two each are reported at info with the reason; a top-level owner's rows and rows that walk many
 * relations stay at warn.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP306-serializer-relation-not-eager-loaded";

describe("DJP306 on one URL parent's rows", () => {
  it("lowers a child object's cheap rows to info and keeps a top-level owner's and costly rows at warn", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lines = text.split("\n");
    const at = (cls: string, needle: string) => {
      const start = lines.findIndex((l) => l.startsWith(`class ${cls}(`));
      const line = lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
      return findings.find((f) => f.range.start.line === line);
    };
    const byUrl = at("OrderItemsByUrl", "Item.objects.filter(order_id=pk)");
    expect(byUrl?.level).toBe("info");
    expect(byUrl?.message).toContain("Reported at info: the rows are one `Order`'s (`order_id` is taken from the URL); `Order` is itself a child object (its required key `customer` points to `Customer`), so one `Order` holds few rows, and each costs 1 extra query.");
    // `order = Order.objects.get(pk=pk)`: an object fetched with the URL's key.
    expect(at("OrderItemsByUrl", "Item.objects.filter(order=order)")?.level).toBe("info");
    expect(at("OrderItemsByUrl", "Item.objects.filter(order_id=order)")?.level).toBe("warn");
    expect(at("RegionCustomersByUrl", "Customer.objects.filter(region_id=region_pk)")?.level).toBe("warn");
    expect(at("CustomerOrdersByUrl", "Order.objects.filter(customer_id=customer_pk)")?.level).toBe("warn");
    const listed = at("OrderItemsList", "def get_queryset");
    expect(listed?.level).toBe("info");
    expect(listed?.message).toContain("the list holds one parent's rows (`get_queryset` filters by a URL argument, `self.kwargs`: `order__id`)");
    const backend = at("FilteredOrderItems", "queryset = Item.objects.all()");
    expect(backend?.level).toBe("info");
    expect(backend?.message).toContain("the filter backend `CurrentOrderFilter` filters by a URL argument");
  });
});
