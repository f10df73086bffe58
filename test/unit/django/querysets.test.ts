import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import type { QuerySetInfo } from "../../../src/analysis/django/types.js";
import { shopIndex } from "./shop-index.js";

const HEADER = "from shop.models import Order, Item, Customer, Product\nfrom django.db.models import QuerySet\nfrom django.db import models\n";

function qsOf(body: string, snippet: string, nth = 0, path = "shop/views.py"): QuerySetInfo | undefined {
  const file = parsedFile(path, HEADER + body);
  const facts = createDjangoFacts(file, shopIndex);
  return facts.querySetOf(nodeAt(file, snippet, { nth }));
}

const names = (qs: QuerySetInfo | undefined): string[] | undefined => qs?.calls.map((c) => c.name);

describe("querySetOf: manager roots and chains", () => {
  it("follows QuerySet-returning methods from M.objects", () => {
    const qs = qsOf('Order.objects.filter(status="x").select_related("customer").order_by("-id")\n', 'Order.objects.filter(status="x").select_related("customer").order_by("-id")');
    expect(qs?.model.qualifiedName).toBe("shop.models.Order");
    expect(qs?.root).toBe("manager");
    expect(names(qs)).toEqual(["filter", "select_related", "order_by"]);
    expect(qs?.rootNode.text).toBe("Order.objects");
  });

  it("treats the bare manager, _default_manager and custom managers as roots", () => {
    expect(qsOf("Order.objects\n", "Order.objects")?.calls).toEqual([]);
    expect(qsOf("Order._default_manager.all()\n", "Order._default_manager.all()")?.manager?.name).toBe("objects");
    const custom = qsOf("Order.with_customer.all()\n", "Order.with_customer.all()");
    expect(custom?.manager?.className).toBe("WithCustomerManager");
  });

  it("keeps slices, iterator() and values() as QuerySets", () => {
    expect(qsOf("Order.objects.all()[:10]\n", "Order.objects.all()[:10]")?.sliced).toBe(true);
    expect(names(qsOf("Order.objects.iterator()\n", "Order.objects.iterator()"))).toEqual(["iterator"]);
    expect(names(qsOf('Order.objects.values("id")\n', 'Order.objects.values("id")'))).toEqual(["values"]);
  });

  it("stops at methods that do not return a QuerySet", () => {
    for (const call of ["get(pk=1)", "first()", "count()", "exists()", "aggregate(n=1)", "create()", "in_bulk()", "latest()"]) {
      expect(qsOf(`Order.objects.${call}\n`, `Order.objects.${call}`)).toBeUndefined();
    }
    expect(qsOf("Order.objects.all()[0]\n", "Order.objects.all()[0]")).toBeUndefined();
  });

  it("treats unknown methods after a custom manager as unknown", () => {
    expect(qsOf("Order.with_customer.recent()\n", "Order.with_customer.recent()")).toBeUndefined();
    expect(qsOf("Order.nonexistent.all()\n", "Order.nonexistent.all()")).toBeUndefined();
  });

  it("is undefined for non-model objects that look like managers", () => {
    expect(qsOf("def f(thing):\n    thing.objects.all()\n", "thing.objects.all()")).toBeUndefined();
    expect(qsOf("Unknown.objects.all()\n", "Unknown.objects.all()")).toBeUndefined();
  });
});

