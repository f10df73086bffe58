import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";

const MODELS = py`
  from django.db import models


  class Project(models.Model):
      featured = models.BooleanField(default=False)


  class Order(models.Model):
      project = models.ForeignKey(Project, on_delete=models.CASCADE)
`;

const SERIALIZERS = py`
  from rest_framework import serializers

  from .models import Order


  class OrderSerializer(serializers.ModelSerializer):
      class Meta:
          model = Order
          fields = ["id"]
`;

const VIEWS = py`
  from rest_framework import generics

  from .models import Order, Project
  from .serializers import OrderSerializer


  class ByUrlMethod(generics.ListAPIView):
      serializer_class = OrderSerializer

      def get_project(self):
          return Project.objects.get(pk=self.kwargs["project_pk"])

      def get_queryset(self):
          return Order.objects.filter(project=self.get_project())


  class ByOtherMethod(generics.ListAPIView):
      serializer_class = OrderSerializer

      def get_project(self):
          return Project.objects.filter(featured=True).first()

      def get_queryset(self):
          return Order.objects.filter(project=self.get_project())
`;

describe("DRF bounds: a view method that looks the parent up from the URL", () => {
  it("takes the rows filtered by it for one parent's rows, and not those of a method that reads no URL argument", async () => {
    const index = await indexFiles({ "shop/models.py": MODELS, "shop/serializers.py": SERIALIZERS, "shop/views.py": VIEWS });
    expect(index.drf.views.get("shop.views.ByUrlMethod")?.bound?.kind).toBe("parent");
    expect(index.drf.views.get("shop.views.ByOtherMethod")?.bound).toBeUndefined();
  });
});

const FILTERED = py`
  from rest_framework import generics

  from .models import Order
  from .serializers import OrderSerializer


  class ByUrlFilter(generics.ListAPIView):
      queryset = Order.objects.all()
      serializer_class = OrderSerializer

      def filter_queryset(self, queryset):
          queryset = super().filter_queryset(queryset)
          return queryset.filter(project_id=self.kwargs["project_pk"])


  class SometimesFiltered(generics.ListAPIView):
      queryset = Order.objects.all()
      serializer_class = OrderSerializer

      def filter_queryset(self, queryset):
          if self.request.query_params.get("all"):
              return queryset
          return queryset.filter(project_id=self.kwargs["project_pk"])
`;

describe("DRF bounds: a view's own filter_queryset", () => {
  it("takes every list return filtered by a URL argument for one parent's rows, and not one that skips the filter", async () => {
    const index = await indexFiles({ "shop/models.py": MODELS, "shop/serializers.py": SERIALIZERS, "shop/views.py": FILTERED });
    expect(index.drf.views.get("shop.views.ByUrlFilter")?.bound?.kind).toBe("parent");
    expect(index.drf.views.get("shop.views.SometimesFiltered")?.bound).toBeUndefined();
  });
});

const SESSION_VIEWS = py`
  from rest_framework import generics, viewsets

  from .models import Order
  from .serializers import OrderSerializer


  class TenantScoped(viewsets.GenericViewSet):
      def get_queryset(self):
          return super().get_queryset().filter(project_id=self.current_project_id())

      def current_project_id(self):
          picked = self.request.session.get("project_id")
          if not picked:
              raise PermissionError("pick a project")
          return picked


  class TenantOrders(TenantScoped, generics.ListAPIView):
      queryset = Order.objects.all()
      serializer_class = OrderSerializer


  class SessionFilter(generics.ListAPIView):
      serializer_class = OrderSerializer

      def get_queryset(self):
          return Order.objects.filter(project_id=self.request.session["project_id"])


  class PickedByNobody(generics.ListAPIView):
      serializer_class = OrderSerializer

      def featured_project(self):
          return 1

      def get_queryset(self):
          return Order.objects.filter(project_id=self.featured_project())
`;

describe("DRF bounds: the project the user's session holds", () => {
  it("takes a list filtered by a method reading the session, or by the session itself, for the rows of whoever asks, with the scope column", async () => {
    const index = await indexFiles({ "shop/models.py": MODELS, "shop/serializers.py": SERIALIZERS, "shop/views.py": SESSION_VIEWS });
    expect(index.drf.views.get("shop.views.TenantOrders")?.bound).toMatchObject({ kind: "user", lookups: ["project_id"] });
    expect(index.drf.views.get("shop.views.TenantOrders")?.bound?.reason).toContain("`self.current_project_id`, which reads the request's user or session");
    expect(index.drf.views.get("shop.views.SessionFilter")?.bound).toMatchObject({ kind: "user", lookups: ["project_id"] });
    expect(index.drf.views.get("shop.views.PickedByNobody")?.bound).toBeUndefined();
  });
});
