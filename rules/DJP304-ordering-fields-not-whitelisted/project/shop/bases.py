from rest_framework import viewsets
from rest_framework.filters import OrderingFilter

from .models import Order
from .serializers import OrderSerializer


class BaseOrderUploadsViewSet(viewsets.ReadOnlyModelViewSet):
    """Never routed itself: shop/views.py's `MyOrderUploads` is (shop/urls.py)."""

    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    filter_backends = (OrderingFilter,)
