/**
 * "One user's rows" needs the rows to point at the requesting user (rotation set 14: parkkihubi's
 * enforcement lists filter by the enforcer's city, its operator lists by `series__owner`, thousands of rows
 * each): the filter value is the user itself, and a lookup that walks relations first keeps the bound only
 * when every hop after the row's own key is one-to-one (each user has one such object).
 */
import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";

const models = py`
  from django.conf import settings
  from django.db import models

  class Domain(models.Model):
      code = models.CharField(max_length=10)

  class Enforcer(models.Model):
      user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
      domain = models.ForeignKey(Domain, on_delete=models.CASCADE)

  class Series(models.Model):
      owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

  class Permit(models.Model):
      series = models.ForeignKey(Series, on_delete=models.CASCADE)
      domain = models.ForeignKey(Domain, on_delete=models.CASCADE)
      holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

  class Customer(models.Model):
      user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

  class Order(models.Model):
      customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
`;

const views = py`
  from rest_framework import generics
  from shop.models import Order, Permit

  class CityPermits(generics.ListAPIView):
      def get_queryset(self):
          return Permit.objects.filter(domain=self.request.user.enforcer.domain)

  class OperatorPermits(generics.ListAPIView):
      def get_queryset(self):
          return Permit.objects.filter(series__owner=self.request.user)

  class HeldPermits(generics.ListAPIView):
      def get_queryset(self):
          return Permit.objects.filter(holder_id=self.request.user.id)

  class MyOrders(generics.ListAPIView):
      def get_queryset(self):
          return Order.objects.filter(customer__user=self.request.user)
`;

describe("one user's rows", () => {
  it("needs the user itself as the value and one-to-one hops after the row's own key", async () => {
    const index = await indexFiles({ "shop/__init__.py": "", "shop/models.py": models, "shop/views.py": views });
    const bound = (name: string) => index.drf.views.get(`shop.views.${name}`)?.bound?.kind;
    expect(bound("CityPermits")).toBeUndefined();
    expect(bound("OperatorPermits")).toBeUndefined();
    expect(bound("HeldPermits")).toBe("user");
    expect(bound("MyOrders")).toBe("user");
  });
});
