import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";
import type { ViewInfo } from "../../../src/analysis/index/drf/types.js";

const models = py`
  from django.db import models

  class OrderQuerySet(models.QuerySet):
      def for_list(self):
          return self.select_related("customer").prefetch_related("items")

      def opaque(self):
          return compute_rows(self)

  class OrderManager(models.Manager):
      def with_customer(self):
          return self.get_queryset().select_related("customer")

  class Customer(models.Model):
      name = models.CharField(max_length=10)

  class Order(models.Model):
      customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
      objects = OrderManager()
      rows = OrderQuerySet.as_manager()

  class Item(models.Model):
      order = models.ForeignKey(Order, related_name="items", on_delete=models.CASCADE)
`;

const serializers = py`
  from rest_framework import serializers
  from shop.models import Order

  class OrderSerializer(serializers.ModelSerializer):
      class Meta:
          model = Order
          fields = ["id", "customer"]

  class OrderListSerializer(OrderSerializer):
      pass

  class OrderDetailSerializer(OrderSerializer):
      pass
`;

const queries = py`
  from shop.models import Order

  def visible_orders(user):
      qs = Order.objects.filter(owner=user)
      return qs.select_related("customer")

  def anything(user):
      return user.cached_rows()
`;

function rowsOf(view: ViewInfo | undefined): unknown {
  if (!view) return "no view";
  if ("unresolved" in view.queryset) return view.queryset;
  return { model: view.queryset.model, loads: [...new Set(view.queryset.loads.loads)].sort() };
}

describe("DRF graph: where list querysets come from", () => {
  it("follows helper methods, super() to a project base, manager and QuerySet methods and module functions", async () => {
    const index = await indexFiles({
      "shop/models.py": models,
      "shop/queries.py": queries,
      "api/serializers.py": serializers,
      "api/views.py": py`
        from rest_framework import generics, viewsets
        from shop import queries
        from shop.queries import visible_orders, anything
        from shop.models import Order
        from .serializers import OrderSerializer, OrderListSerializer, OrderDetailSerializer

        class Base(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return Order.objects.select_related("customer")

        class Child(Base):
            def get_queryset(self):
                return super().get_queryset().filter(paid=True)

        class Helper(generics.ListAPIView):
            serializer_class = OrderSerializer

            def base_rows(self):
                return Order.objects.prefetch_related("items")

            def get_queryset(self):
                return self.base_rows().filter(paid=True)

        class ViaQuerySet(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return Order.rows.filter(paid=True).for_list()

        class ViaManager(generics.ListAPIView):
            serializer_class = OrderSerializer
            queryset = Order.objects.with_customer()

        class ViaFunction(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return visible_orders(self.request.user)

        class ViaModule(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return queries.visible_orders(self.request.user).order_by("id")

        class Refined(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                qs = Order.rows.filter(paid=True)
                qs = qs.for_list()
                return qs

        class RefinedOpaque(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                qs = Order.rows.all()
                if self.request.user.is_staff:
                    qs = qs.opaque()
                return qs

        class Unknown(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return anything(self.request.user)

        class UnknownMethod(generics.ListAPIView):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return Order.rows.opaque()

        class ByAction(viewsets.ModelViewSet):
            queryset = Order.objects.all()
            serializer_class = OrderDetailSerializer

            def get_serializer_class(self):
                if self.action == "list":
                    return OrderListSerializer
                return super().get_serializer_class()

        class ByOtherAction(viewsets.ModelViewSet):
            queryset = Order.objects.all()
            serializer_class = OrderListSerializer

            def get_serializer_class(self):
                if self.action in ("retrieve", "update"):
                    return OrderDetailSerializer
                return self.serializer_class

        class Ambiguous(viewsets.ModelViewSet):
            queryset = Order.objects.all()
            serializer_class = OrderListSerializer

            def get_serializer_class(self):
                if self.request.user.is_staff:
                    return OrderDetailSerializer
                return self.serializer_class
      `,
    });
    const views = new Map(index.drf.viewsIn("api/views.py").map((v) => [v.name, v]));
    const order = "shop.models.Order";
    expect(rowsOf(views.get("Child"))).toEqual({ model: order, loads: ["customer"] });
    expect(rowsOf(views.get("Helper"))).toEqual({ model: order, loads: ["items"] });
    expect(rowsOf(views.get("ViaQuerySet"))).toEqual({ model: order, loads: ["customer", "items"] });
    expect(rowsOf(views.get("ViaManager"))).toEqual({ model: order, loads: ["customer"] });
    expect(rowsOf(views.get("ViaFunction"))).toEqual({ model: order, loads: ["customer"] });
    expect(rowsOf(views.get("ViaModule"))).toEqual({ model: order, loads: ["customer"] });
    // `qs = qs.for_list()` refines the name's rows: its custom method is read like a chained one.
    expect(rowsOf(views.get("Refined"))).toEqual({ model: order, loads: ["customer", "items"] });
    expect(rowsOf(views.get("RefinedOpaque"))).toMatchObject({ unresolved: expect.stringContaining("compute_rows") });
    expect(rowsOf(views.get("Unknown"))).toMatchObject({ unresolved: expect.stringContaining("cached_rows") });
    expect(rowsOf(views.get("UnknownMethod"))).toMatchObject({ unresolved: expect.stringContaining("compute_rows") });
    expect(views.get("ByAction")?.serializer).toMatchObject({ qn: "api.serializers.OrderListSerializer" });
    expect(views.get("ByOtherAction")?.serializer).toMatchObject({ qn: "api.serializers.OrderListSerializer" });
    expect(views.get("Ambiguous")?.serializer).toMatchObject({ unresolved: "get_serializer_class returns one of several serializers" });
  });
});

