/**
 * DJP101's admin variant (rules/DJP101-lazy-relation-in-loop/admin.ts): what the change list selects
 * decides, and the one safe fix lists every relation the columns walk.
 */
import { describe, expect, it } from "vitest";
import { applySafeFixes, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP101-lazy-relation-in-loop";

async function findingsOf(source: string) {
  const rule = await loadRule(FOLDER);
  // Code that inserts order items: the table is not one staff fill by hand (that would lower the level).
  const checkout = { path: "shop/checkout.py", text: "from .models import OrderItem\n\n\ndef add(order, product):\n    OrderItem.objects.create(order=order, product=product, quantity=1)\n" };
  return { rule, findings: (await runRuleOn(rule, "shop/admin.py", source, [...projectSources(FOLDER), checkout])).filter((f) => f.messageId === "admin-column") };
}

const HEADER = `from django.contrib import admin\n\nfrom .models import Order, OrderItem\n\n\n`;

describe("DJP101 admin change lists", () => {
  it("adds one list_select_related with every walked relation after list_display", async () => {
    const source = `${HEADER}@admin.register(OrderItem)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("quantity", "customer", "product_name")

    def customer(self, item):
        return item.order.customer.name

    def product_name(self, item):
        return item.product.name
`;
    const { findings } = await findingsOf(source);
    expect(findings.map((f) => f.range.start.line)).toEqual([11, 14]);
    expect(findings[0]!.message).toContain("list_display column of ItemAdmin");
    expect(findings[0]!.message).toContain('list_select_related = ("order__customer", "product")');
    const fixed = applySafeFixes(source, "DJP101", findings);
    expect(fixed).toContain(`    list_display = ("quantity", "customer", "product_name")\n    list_select_related = ("order__customer", "product")\n`);
    // The fixed admin is silent.
    expect((await findingsOf(fixed)).findings).toEqual([]);
  });

  it("reads a literal list_per_page: a short page is reported at info, with its size in the message", async () => {
    const admin = (extra: string) => `${HEADER}@admin.register(OrderItem)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("quantity", "customer")${extra}

    def customer(self, item):
        return item.order.customer.name
`;
    const [plain] = (await findingsOf(admin(""))).findings;
    expect(plain!.message).toContain("up to list_per_page rows, 100 by default");
    expect(plain!.level).not.toBe("info");
    const [short] = (await findingsOf(admin("\n    list_per_page = 10"))).findings;
    expect(short!.message).toContain("up to 10 rows, its `list_per_page`");
    expect(short!.level).toBe("info");
    expect(short!.message).toContain("at most 10 rows a page");
  });

  it("offers no fix when Django's automatic select_related() is in effect (a FK column)", async () => {
    const source = `${HEADER}@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("customer", "coupon_code")

    def coupon_code(self, obj):
        return obj.coupon.code
`;
    const { findings } = await findingsOf(source);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fix).toBeUndefined();
    expect(findings[0]!.message).toContain('list_select_related = ("coupon", "customer")');
  });

  it("stays silent when list_display or list_select_related is computed", async () => {
    const source = `${HEADER}COLUMNS = ("number", "customer_name")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = COLUMNS

    def customer_name(self, obj):
        return obj.customer.name
`;
    expect((await findingsOf(source)).findings).toEqual([]);
  });

  it("stays silent when the column's parameter is rebound", async () => {
    const source = `${HEADER}@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "customer_name")

    def customer_name(self, obj):
        obj = Order.objects.select_related("customer").get(pk=obj.pk)
        return obj.customer.name
`;
    expect((await findingsOf(source)).findings).toEqual([]);
  });
});
