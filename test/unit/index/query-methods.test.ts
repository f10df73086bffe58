/** Methods that return QuerySets, summarised by the index: custom manager/QuerySet methods and model helpers. */
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectIndex, QueryMethod } from "../../../src/analysis/index/types.js";
import { indexFiles, py } from "./inline-project.js";

const MODELS = py`
  from django.db import models


  class OrderQuerySet(models.QuerySet):
      def paid(self):
          return self.filter(status="paid")

      def with_customer(self):
          return self.select_related("customer").prefetch_related("lines")

      def numbers(self):
          return self.values_list("number", flat=True)

      def first_paid(self):
          return self.filter(status="paid").first()


  class BaseOrderManager(models.Manager):
      def recent(self):
          return self.get_queryset().order_by("-id")

      def by_key(self, key):
          return super().get_queryset().filter(pk=key)


  class OrderManager(BaseOrderManager):
      def recent(self):
          qs = self.get_queryset()
          qs = qs.only("number")
          return qs


  class Customer(models.Model):
      name = models.CharField(max_length=100)

      def open_orders(self):
          return self.orders.filter(status="open")

      def orders_or_nothing(self, flag):
          if flag:
              return self.orders.all()
          return Order.objects.none()

      def latest_orders(self):
          return Order.objects.filter(customer=self).order_by("-id")

      def through_param(self, orders):
          return orders.filter(status="x")


  class Order(models.Model):
      number = models.CharField(max_length=20)
      status = models.CharField(max_length=20)
      customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")

      objects = OrderQuerySet.as_manager()
      managed = OrderManager()
      live = BaseOrderManager.from_queryset(OrderQuerySet)()

      @classmethod
      def for_customer(cls, customer):
          found = cls.objects.filter(customer=customer)
          if customer.vip:
              found = found.select_related("customer")
          return found

      @classmethod
      def with_unknown_base(cls, rows):
          found = rows
          return found.filter(status="x")

      @staticmethod
      def open_ones():
          return Order.objects.filter(status="open")
`;

describe("ProjectIndex: methods returning QuerySets", () => {
  let index: ProjectIndex;
  const model = (name: string) => index.models.get(`shop.models.${name}`)!;
  const method = (name: string, m: string): QueryMethod | undefined => model(name).queryMethods?.get(m);
  const managerMethod = (manager: string, m: string): QueryMethod | undefined => model("Order").managers.get(manager)?.queryMethods?.get(m);

  beforeAll(async () => {
    index = await indexFiles({ "shop/__init__.py": "", "shop/models.py": MODELS });
  });

  it("reads QuerySet methods of an as_manager() QuerySet, with their eager loads", () => {
    expect(managerMethod("objects", "paid")).toMatchObject({ rows: { k: "own" }, methods: ["filter"], filterKeys: ["status"], onQuerySet: true });
    expect(managerMethod("objects", "with_customer")).toMatchObject({ loads: ["customer", "lines"], onQuerySet: true });
  });

  it("leaves out methods that return values() rows or a single row", () => {
    expect(managerMethod("objects", "numbers")).toBeUndefined();
    expect(managerMethod("objects", "first_paid")).toBeUndefined();
  });

  it("takes the nearest definition in a manager's MRO and follows refinements of a local name", () => {
    expect(managerMethod("managed", "recent")).toMatchObject({ methods: ["only"], onQuerySet: false });
    expect(managerMethod("managed", "by_key")).toMatchObject({ filterKeys: ["pk"], onQuerySet: false });
  });

  it("reads both classes of from_queryset(): the QuerySet's methods survive filter(), the manager's do not", () => {
    expect(managerMethod("live", "paid")?.onQuerySet).toBe(true);
    expect(managerMethod("live", "recent")?.onQuerySet).toBe(false);
  });

  it("summarises model classmethods over cls managers, as the union of their bindings", () => {
    expect(method("Order", "for_customer")).toMatchObject({
      binding: "class",
      rows: { k: "manager", manager: "objects" },
      methods: ["filter", "select_related"],
      loads: ["customer"],
    });
    expect(method("Order", "for_customer")?.rows).not.toHaveProperty("model");
  });

  it("resolves a named model's manager, and a relation of the row", () => {
    expect(method("Order", "open_ones")).toMatchObject({ binding: "static", rows: { k: "manager", model: "shop.models.Order", manager: "objects" } });
    expect(method("Customer", "open_orders")).toMatchObject({ binding: "instance", rows: { k: "relation", attr: "orders" } });
    expect(method("Customer", "latest_orders")?.rows).toEqual({ k: "manager", model: "shop.models.Order", manager: "objects" });
  });

  it("rejects returns that start from different roots, parameters or unknown locals", () => {
    expect(method("Customer", "orders_or_nothing")).toBeUndefined();
    expect(method("Customer", "through_param")).toBeUndefined();
    expect(method("Order", "with_unknown_base")).toBeUndefined();
  });
});
