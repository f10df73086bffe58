import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { isCovered } from "../../../src/analysis/django/coverage.js";
import type { EagerCoverage } from "../../../src/analysis/django/types.js";
import { shopIndex } from "./shop-index.js";

const HEADER = "from shop.models import Order, Item, Product\nfrom billing.models import Invoice\nfrom django.db.models import Prefetch\n";

function coverageOf(expr: string, before = ""): EagerCoverage {
  const file = parsedFile("shop/views.py", `${HEADER}${before}${expr}\n`);
  const facts = createDjangoFacts(file, shopIndex);
  const qs = facts.querySetOf(nodeAt(file, expr));
  if (!qs) throw new Error(`not a QuerySet: ${expr}`);
  return facts.coverage(qs);
}

const sorted = (set: ReadonlySet<string> | undefined): string[] => [...(set ?? [])].sort();

describe("coverage", () => {
  it("collects select_related and prefetch_related literal paths", () => {
    const cov = coverageOf('Order.objects.select_related("customer", "coupon").prefetch_related("items__product", "tags")');
    expect(sorted(cov.selectRelated)).toEqual(["coupon", "customer"]);
    expect(sorted(cov.prefetch)).toEqual(["items__product", "tags"]);
    expect(cov.selectsAll).toBe(false);
    expect(cov.unknown).toBe(false);
    expect(cov.valuesMode).toBe(false);
  });

  it("reads Prefetch objects with their to_attr", () => {
    const cov = coverageOf('Order.objects.prefetch_related(Prefetch("items", queryset=Item.objects.all(), to_attr="item_list"), Prefetch(lookup="tags"))');
    expect(sorted(cov.prefetch)).toEqual(["item_list", "items", "tags"]);
    expect(cov.unknown).toBe(false);
  });

  it("marks non-literal arguments as unknown", () => {
    expect(coverageOf("Order.objects.select_related(*paths)", "paths = []\n").unknown).toBe(true);
    expect(coverageOf("Order.objects.prefetch_related(name)", "name = 'x'\n").unknown).toBe(true);
    expect(coverageOf('Order.objects.prefetch_related(Prefetch(f"{x}"))', "x = 1\n").unknown).toBe(true);
  });

  it("treats bare select_related() as selecting every non-null FK", () => {
    const cov = coverageOf("Order.objects.select_related()");
    expect(cov.selectsAll).toBe(true);
    const customer = shopIndex.models.get("shop.models.Order")?.fields.get("customer");
    const coupon = shopIndex.models.get("shop.models.Order")?.fields.get("coupon");
    expect(isCovered(cov, "customer", "select", customer)).toBe(true);
    expect(isCovered(cov, "coupon", "select", coupon)).toBe(false);
    expect(isCovered(cov, "items", "prefetch")).toBe(false);
  });

  it("select_related(None) clears earlier paths", () => {
    const cov = coverageOf('Order.objects.select_related("customer").select_related(None)');
    expect(cov.selectRelated.size).toBe(0);
  });

  it("records values mode and only/defer sets", () => {
    expect(coverageOf('Order.objects.values("id")').valuesMode).toBe(true);
    expect(coverageOf('Order.objects.filter(a=1).values_list("id", flat=True)').valuesMode).toBe(true);
    const cov = coverageOf('Order.objects.only("id").only("status", "customer").defer("notes").defer("x")');
    expect(sorted(cov.only)).toEqual(["customer", "status"]);
    expect(sorted(cov.defer)).toEqual(["notes", "x"]);
  });

  it("counts fetch_mode, manager eager loads and auto_prefetch", () => {
    expect(coverageOf("Order.objects.fetch_mode(FETCH_PEERS)", "FETCH_PEERS = 1\n").mitigated).toBe(true);
    const managed = coverageOf("Order.with_customer.all()");
    expect(isCovered(managed, "customer")).toBe(true);
    expect(isCovered(managed, "coupon")).toBe(false);
    expect(coverageOf("Order.everything.all()").selectsAll).toBe(true);
    const plain = coverageOf("Order.objects.all()");
    expect(isCovered(plain, "customer")).toBe(false);
    const invoice = coverageOf("Invoice.objects.all()");
    const orderField = shopIndex.models.get("billing.models.Invoice")?.fields.get("order");
    expect(invoice.forwardMitigated).toBe(true);
    expect(isCovered(invoice, "order", "select", orderField)).toBe(true);
    expect(isCovered(invoice, "order", "prefetch", orderField)).toBe(false);
  });

  it("follows QS-variables and the default manager of related managers", () => {
    const before = 'base = Order.objects.select_related("customer")\n';
    expect(sorted(coverageOf('base.prefetch_related("items")', before).selectRelated)).toEqual(["customer"]);
    // Related managers subclass the target's default manager: Product's eager-loads supplier.
    const related = coverageOf("s.product_set.all()", "from shop.models import Supplier\nfor s in Supplier.objects.all():\n    ");
    expect(related.selectRelated.has("supplier")).toBe(true);
    const tags = coverageOf("o.tags.all()", "for o in Order.objects.all():\n    ");
    expect(tags.selectRelated.size).toBe(0);
    expect(coverageOf("Product.objects.all()").selectRelated.has("supplier")).toBe(true);
  });
});

describe("isCovered", () => {
  const cov = (over: Partial<EagerCoverage>): EagerCoverage => ({
    selectRelated: new Set(),
    selectsAll: false,
    prefetch: new Set(),
    valuesMode: false,
    mitigated: false,
    unknown: false,
    ...over,
  });

  it("matches equal paths and longer paths that start with the path", () => {
    const c = cov({ selectRelated: new Set(["customer__address"]), prefetch: new Set(["items"]) });
    expect(isCovered(c, "customer", "select")).toBe(true);
    expect(isCovered(c, "customer__address", "select")).toBe(true);
    expect(isCovered(c, "cust", "select")).toBe(false);
    expect(isCovered(c, "customer", "prefetch")).toBe(false);
    expect(isCovered(c, "items", "prefetch")).toBe(true);
    expect(isCovered(c, "items", "select")).toBe(false);
    expect(isCovered(c, "items")).toBe(true);
    expect(isCovered(c, "items__product")).toBe(false);
  });

  it("counts values mode, mitigation and unknown arguments as covered", () => {
    expect(isCovered(cov({ valuesMode: true }), "x")).toBe(true);
    expect(isCovered(cov({ mitigated: true }), "x", "prefetch")).toBe(true);
    expect(isCovered(cov({ unknown: true }), "x", "select")).toBe(true);
    expect(isCovered(cov({}), "x")).toBe(false);
  });
});
