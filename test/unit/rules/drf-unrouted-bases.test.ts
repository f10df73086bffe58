/**
 * DJP301 and DJP306 on a base viewset the project never routes itself (rotation set 12): the base lists
 * nothing, so it is not reported; the routed subclass that inherits the list is.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

/** The mini project beside the analysed views module, by path. */
const PROJECT: Record<string, string> = {
  "shop/settings.py": `INSTALLED_APPS = ["shop", "rest_framework"]\nREST_FRAMEWORK = {}\n`,
  "shop/models.py": `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
`,
  "shop/serializers.py": `from rest_framework import serializers

from .models import Order


class OrderSerializer(serializers.ModelSerializer):
    customer = serializers.StringRelatedField()

    class Meta:
        model = Order
        fields = ["id", "customer"]
`,
  "shop/urls.py": `from rest_framework.routers import DefaultRouter

from shop.views import OrderViewSet

router = DefaultRouter()
router.register("orders", OrderViewSet)
urlpatterns = router.urls
`,
};
const VIEWS = `from rest_framework import viewsets

from .models import Order
from .serializers import OrderSerializer


class BaseOrderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class OrderViewSet(BaseOrderViewSet):
    pass
`;

async function linesOf(folder: string): Promise<number[]> {
  const findings = await runRuleOn(await loadRule(folder), "shop/views.py", VIEWS, Object.entries(PROJECT).map(([path, text]) => ({ path, text })));
  return findings.map((f) => f.range.start.line).sort((a, b) => a - b);
}

describe("list rules on a base that is never routed", () => {
  it("DJP301 reports the routed subclass only", async () => {
    expect(await linesOf("DJP301-list-view-without-pagination")).toEqual([12]);
  });
  it("DJP306 reports the routed subclass only", async () => {
    expect(await linesOf("DJP306-serializer-relation-not-eager-loaded")).toEqual([12]);
  });
});
