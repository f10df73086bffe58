# fixture-path: shop/views.py
# The project pins DRF 2.3 (project.drf2/requirements.txt): a view without `queryset` lists
# `model._default_manager.all()`, DRF 2's shortcut (removed in 3.0).
from rest_framework import generics

from .models import Order
from .serializers import OrderSerializer


class ModelOnlyOrders(generics.ListAPIView):
    # Nothing eager-loaded: customer, customer.region and tags per row.
    # ruleid: DJP306
    model = Order
    serializer_class = OrderSerializer


class FilteredModelOrders(generics.ListAPIView):
    model = Order
    serializer_class = OrderSerializer

    # DRF 2's get_queryset() is the same shortcut.
    # ruleid: DJP306
    def get_queryset(self):
        return super().get_queryset().filter(id__gt=0)


class LoadedModelOrders(generics.ListAPIView):
    model = Order
    serializer_class = OrderSerializer

    # ok: DJP306
    def get_queryset(self):
        return super().get_queryset().select_related("customer__region").prefetch_related("tags")