describe("DRF graph: view mixins in the API layer", () => {
  it("reads an api/ mixin that names no index keyword, and resolves the serializer model and self attributes it uses", async () => {
    const index = await indexFiles({
      "shop/models.py": models,
      "api/serializers.py": serializers,
      // No keyword of the index's text filter (Model, Serializer, ViewSet, ...): selected by its path.
      "api/mixins.py": py`
        class ScopedMixin:
            scope_field = "customer"

            def get_queryset(self):
                return self.get_serializer_class().Meta.model.objects.select_related(self.scope_field)
      `,
      "api/views.py": py`
        from rest_framework import generics
        from .mixins import ScopedMixin
        from .serializers import OrderSerializer

        class Scoped(ScopedMixin, generics.ListAPIView):
            serializer_class = OrderSerializer

        class Renamed(ScopedMixin, generics.ListAPIView):
            serializer_class = OrderSerializer
            scope_field = "customer__region"

        class Computed(ScopedMixin, generics.ListAPIView):
            serializer_class = OrderSerializer

            @property
            def scope_field(self):
                return "customer"
      `,
    });
    const rows = (name: string) => rowsOf(index.drf.views.get(`api.views.${name}`));
    expect(rows("Scoped")).toEqual({ model: "shop.models.Order", loads: ["customer"] });
    expect(rows("Renamed")).toEqual({ model: "shop.models.Order", loads: ["customer__region"] });
    expect(rows("Computed")).toEqual({ unresolved: "get_queryset eager-loads self.scope_field, not a literal class attribute" });
  });
});

describe("DRF graph: QuerySet helpers across files", () => {
  const registry = py`
    _FILTERS = {}

    def register_filter(key, func, *, override=False):
        if key in _FILTERS and not override:
            return
        _FILTERS[key] = func

    def get_filter(key):
        return _FILTERS.get(key)
  `;
  const helpers = py`
    try:
        from shop.query_filters import get_filter
    except ImportError:
        def get_filter(key): return None

    from shop.models import Order

    def visible_orders(permission):
        impl = get_filter("KEY")
        if impl:
            return impl(permission)
        return Order.objects.all().order_by("id")
  `;
  const registrations = py`
    from shop.query_filters import register_filter
    from shop.models import Order

    def _restrict(queryset, permission, user=None):
        if user is None:
            return queryset.none()
        return queryset.filter(owner=user)

    def _visible_orders(permission, queryset=None):
        qs = queryset if queryset is not None else Order.objects.all()
        return _restrict(qs, permission)

    def _opaque_orders(permission):
        return compute(permission)

    register_filter("order.visible", _visible_orders)
    register_filter("order.opaque", _opaque_orders)
  `;
  const views = py`
    from rest_framework import generics
    from shop.queries import visible_orders
    from .serializers import OrderSerializer

    class Visible(generics.ListAPIView):
        serializer_class = OrderSerializer

        def get_queryset(self):
            return visible_orders("view").prefetch_related("items")
  `;

  async function visibleRows(key: string): Promise<unknown> {
    const index = await indexFiles({
      "shop/models.py": models,
      "shop/query_filters.py": registry,
      "shop/query_registrations.py": registrations,
      "shop/queries.py": helpers.replace("KEY", key),
      "api/serializers.py": serializers,
      "api/views.py": views,
    });
    return rowsOf(index.drf.viewsIn("api/views.py").find((v) => v.name === "Visible"));
  }

  it("follows a helper into the function a registry holds under its key, through arguments and a None default", async () => {
    expect(await visibleRows("order.visible")).toEqual({ model: "shop.models.Order", loads: ["items"] });
  });

  it("stays unresolved when the registered function is not readable, or nothing is registered under the key", async () => {
    expect(await visibleRows("order.opaque")).toMatchObject({ unresolved: expect.stringContaining("compute") });
    expect(await visibleRows("order.missing")).toMatchObject({ unresolved: expect.stringContaining("order.missing") });
  });
});

