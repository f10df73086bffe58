import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import type { InstanceInfo } from "../../../src/analysis/django/types.js";
import { shopIndex } from "./shop-index.js";

const HEADER = "from django.apps import apps\nfrom shop.models import Order, Item, Customer\nfrom django.shortcuts import get_object_or_404\n";

function instance(body: string, snippet: string, nth = 0, path = "shop/views.py"): InstanceInfo | undefined {
  const file = parsedFile(path, HEADER + body);
  const facts = createDjangoFacts(file, shopIndex);
  return facts.instanceOf(nodeAt(file, snippet, { nth }));
}

const summary = (i: InstanceInfo | undefined): string | undefined => i && `${i.source}:${i.model.name}`;

describe("instanceOf: loop variables", () => {
  it("types loop variables over QuerySets, through enumerate and QS-variables", () => {
    const body = [
      "def view(request):",
      '    qs = Order.objects.filter(status="open")',
      "    for i, o in enumerate(qs):",
      "        o.customer",
      "",
    ].join("\n");
    const found = instance(body, "o", 1);
    expect(summary(found)).toBe("loop:Order");
    expect(found?.loop?.kind).toBe("for");
    expect(found?.qs?.calls.map((c) => c.name)).toEqual(["filter"]);
    expect(summary(instance(body, "o", 0))).toBe("loop:Order");
    expect(instance(body, "i", 0)).toBeUndefined();
  });

  it("types comprehension variables and related-manager loops of loop variables", () => {
    const body = [
      "names = [o.customer.name for o in Order.objects.all()]",
      "for o in Order.objects.all():",
      "    for it in o.items.all():",
      "        it.product",
      "",
    ].join("\n");
    expect(summary(instance(body, "o", 0))).toBe("loop:Order");
    const item = instance(body, "it", 1);
    expect(summary(item)).toBe("loop:Item");
    expect(item?.qs?.root).toBe("related-manager");
  });

  it("stays silent for loops over range(), dicts, lists, model classes and get_models()", () => {
    const body = [
      "for a in range(10):",
      "    a",
      "for b in {1: 2}:",
      "    b",
      "for c in [Order, Item]:",
      "    c",
      "for d in apps.get_models():",
      "    d",
      "for e in Order.objects.values('id'):",
      "    e",
      "for f in Order.objects.values_list('id', flat=True):",
      "    f",
      "for g in Order.objects.all().count():",
      "    g",
      "",
    ].join("\n");
    for (const name of ["a", "b", "c", "d", "e", "f", "g"]) expect(instance(body, name, 1), name).toBeUndefined();
  });

  it("is undefined when the loop variable is rebound in the body", () => {
    const body = [
      "for o in Order.objects.all():",
      "    o = wrap(o)",
      "    o.customer",
      "for p in Order.objects.all():",
      "    for p in other:",
      "        pass",
      "    p.customer",
      "",
    ].join("\n");
    expect(instance(body, "o", 3)).toBeUndefined();
    expect(instance(body, "p", 2)).toBeUndefined();
    // Control: the same loop without the rebinding is typed.
    expect(summary(instance("for o in Order.objects.all():\n    o.customer\n", "o", 1))).toBe("loop:Order");
  });

  it("does not reach into nested functions, and resolves same-named loops separately", () => {
    const body = [
      "for o in Order.objects.all():",
      "    def cb():",
      "        return o",
      "for o in Item.objects.all():",
      "    o",
      "",
    ].join("\n");
    expect(instance(body, "o", 1)).toBeUndefined();
    expect(summary(instance(body, "o", 3))).toBe("loop:Item");
  });
});

describe("instanceOf: self, single objects, serializer obj", () => {
  it("types self in methods of a model class", () => {
    const body = [
      "from django.db import models",
      "class Order(models.Model):",
      "    def total(self):",
      "        return self.items",
      "    @staticmethod",
      "    def helper(self):",
      "        return self",
      "class NotAModel:",
      "    def f(self):",
      "        return self",
      "",
    ].join("\n");
    const file = parsedFile("shop/models.py", body);
    const facts = createDjangoFacts(file, shopIndex);
    expect(summary(facts.instanceOf(nodeAt(file, "self", { nth: 1 })))).toBe("self:Order");
    expect(facts.instanceOf(nodeAt(file, "self", { nth: 3 }))).toBeUndefined();
    expect(facts.instanceOf(nodeAt(file, "self", { nth: 5 }))).toBeUndefined();
  });

  it("types names assigned once from get/first/last and get_object_or_404", () => {
    const body = [
      "def view(request, pk):",
      "    a = Order.objects.get(pk=pk)",
      "    b = Item.objects.filter(x=1).first()",
      "    c = get_object_or_404(Customer, pk=pk)",
      "    d = get_object_or_404(Order.objects.select_related('customer'), pk=pk)",
      "    e = Order.objects.values('id').get(pk=pk)",
      "    f = Order.objects.get(pk=pk)",
      "    f = None",
      "    a; b; c; d; e; f",
      "",
    ].join("\n");
    expect(summary(instance(body, "a", 1))).toBe("single:Order");
    expect(summary(instance(body, "b", 1))).toBe("single:Item");
    expect(summary(instance(body, "c", 1))).toBe("single:Customer");
    const d = instance(body, "d", 1);
    expect(summary(d)).toBe("single:Order");
    expect(d?.qs?.calls.map((c) => c.name)).toEqual(["select_related"]);
    expect(instance(body, "e", 1)).toBeUndefined();
    expect(instance(body, "f", 2)).toBeUndefined();
  });

  it("types obj/instance in serializer get_<x> and to_representation methods", () => {
    const body = [
      "from rest_framework import serializers",
      "class OrderSerializer(serializers.ModelSerializer):",
      "    class Meta:",
      "        model = Order",
      '        fields = ["id"]',
      "    def get_count(self, obj):",
      "        return obj",
      "    def to_representation(self, instance):",
      "        return instance",
      "    def validate(self, obj):",
      "        return obj",
      "class Plain(serializers.Serializer):",
      "    def get_x(self, obj):",
      "        return obj",
      "class NotSerializer:",
      "    class Meta:",
      "        model = Order",
      "    def get_x(self, obj):",
      "        return obj",
      "",
    ].join("\n");
    expect(summary(instance(body, "obj", 1))).toBe("serializer-obj:Order");
    expect(summary(instance(body, "instance", 1))).toBe("serializer-obj:Order");
    expect(instance(body, "obj", 3)).toBeUndefined();
    expect(instance(body, "obj", 5)).toBeUndefined();
    expect(instance(body, "obj", 7)).toBeUndefined();
  });
});