describe("querySetOf: QS-variables", () => {
  it("follows single assignments, recording definitions innermost first", () => {
    const body = [
      "def view(request):",
      '    base = Order.objects.filter(status="open")',
      '    qs = base.select_related("customer")',
      "    for o in qs:",
      "        pass",
      "",
    ].join("\n");
    const qs = qsOf(body, "qs", 1);
    expect(names(qs)).toEqual(["filter", "select_related"]);
    expect(qs?.definitions.map((d) => d.text)).toEqual(['qs = base.select_related("customer")', 'base = Order.objects.filter(status="open")']);
  });

  it("rejects reassigned, augmented, loop-bound, with-bound and deleted names", () => {
    const cases = [
      "def f():\n    qs = Order.objects.all()\n    qs = list(qs)\n    use(qs)\n",
      "def f(x):\n    qs = Order.objects.all()\n    qs = x\n    use(qs)\n",
      "def f(x):\n    if x:\n        qs = Order.objects.all()\n    else:\n        qs = Item.objects.all()\n    use(qs)\n",
      "def f():\n    qs = Order.objects.all()\n    qs |= Order.objects.none()\n    use(qs)\n",
      "def f(xs):\n    qs = Order.objects.all()\n    for qs in xs:\n        pass\n    use(qs)\n",
      "def f(cm):\n    qs = Order.objects.all()\n    with cm as qs:\n        pass\n    use(qs)\n",
      "def f():\n    qs = Order.objects.all()\n    del qs\n    use(qs)\n",
      "def f():\n    a, qs = 1, Order.objects.all()\n    use(qs)\n",
    ];
    const lastUse = (body: string): QuerySetInfo | undefined => qsOf(body, "qs", countOf(body, "qs") - 1);
    expect(lastUse("def f():\n    qs = Order.objects.all()\n    use(qs)\n")?.model.name).toBe("Order");
    for (const body of cases) expect(lastUse(body), body).toBeUndefined();
  });

  it("unions names bound in branches and refined in place", () => {
    const lastUse = (body: string): QuerySetInfo | undefined => qsOf(body, "qs", countOf(body, "qs") - 1);
    const refined = lastUse("def f(x):\n    qs = Order.objects.all()\n    if x:\n        qs = qs.filter(a=1)\n    qs = qs[:10]\n    use(qs)\n");
    expect(refined?.model.name).toBe("Order");
    expect(refined?.calls.map((c) => c.name)).toEqual(["all", "filter"]);
    expect(refined?.sliced).toBe(true);
    expect(refined?.branches).toBeUndefined();
    const branches = lastUse("def f(x):\n    if x:\n        qs = Order.objects.filter(a=1)\n    else:\n        qs = Order.objects.select_related('c')\n    use(qs)\n");
    expect(branches?.calls.map((c) => c.name)).toEqual(["filter", "select_related"]);
    expect(branches?.branches).toBe(2);
    expect(branches?.definitions).toHaveLength(2);
  });

  it("does not loop on self-referencing definitions", () => {
    expect(qsOf("def f():\n    qs = qs.filter()\n    use(qs)\n", "qs", 2)).toBeUndefined();
    expect(qsOf("def f():\n    a = b.all()\n    b = a.all()\n    use(a)\n", "a", 2)).toBeUndefined();
  });

  it("uses module-scope QS-variables and closures but not other functions' locals", () => {
    const body = ["OPEN = Order.objects.filter(status='open')", "def f():", "    return OPEN", "def g():", "    qs = Item.objects.all()", "def h():", "    return qs", ""].join("\n");
    expect(qsOf(body, "OPEN", 1)?.model.name).toBe("Order");
    expect(qsOf(body, "qs", 1)).toBeUndefined();
  });

  it("reads QuerySet[M] annotations on parameters", () => {
    const body = "def f(a: QuerySet[Order], b: models.QuerySet[Item], c: list[Order], d: QuerySet):\n    a; b; c; d\n";
    const a = qsOf(body, "a", 1);
    expect(a?.root).toBe("annotation");
    expect(a?.model.name).toBe("Order");
    expect(qsOf(body, "b", 1)?.model.name).toBe("Item");
    expect(qsOf(body, "c", 1)).toBeUndefined();
    expect(qsOf(body, "d", 1)).toBeUndefined();
  });
});

describe("querySetOf: related managers and views", () => {
  it("roots reverse-FK and M2M accessors of loop instances at the related model", () => {
    const body = "for o in Order.objects.all():\n    o.items.all()\n    o.tags\n    o.customer\n";
    const items = qsOf(body, "o.items.all()");
    expect(items?.root).toBe("related-manager");
    expect(items?.model.name).toBe("Item");
    expect(items?.via?.instance.model.name).toBe("Order");
    expect(qsOf(body, "o.tags")?.model.name).toBe("Tag");
    expect(qsOf(body, "o.customer")).toBeUndefined();
  });

  it("does not treat attributes of unknown objects as related managers", () => {
    expect(qsOf("for o in orders:\n    o.items.all()\n", "o.items.all()")).toBeUndefined();
  });

  it("resolves self.queryset / self.get_queryset() from a class attribute when nothing can override it", () => {
    const body = [
      "from rest_framework import generics",
      "class OrderList(generics.ListAPIView):",
      '    queryset = Order.objects.select_related("customer")',
      "    def list(self, request):",
      "        self.get_queryset()",
      "        self.queryset",
      "class Overrides(generics.ListAPIView):",
      "    queryset = Order.objects.all()",
      "    def get_queryset(self):",
      "        return self.queryset.filter(a=1)",
      "    def list(self, request):",
      "        self.get_queryset()",
      "class Mixed(SomeProjectMixin, generics.ListAPIView):",
      "    queryset = Order.objects.all()",
      "    def list(self, request):",
      "        self.get_queryset()",
      "",
    ].join("\n");
    const qs = qsOf(body, "self.get_queryset()");
    expect(names(qs)).toEqual(["select_related"]);
    expect(qs?.definitions[0]?.text).toBe('queryset = Order.objects.select_related("customer")');
    expect(qsOf(body, "self.queryset")?.model.name).toBe("Order");
    expect(qsOf(body, "self.get_queryset()", 1)).toBeUndefined();
    expect(qsOf(body, "self.get_queryset()", 2)).toBeUndefined();
  });

  it("resolves apps.get_model models in RunPython functions", () => {
    const body = 'def forwards(apps, schema_editor):\n    Order = apps.get_model("shop", "Order")\n    Order.objects.filter(a=1)\n';
    expect(qsOf(body, "Order.objects.filter(a=1)", 0, "shop/migrations/0003_x.py")?.model.name).toBe("Order");
  });
});

function countOf(text: string, word: string): number {
  return text.split(new RegExp(`\\b${word}\\b`)).length - 1;
}
