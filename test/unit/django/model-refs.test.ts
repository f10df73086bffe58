import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { shopIndex } from "./shop-index.js";

function modelName(path: string, text: string, snippet: string, nth = 0): string | undefined {
  const file = parsedFile(path, text);
  const facts = createDjangoFacts(file, shopIndex);
  return facts.modelOf(nodeAt(file, snippet, { nth }))?.qualifiedName;
}

describe("modelOf", () => {
  it("resolves imported names, relative imports and aliases", () => {
    const text = "from .models import Order, Customer as C\nOrder\nC\n";
    expect(modelName("shop/views.py", text, "Order", 1)).toBe("shop.models.Order");
    expect(modelName("shop/views.py", text, "C", 1)).toBe("shop.models.Customer");
  });

  it("resolves attribute chains through module imports", () => {
    const text = "from shop import models\nimport shop.models\nmodels.Order\nshop.models.Item\n";
    expect(modelName("api/views.py", text, "models.Order")).toBe("shop.models.Order");
    expect(modelName("api/views.py", text, "shop.models.Item")).toBe("shop.models.Item");
  });

  it("resolves classes defined in the same models file", () => {
    const text = "from django.db import models\nclass Order(models.Model):\n    pass\n\ndef f():\n    return Order\n";
    expect(modelName("shop/models.py", text, "Order", 1)).toBe("shop.models.Order");
  });

  it("resolves star imports only when the index knows the name", () => {
    const text = "from shop.models import *\nOrder\nNotAModel\n";
    expect(modelName("shop/views.py", text, "Order")).toBe("shop.models.Order");
    expect(modelName("shop/views.py", text, "NotAModel")).toBeUndefined();
  });

  it("resolves apps.get_model in both spellings and names assigned from it", () => {
    const text = [
      "def forwards(apps, schema_editor):",
      '    Order = apps.get_model("shop", "Order")',
      '    Inv = apps.get_model("billing.Invoice")',
      "    Order.objects.all()",
      "    Inv",
      "",
    ].join("\n");
    expect(modelName("shop/migrations/0002_data.py", text, "Order", 2)).toBe("shop.models.Order");
    expect(modelName("shop/migrations/0002_data.py", text, "Inv", 1)).toBe("billing.models.Invoice");
  });

  it("does not resolve get_model on arbitrary objects or with non-literal labels", () => {
    const text = 'def f(apps, registry, name):\n    registry.get_model("shop", "Order")\n    apps.get_model("shop", name)\n';
    expect(modelName("x.py", text, 'registry.get_model("shop", "Order")')).toBeUndefined();
    expect(modelName("x.py", text, 'apps.get_model("shop", name)')).toBeUndefined();
  });

  it("resolves a get_model() helper with literal labels at module level (oscar-style loaders)", () => {
    const text = [
      "from shop.core.loading import get_model",
      'Order = get_model("shop", "Order")',
      'Invoice = get_model("billing.Invoice")',
      "def f(name):",
      "    Order.objects.all()",
      "    Invoice",
      '    get_model("shop", name)',
      "",
    ].join("\n");
    expect(modelName("shop/views.py", text, "Order", 2)).toBe("shop.models.Order");
    expect(modelName("shop/views.py", text, "Invoice", 1)).toBe("billing.models.Invoice");
    expect(modelName("shop/views.py", text, 'get_model("shop", name)')).toBeUndefined();
  });

  it("resolves get_user_model() to AUTH_USER_MODEL", () => {
    const text = "from django.contrib.auth import get_user_model\nUser = get_user_model()\nUser\n";
    expect(modelName("shop/views.py", text, "get_user_model()")).toBe("accounts.models.User");
    expect(modelName("shop/views.py", text, "User", 1)).toBe("accounts.models.User");
  });

  it("returns undefined for reassigned names, parameters, self.model and unknown names", () => {
    const text = [
      "from shop.models import Order, Item",
      "M = Order",
      "M = Item",
      "M",
      "def f(model):",
      "    model",
      "class Manager:",
      "    def g(self):",
      "        self.model",
      "Unknown",
      "",
    ].join("\n");
    expect(modelName("shop/views.py", text, "M", 2)).toBeUndefined();
    expect(modelName("shop/views.py", text, "model", 1)).toBeUndefined();
    expect(modelName("shop/views.py", text, "self.model")).toBeUndefined();
    expect(modelName("shop/views.py", text, "Unknown")).toBeUndefined();
  });

  it("respects local shadowing of an imported model name", () => {
    const text = "from shop.models import Order\ndef f(Order):\n    return Order\n";
    expect(modelName("shop/views.py", text, "Order", 2)).toBeUndefined();
  });

  it("sees imports made inside the function", () => {
    const text = "def f():\n    from shop.models import Item\n    return Item\n";
    expect(modelName("tasks.py", text, "Item", 1)).toBe("shop.models.Item");
  });
});
