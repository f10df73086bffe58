/** Golden test: a small shop (FK, related_name, M2M, O2O to AUTH_USER_MODEL, Meta, receivers). */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseIndex } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexProject } from "./load-project.js";

describe("ProjectIndex: shop project", () => {
  let index: ProjectIndex;
  beforeAll(async () => {
    index = await indexProject("shop");
  });

  it("summarises every model, relation, manager and Meta option", () => {
    const none = { reverse: {}, managers: { objects: "(default)" }, meta: {}, methods: [], properties: [] };
    expect(summariseIndex(index)).toEqual({
      authUserModel: "accounts.User",
      modelsWithSaveSignals: ["shop.models.Customer", "shop.models.Item", "shop.models.Order", "shop.models.Profile"],
      models: {
        "accounts.models.User": {
          ...none,
          app: "accounts",
          flags: ["incomplete"],
          bases: [],
          fields: { nickname: "concrete CharField" },
          reverse: { profile: "reverse-o2o shop.models.Profile.user" },
        },
        "shop.models.Customer": {
          ...none,
          app: "shop",
          flags: [],
          bases: [],
          fields: { id: "concrete AutoField auto", name: "concrete CharField", email: "concrete EmailField" },
          reverse: { order_set: "reverse-fk shop.models.Order.customer" },
          methods: ["__str__"],
        },
        "shop.models.Tag": {
          ...none,
          app: "shop",
          flags: [],
          bases: [],
          fields: { id: "concrete AutoField auto", label: "concrete SlugField" },
          // Profile.favourite has related_name="+": no accessor.
          reverse: { item_set: "reverse-m2m shop.models.Item.tags" },
        },
        "shop.models.Order": {
          ...none,
          app: "shop",
          flags: ["save()"],
          bases: [],
          fields: {
            id: "concrete AutoField auto",
            customer: "fk ForeignKey -> shop.models.Customer",
            placed_at: "concrete DateTimeField",
            status: "concrete CharField",
            note: "concrete TextField null",
          },
          reverse: { items: "reverse-fk shop.models.Item.order" },
          meta: {
            ordering: ["-placed_at"],
            indexes: [
              "Index(status,placed_at) order_status_idx",
              "Index(customer) open_orders conditional",
              "UniqueConstraint(customer,placed_at) one_order_per_instant",
            ],
          },
          methods: ["save"],
          properties: ["total"],
        },
        "shop.models.Item": {
          ...none,
          app: "shop",
          flags: [],
          bases: [],
          fields: {
            id: "concrete AutoField auto",
            order: "fk ForeignKey -> shop.models.Order related_name=items",
            product_name: "concrete CharField",
            price: "concrete DecimalField",
            tags: "m2m ManyToManyField -> shop.models.Tag",
          },
          meta: { indexes: ["unique_together(order,product_name)"], dbTable: "shop_line_item" },
        },
        "shop.models.Profile": {
          ...none,
          app: "shop",
          flags: [],
          bases: [],
          fields: {
            id: "concrete AutoField auto",
            user: "o2o OneToOneField -> accounts.models.User",
            favourite: "fk ForeignKey -> shop.models.Tag null related_name=+",
          },
        },
      },
    });
  });

  it("keeps field kwargs as source text, with positions", () => {
    const order = index.models.get("shop.models.Order");
    const customer = order?.fields.get("customer");
    expect(customer).toMatchObject({
      kwargs: { on_delete: "models.CASCADE" },
      nullable: false,
      declaredOn: "shop.models.Order",
      path: "shop/models.py",
      line: 18,
    });
    expect(order?.fields.get("note")?.kwargs).toEqual({ null: "True", blank: "True" });
    expect(index.models.get("shop.models.Item")?.fields.get("order")?.kwargs.related_name).toBe('"items"');
    expect(order).toMatchObject({ line: 17, module: "shop.models", path: "shop/models.py", name: "Order" });
  });

  it("resolves labels and dotted names", () => {
    expect(index.resolveModelLabel("shop.order", "anything")).toBe("shop.models.Order");
    expect(index.resolveModelLabel("Item", "shop.views")).toBe("shop.models.Item");
    expect(index.resolveModelLabel("Item", "accounts.views")).toBeUndefined();
    // Django's own user model is known to the index (builtin-models.ts), even where the project swaps it.
    expect(index.resolveModelLabel("auth.User", "shop.models")).toBe("django.contrib.auth.models.User");
    expect(index.resolveQualified("shop.models.Customer")).toBe("shop.models.Customer");
    expect(index.resolveQualified("django.db.models.Model")).toBeUndefined();
  });

  it("knows modules and classes, and notes what it could not use", () => {
    expect([...index.modules].sort()).toEqual(["accounts.models", "config.settings", "shop.apps", "shop.models", "shop.signals"]);
    expect(index.classes.has("shop.apps.ShopConfig")).toBe(true);
    expect(index.globalSaveReceivers).toEqual(["shop/signals.py:19"]);
    expect(index.notes.some((n) => n.includes("User has bases the index cannot see (django.contrib.auth.models.AbstractUser)"))).toBe(true);
  });
});
