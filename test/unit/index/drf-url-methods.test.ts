import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";

const MODELS = py`
  from django.db import models


  class Project(models.Model):
      featured = models.BooleanField(default=False)


  class Order(models.Model):
      project = models.ForeignKey(Project, on_delete=models.CASCADE)
`;

const VIEWS = py`
  from rest_framework import generics, serializers

  from .models import Order, Project


  class OrderSerializer(serializers.ModelSerializer):
      class Meta:
          model = Order
          fields = ["id"]


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
    const index = await indexFiles({ "shop/models.py": MODELS, "shop/views.py": VIEWS });
    expect(index.drf.views.get("shop.views.ByUrlMethod")?.bound?.kind).toBe("parent");
    expect(index.drf.views.get("shop.views.ByOtherMethod")?.bound).toBeUndefined();
  });
});
