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

const CODE = [
  "def _two(qs_a):",
  "    return qs_a",
  "",
  "def _keyword_only(*, qs_k):",
  "    return qs_k",
  "",
  "def _mixed(qs_m):",
  "    return qs_m",
  "",
  "def _escaped(qs_e):",
  "    return qs_e",
  "",
  "def _recursive(qs_r):",
  "    _recursive(qs_r)",
  "    return qs_r",
  "",
  "def public(qs_p):",
  "    return qs_p",
  "",
  "def _one_order(order_o):",
  "    return order_o",
  "",
  "def _splatted(qs_s):",
  "    return qs_s",
  "",
  "class Report:",
  "    def _rows(self, rows_c):",
  "        return rows_c",
  "",
  "    def run(self, args):",
  "        def inner(qs_n):",
  "            return qs_n",
  "        inner(Order.objects.filter(status='x'))",
  '        _two(Order.objects.filter(status="open"))',
  '        _two(Order.objects.select_related("customer"))',
  "        _keyword_only(qs_k=Order.objects.all())",
  "        _mixed(Order.objects.all())",
  "        _mixed(Item.objects.all())",
  "        _escaped(Order.objects.all())",
  "        _recursive(Order.objects.all())",
  "        public(Order.objects.all())",
  "        _one_order(Order.objects.get(pk=1))",
  "        _splatted(*args)",
  "        self._rows(list(Order.objects.all()))",
  "",
  "HANDLERS = [_escaped]",
  "",
].join("\n");

describe("parameters typed from their callers", () => {
  const { facts, at } = factsOf(CODE);
  const param = (name: string) => at(`return ${name}`).namedChildren[0]!;

  it("unites the QuerySets of every caller (branches counted, every caller's calls count)", () => {
    const qs = facts.querySetOf(param("qs_a"));
    expect(qs?.model.qualifiedName).toBe("shop.models.Order");
    expect(qs?.branches).toBe(2);
    expect(facts.coverage(qs!).selectRelated.has("customer")).toBe(true);
  });

  it("reads keyword arguments, nested functions, instances and rows passed to a private method", () => {
    expect(facts.querySetOf(param("qs_k"))?.model.qualifiedName).toBe("shop.models.Order");
    expect(facts.querySetOf(param("qs_n"))?.calls.map((c) => c.name)).toEqual(["filter"]);
    expect(facts.instanceOf(param("order_o"))?.source).toBe("context");
    expect(facts.querySetOf(param("rows_c"))).toBeUndefined();
  });

  it("is unknown for two models, a name used as a value, recursion, public functions and *args", () => {
    for (const name of ["qs_m", "qs_e", "qs_r", "qs_p", "qs_s"]) expect(facts.querySetOf(param(name)), name).toBeUndefined();
  });
});
