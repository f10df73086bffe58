/**
 * What the fixtures cannot say: which message a finding gets, and which statements it names as its
 * causes (the QuerySet definition above the loop). Runs the rules on the fixtures' own projects.
 */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function run(folder: string, path: string, text: string) {
  return runRuleOn(await loadRule(folder), path, text, projectSources(folder));
}

describe("DJP502 advice", () => {
  const body = (value: string) =>
    [
      "from django.utils import timezone",
      "from uuid import uuid4",
      "from shop.models import Record",
      "",
      "def touch():",
      '    for record in Record.objects.filter(status=""):',
      `        record.status = ${value}`,
      '        record.save(update_fields=["status"])',
      "",
    ].join("\n");

  it("recommends bulk_update when the new value comes from a call that may differ per row", async () => {
    const [finding] = await run("DJP502-save-in-loop", "shop/services.py", body("uuid4().hex"));
    expect(finding?.messageId).toBe("saveBulk");
  });

  it("keeps update() for constants, F() expressions and timezone.now()", async () => {
    for (const value of ['"done"', 'F("value") + 1', "timezone.now()"]) {
      const [finding] = await run("DJP502-save-in-loop", "shop/services.py", body(value).replace("from uuid", "from django.db.models import F\nfrom uuid"));
      expect(finding?.messageId, value).toBe("saveConstant");
    }
  });
});

describe("DJP502 on a library TimeStampedModel", () => {
  it("names the `modified` column django-extensions and model-utils set on every save (rotation set 11)", async () => {
    for (const [model, field] of [["Ballot", "bio"], ["Candidacy", "rank"]] as const) {
      const text = [`from shop.models import ${model}`, "", "def refresh(values):", `    for row in ${model}.objects.all():`, `        row.${field} = values[row.pk]`, "        row.save()", ""].join("\n");
      const [finding] = await run("DJP502-save-in-loop", "shop/services.py", text);
      expect(finding?.message, model).toContain("modified (auto_now) is set by save() only");
    }
  });
});

describe("DJP502 when a helper gets the row before the save", () => {
  const text = (helperLine: string, save = "record.save()") =>
    [
      "from shop.models import Record",
      "",
      "def refresh(api):",
      '    for record in Record.objects.filter(status=""):',
      helperLine,
      '        record.status = "checked"',
      `        ${save}`,
      "",
    ].join("\n");

  it("says the helper may set fields the list lacks", async () => {
    const [finding] = await run("DJP502-save-in-loop", "shop/services.py", text("        fill_from_api(api, record)"));
    expect(finding?.messageId).toBe("saveBulkHelper");
    expect(finding?.message).toContain("every field `fill_from_api(…)` sets too");
  });

  it("does not count logging, output or an explicit update_fields list", async () => {
    for (const [line, save] of [["        log.info('checking %s', record)", "record.save()"], ["        print(record)", "record.save()"], ["        fill_from_api(api, record)", 'record.save(update_fields=["status"])']] as const) {
      const [finding] = await run("DJP502-save-in-loop", "shop/services.py", text(line, save));
      expect(finding?.messageId, line).toBe("saveBulk");
    }
  });
});

describe("DJP104 with a guard", () => {
  it("says to change the truth / None test too", async () => {
    const text = [
      "from .models import Order",
      "",
      "def coupon_key(pk):",
      "    order = Order.objects.get(pk=pk)",
      "    if order.coupon is not None:",
      "        return order.coupon.id",
      "    return None",
      "",
    ].join("\n");
    const [finding] = await run("DJP104-fk-id-through-relation", "shop/views.py", text);
    expect(finding?.messageId).toBe("fk-id-guarded");
    expect(finding?.message).toContain("`order.coupon is not None` → `order.coupon_id is not None`");
  });
});

describe("DJP104 fix edits", () => {
  it("edit the key reads of the finding's own loop, not those of a later loop with its own finding", async () => {
    const text = [
      "from .models import Order",
      "",
      "def keys():",
      "    for order in Order.objects.all():",
      "        print(order.customer.id, order.customer.id)",
      "    for order in Order.objects.all():",
      "        print(order.customer.id)",
      "",
    ].join("\n");
    const findings = await run("DJP104-fk-id-through-relation", "shop/views.py", text);
    expect(findings.map((f) => [f.range.start.line, f.fix?.edits.map((e) => e.range.start.line)])).toEqual([
      [5, [5, 5]],
      [7, [7]],
    ]);
  });
});

describe("causes of loop findings", () => {
  const text = [
    "from .models import Order",
    "",
    "def names():",
    '    orders = Order.objects.filter(status="paid")',
    "    for order in orders:",
    "        print(order.customer.name)",
    "",
    "def inline():",
    '    for order in Order.objects.filter(status="paid"):',
    "        print(order.customer.name)",
    "",
  ].join("\n");

  it("name the QuerySet definition above the loop, and nothing for a queryset written in the loop header", async () => {
    const findings = await run("DJP101-lazy-relation-in-loop", "shop/reports.py", text);
    expect(findings.map((f) => [f.range.start.line, f.causes?.map((c) => [c.start.line, c.end.line])])).toEqual([
      [6, [[4, 4]]],
      [10, undefined],
    ]);
  });

  it("name the statement that loads the owner row of a related manager the loop walks (its prefetch would serve the loop)", async () => {
    const owned = [
      "from .models import Order",
      "",
      "def lines(pk):",
      "    order = Order.objects.filter(pk__gte=pk).last()",
      "    if order:",
      "        for item in order.items.all():",
      "            print(item.product.name)",
      "",
    ].join("\n");
    const findings = await run("DJP101-lazy-relation-in-loop", "shop/reports.py", owned);
    expect(findings.map((f) => [f.range.start.line, f.causes?.map((c) => [c.start.line, c.end.line])])).toEqual([[7, [[4, 4]]]]);
  });
});

describe("DJP102 advice", () => {
  const body = (access: string) =>
    ["from shop.models import Order", "", "def report():", "    for order in Order.objects.all():", `        print(${access})`, ""].join("\n");

  it("advises a grouped Count with filter=Q for a filtered count, not Prefetch(to_attr)", async () => {
    const [finding] = await run("DJP102-related-manager-in-loop", "shop/reports.py", body("order.items.filter(quantity__gt=10).count()"));
    expect(finding?.messageId).toBe("filtered-count");
    expect(finding?.message).toContain('Count("items", filter=Q(');
    expect(finding?.message).not.toContain("to_attr");
  });

  it("keeps the Prefetch(to_attr) advice for filtered rows that are read", async () => {
    const [finding] = await run("DJP102-related-manager-in-loop", "shop/reports.py", body("list(order.items.filter(quantity__gt=10))"));
    expect(finding?.messageId).toBe("bypasses-prefetch");
    expect(finding?.message).toContain("to_attr");
  });
});

describe("DJP103 one call away", () => {
  it("reports the helper's query at info, names the calling loop, and counts the call as a cause", async () => {
    const text = [
      "from shop.models import Customer",
      "",
      "def _name_of(row):",
      '    return Customer.objects.get(pk=row["customer"]).name',
      "",
      "def names(rows):",
      "    out = []",
      "    for row in rows:",
      "        out.append(_name_of(row))",
      "    return out",
      "",
    ].join("\n");
    const [finding, ...rest] = await run("DJP103-query-in-loop", "shop/reports.py", text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ messageId: "perRowHelper", level: "info" });
    expect(finding?.range.start.line).toBe(4);
    expect(finding?.message).toContain("in `_name_of` runs once per iteration of the loop at line 8");
    expect(finding?.causes?.map((c) => c.start.line)).toEqual([9]);
  });
});
