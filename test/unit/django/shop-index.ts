/** The small shop project the Django-helper tests run against (hand-built, no index builder involved). */
import { makeIndex } from "../../helpers/models.js";

export const shopIndex = makeIndex(
  [
    { name: "Customer", module: "shop.models", fields: { name: {}, email: {} } },
    { name: "Coupon", module: "shop.models", fields: { code: {} } },
    { name: "Tag", module: "shop.models", fields: { label: {} } },
    {
      name: "Order",
      module: "shop.models",
      fields: {
        status: {},
        notes: { fieldClass: "TextField" },
        customer: { kind: "fk", target: "shop.models.Customer", relatedName: "orders" },
        coupon: { kind: "fk", target: "shop.models.Coupon", nullable: true },
        tags: { kind: "m2m", target: "shop.models.Tag" },
        content_object: { kind: "generic-fk" },
      },
      managers: {
        objects: {},
        with_customer: { className: "WithCustomerManager", eagerLoads: ["customer"] },
        everything: { className: "EverythingManager", selectsAllRelated: true },
      },
    },
    {
      name: "Item",
      module: "shop.models",
      fields: {
        quantity: { fieldClass: "IntegerField" },
        order: { kind: "fk", target: "shop.models.Order", relatedName: "items" },
        product: { kind: "fk", target: "shop.models.Product" },
      },
    },
    {
      name: "Product",
      module: "shop.models",
      fields: { name: {}, supplier: { kind: "fk", target: "shop.models.Supplier" } },
      managers: { objects: { className: "ProductManager", eagerLoads: ["supplier"] } },
    },
    { name: "Supplier", module: "shop.models", fields: { name: {} } },
    {
      name: "Profile",
      module: "shop.models",
      fields: { customer: { kind: "o2o", target: "shop.models.Customer" }, hidden: { kind: "fk", target: "shop.models.Customer", relatedName: "+" } },
    },
    {
      name: "Invoice",
      module: "billing.models",
      appLabel: "billing",
      autoPrefetch: true,
      fields: { order: { kind: "fk", target: "shop.models.Order" }, total: {} },
    },
    { name: "User", module: "accounts.models", appLabel: "accounts", fields: { username: {} } },
  ],
  { authUserModel: "accounts.User" },
);
