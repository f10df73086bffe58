import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { shopIndex } from "./shop-index.js";

const BODY = [
  "from typing import Optional",
  "from django.db.models.signals import post_save, m2m_changed",
  "from django.dispatch import receiver",
  "from django.views.generic import DetailView",
  "from shop.models import Order, Customer",
  "",
  "def annotated(order: Order, maybe: Optional[Order], named: 'Order', quoted_maybe: 'Optional[Order]', plain):",
  "    return order.status, maybe.status, named.status, quoted_maybe.status, plain.status",
  "",
  "@receiver(post_save, sender=Customer)",
  "def saved(sender, instance, **kwargs):",
  "    return instance.name",
  "",
  "@receiver(post_save)",
  "def any_saved(sender, instance, **kwargs):",
  "    return instance.name",
  "",
  "@receiver(m2m_changed, sender=Order)",
  "def tags_changed(sender, instance, **kwargs):",
  "    return instance.name",
  "",
  "class OrderView(DetailView):",
  "    model = Order",
  "",
  "    def get_context_data(self, **kwargs):",
  "        return self.object.status, self.get_object().status",
  "",
  "class CustomView(DetailView):",
  "    model = Order",
  "",
  "    def get_object(self, queryset=None):",
  "        return None",
  "",
  "    def get_context_data(self, **kwargs):",
  "        return self.object.status",
  "",
].join("\n");

describe("instances from context", () => {
  const file = parsedFile("shop/views.py", BODY);
  const facts = createDjangoFacts(file, shopIndex);
  const modelAt = (snippet: string, nth = 0): string | undefined => {
    const attr = nodeAt(file, snippet, { nth });
    return facts.instanceOf(attr.childForFieldName("object")!)?.model.qualifiedName;
  };

  it("reads a plain or quoted model annotation of a parameter, not Optional (quoted or not) or no annotation", () => {
    expect(modelAt("order.status")).toBe("shop.models.Order");
    expect(modelAt("maybe.status")).toBeUndefined();
    expect(modelAt("named.status")).toBe("shop.models.Order");
    expect(modelAt("quoted_maybe.status")).toBeUndefined();
    expect(modelAt("plain.status")).toBeUndefined();
  });

  it("types the instance of a model-signal receiver registered with sender=", () => {
    expect(modelAt("instance.name", 0)).toBe("shop.models.Customer");
    expect(modelAt("instance.name", 1)).toBeUndefined();
    // m2m_changed's sender is the through model, not the instance's model.
    expect(modelAt("instance.name", 2)).toBeUndefined();
  });

  it("types self.object and self.get_object() of a view with model =, unless get_object is overridden", () => {
    expect(modelAt("self.object.status", 0)).toBe("shop.models.Order");
    expect(modelAt("self.get_object().status")).toBe("shop.models.Order");
    expect(modelAt("self.object.status", 1)).toBeUndefined();
  });
});
