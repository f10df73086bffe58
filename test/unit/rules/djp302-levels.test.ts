/** DJP302's level follows how many rows the response can hold: a model's rows warn, one parent's rows are info. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP302-unpaginated-custom-list-response";

describe("DJP302 levels", () => {
  it("reports one parent's rows (related manager, filter on the parent's FK) at info, a model's rows at the default", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const levelAt = (needle: string) => findings.find((f) => f.range.start.line === lineOf(needle))?.level;
    expect(levelAt("OrderLineSerializer(order.lines.all()")).toBe("info");
    expect(levelAt("OrderLine.objects.filter(order_id=pk)")).toBe("info");
    expect(levelAt("return Response(OrderSerializer(qs, many=True).data)")).toBe("warn");
    expect(levelAt("return Response(AttachmentSerializer(files, many=True).data)")).toBe("info");
    expect(levelAt("OrderLine.objects.filter(order__in=orders)")).toBe("info");
    expect(levelAt('AttachmentSerializer(Attachment.objects.filter(kind="image")')).toBe("warn");
  });

  it("says why one parent's rows are at info: a key from the URL through link rows, a filter backend's bound", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const at = (needle: string) => findings.find((f) => f.range.start.line === lineOf(needle));
    const sites = at("Site.objects.filter(sites_on_order__order_id=pk)");
    expect(sites?.level).toBe("info");
    expect(sites?.message).toContain("Reported at info: the rows are the `Site` rows of one `Order` (`sites_on_order__order_id` is taken from the URL).");
    expect(at("Site.objects.filter(orders__id=pk)")?.message).toContain("Reported at info: the rows are the `Site` rows of one `Order` (`orders__id` is taken from the URL).");
    const backend = at("return Response(OrderSerializer(self.filter_queryset(self.get_queryset()), many=True).data)");
    expect(backend?.level).toBe("info");
    expect(backend?.message).toContain("Reported at info: the list holds one parent's rows (the filter backend `CurrentCustomerFilter` filters by a URL argument, `view.kwargs`).");
    expect(at("OrderLineSerializer(order.lines.all()")?.message).toContain("Reported at info: the rows are one object's related `OrderLine` rows.");
  });
});
