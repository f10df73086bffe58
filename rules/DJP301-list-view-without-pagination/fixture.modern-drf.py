# fixture-path: shop/views.py
# The project pins DRF 3.14 (project.modern-drf/requirements.txt): `paginate_by` was removed in 3.3, so it pages nothing.
from rest_framework import generics

from .models import Order
from .serializers import OrderSerializer


# ruleid: DJP301
class LegacyPagedOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    paginate_by = 20
