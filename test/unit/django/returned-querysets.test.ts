import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import type { DjangoFacts } from "../../../src/analysis/django/types.js";
import { shopIndex } from "./shop-index.js";

const HEADER = "from shop.models import Order, Item, Customer\n";

function factsOf(body: string): { facts: DjangoFacts; at: (snippet: string, nth?: number) => ReturnType<typeof nodeAt> } {
  const file = parsedFile("shop/report.py", HEADER + body);
  return { facts: createDjangoFacts(file, shopIndex), at: (snippet, nth = 0) => nodeAt(file, snippet, { nth }) };
}

const HELPERS = [
  "def open_orders():",
  '    return Order.objects.filter(status="open")',
  "",
  "def open_or_joined(flag):",
  "    if flag:",
  '        return Order.objects.filter(status="open")',
  '    return Order.objects.select_related("customer")',
  "",
  "def order_rows(flag):",
  "    if flag:",
  "        return []",
  "    rows = [o for o in Order.objects.all()]",
  "    return rows",
  "",
  "def mixed(flag):",
  "    if flag:",
  "        return Order.objects.all()",
  "    return Item.objects.all()",
  "",
  "def endless():",
  "    return endless()",
  "",
  "class Report:",
  "    def orders(self):",
  "        return list(Order.objects.filter(status='x'))",
  "",
  "    @property",
  "    def order_qs(self):",
  "        return Order.objects.all()",
  "",
  "    def run(self):",
  "        for a in self.orders():",
  "            a.customer",
  "        for b in open_orders():",
  "            b.customer",
  "        for c in order_rows(True):",
  "            c.customer",
  "        for d in mixed(True):",
  "            d.customer",
  "        for e in self.order_qs:",
  "            e.customer",
  "        return open_or_joined(1), endless(), order_rows(0), self.orders()",
  "",
].join("\n");

describe("returned QuerySets of same-file functions", () => {
  const { facts, at } = factsOf(HELPERS);

  it("a module function returning a QuerySet is a QuerySet, marked as returned by the call", () => {
    const qs = facts.querySetOf(at("open_orders()"));
    expect(qs?.model.qualifiedName).toBe("shop.models.Order");
    expect(qs?.calls.map((c) => c.name)).toEqual(["filter"]);
    expect(qs?.returnedBy?.text).toBe("open_orders()");
  });

  it("unites several returns: every return's calls count, and the branches are counted", () => {
    const qs = facts.querySetOf(at("open_or_joined(1)"));
    expect(qs?.calls.map((c) => c.name)).toEqual(["filter", "select_related"]);
    expect(qs?.branches).toBe(2);
    expect(facts.coverage(qs!).selectRelated.has("customer")).toBe(true);
  });

  it("rows (list(), identity comprehensions, empty lists) are instances in loops but not QuerySets", () => {
    expect(facts.querySetOf(at("order_rows(0)"))).toBeUndefined();
    expect(facts.querySetOf(at("self.orders()", 1))).toBeUndefined();
    const a = at("a.customer").childForFieldName("object")!;
    const c = at("c.customer").childForFieldName("object")!;
    const b = at("b.customer").childForFieldName("object")!;
    expect(facts.instanceOf(a)?.model.qualifiedName).toBe("shop.models.Order");
    expect(facts.instanceOf(c)?.model.qualifiedName).toBe("shop.models.Order");
    expect(facts.instanceOf(b)?.qs?.returnedBy?.text).toBe("open_orders()");
  });

  it("is unknown for returns of two models, recursion and properties", () => {
    expect(facts.instanceOf(at("d.customer").childForFieldName("object")!)).toBeUndefined();
    expect(facts.querySetOf(at("endless()", 1))).toBeUndefined();
    expect(facts.instanceOf(at("e.customer").childForFieldName("object")!)).toBeUndefined();
  });
});
