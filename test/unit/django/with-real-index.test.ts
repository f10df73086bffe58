/** The helpers against an index built by the real builder from a small project (not hand-built). */
import { beforeAll, describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { isCovered } from "../../../src/analysis/django/coverage.js";
import { nodeAt, parsedFile } from "../../helpers/models.js";

const MODELS = `from django.db import models

class WithCustomer(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("customer")

class Customer(models.Model):
    name = models.CharField(max_length=50)

class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=10)
    objects = models.Manager()
    with_customer = WithCustomer()

    def label(self):
        return self.customer.name

class Item(models.Model):
    order = models.ForeignKey("shop.Order", on_delete=models.CASCADE, related_name="items")
    quantity = models.IntegerField()
`;

const VIEWS = `from shop.models import Order

def order_list(request):
    qs = Order.objects.filter(status="open")
    for order in qs:
        order.customer.name
        for item in order.items.all():
            item.quantity
    for order in Order.with_customer.all():
        order.customer
`;

const MIGRATION = `from django.db import migrations

def fill(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for o in Order.objects.all():
        o.customer
        o.save()

class Migration(migrations.Migration):
    operations = [migrations.RunPython(fill)]
`;

let index: ProjectIndex;
beforeAll(async () => {
  index = await buildProjectIndex([
    { path: "shop/__init__.py", text: "" },
    { path: "shop/models.py", text: MODELS },
    { path: "shop/views.py", text: VIEWS },
    { path: "shop/migrations/0002_fill.py", text: MIGRATION },
  ]);
});

describe("Django facts on a real index", () => {
  it("types loop variables, relations and related managers in a view", () => {
    const file = parsedFile("shop/views.py", VIEWS);
    const facts = createDjangoFacts(file, index);
    const order = facts.instanceOf(nodeAt(file, "order", { nth: 1 }));
    expect(order?.model.qualifiedName).toBe("shop.models.Order");
    expect(order && facts.relation(order.model, "customer")?.kind).toBe("forward");
    expect(order?.qs && isCovered(facts.coverage(order.qs), "customer")).toBe(false);
    const items = facts.querySetOf(nodeAt(file, "order.items.all()"));
    expect(items?.root).toBe("related-manager");
    expect(items?.model.name).toBe("Item");
    expect(facts.instanceOf(nodeAt(file, "item", { nth: 1 }))?.model.name).toBe("Item");
    expect(facts.contextOf(nodeAt(file, "item.quantity")).view).toBe(true);
  });

  it("sees the custom manager's eager loading", () => {
    const file = parsedFile("shop/views.py", VIEWS);
    const facts = createDjangoFacts(file, index);
    const order = facts.instanceOf(nodeAt(file, "order", { nth: 4 }));
    expect(order?.qs?.manager?.name).toBe("with_customer");
    expect(order?.qs && isCovered(facts.coverage(order.qs), "customer")).toBe(true);
  });

  it("types self in model methods", () => {
    const file = parsedFile("shop/models.py", MODELS);
    const facts = createDjangoFacts(file, index);
    expect(facts.instanceOf(nodeAt(file, "self", { nth: 2 }))).toMatchObject({ source: "self", model: { name: "Order" } });
  });

  it("resolves apps.get_model in RunPython functions and marks them ETL", () => {
    const file = parsedFile("shop/migrations/0002_fill.py", MIGRATION);
    const facts = createDjangoFacts(file, index);
    const o = facts.instanceOf(nodeAt(file, "o.save()").childForFieldName("function")?.childForFieldName("object") ?? file.tree.rootNode);
    expect(o?.model.qualifiedName).toBe("shop.models.Order");
    const ctx = facts.contextOf(nodeAt(file, "o.save()"));
    expect(ctx.etl && ctx.migration).toBe(true);
  });
});