describe("DRF graph: long chains, cached rows and package mixins (rotation set 12, open-zaak)", () => {
  it("reads a queryset of many calls, a get_queryset that caches DRF's rows, and views on list-neutral package mixins", async () => {
    const index = await indexFiles({
      "shop/__init__.py": "",
      "shop/models.py": models,
      "shop/serializers.py": serializers,
      "shop/mixins.py": py`
        class CachedRowsMixin:
            _rows = None

            def get_queryset(self):
                if self._rows is None:
                    self._rows = super().get_queryset()
                return self._rows

        class UncheckedRowsMixin:
            def get_queryset(self):
                return self._rows
      `,
      "shop/views.py": py`
        from rest_framework import viewsets
        from vng_api_common.viewsets import CheckQueryParamsMixin, NestedViewSetMixin
        from shop.mixins import CachedRowsMixin, UncheckedRowsMixin
        from shop.models import Order
        from shop.serializers import OrderSerializer

        class LongChain(viewsets.ModelViewSet):
            queryset = Order.objects.all().filter(id__gt=0).select_related("customer").exclude(id=3).distinct().order_by("-id")
            serializer_class = OrderSerializer

        class Cached(CachedRowsMixin, CheckQueryParamsMixin, viewsets.ModelViewSet):
            queryset = Order.objects.select_related("customer")
            serializer_class = OrderSerializer

        class NotCached(UncheckedRowsMixin, viewsets.ModelViewSet):
            queryset = Order.objects.select_related("customer")
            serializer_class = OrderSerializer

        class Nested(NestedViewSetMixin, viewsets.ModelViewSet):
            queryset = Order.objects.select_related("customer")
            serializer_class = OrderSerializer
      `,
    });
    const view = (name: string) => index.drf.views.get(`shop.views.${name}`);
    expect(rowsOf(view("LongChain"))).toEqual({ model: "shop.models.Order", loads: ["customer"] });
    expect(rowsOf(view("Cached"))).toEqual({ model: "shop.models.Order", loads: ["customer"] });
    // No None test before the return: `self._rows` may be anything.
    expect(rowsOf(view("NotCached"))).toHaveProperty("unresolved");
    // A package mixin that overrides get_queryset is not list-neutral.
    expect(rowsOf(view("Nested"))).toHaveProperty("unresolved", "base class outside the project and DRF: vng_api_common.viewsets.NestedViewSetMixin");
  });
});

describe("DRF graph: a declared field is not a reverse accessor", () => {
  it("does not walk a name the model declares as a plain field, even when the index also holds a reverse accessor of that name", async () => {
    const { serializerWalk } = await import("../../../src/analysis/index/drf/walks.js");
    const index = await indexFiles({
      "shop/__init__.py": "",
      "shop/models.py": py`
        from django.db import models

        class Besluit(models.Model):
            zaak = models.CharField(max_length=200)

        class Zaak(models.Model):
            besluit = models.OneToOneField(Besluit, related_name="zaak", on_delete=models.CASCADE)
      `,
      "shop/serializers.py": py`
        from rest_framework import serializers
        from shop.models import Besluit

        class BesluitSerializer(serializers.ModelSerializer):
            class Meta:
                model = Besluit
                fields = ["id", "zaak"]
      `,
    });
    const walk = serializerWalk(index, "shop.serializers.BesluitSerializer", "shop.models.Besluit");
    expect(walk.paths.map((p) => p.path)).toEqual([]);
  });
});
