# fixture-path: shop/views.py
from rest_framework import generics, viewsets

from .models import Order, Tag
from .serializers import (
    OrderAllSerializer,
    OrderListSerializer,
    OrderMethodSerializer,
    OrderNotesSerializer,
    OrderSourceSerializer,
    OrderSummarySerializer,
    TagSerializer,
)


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    # notes and payload are loaded for every row, never rendered.
    # ruleid: DJP106
    queryset = Order.objects.select_related("customer")
    serializer_class = OrderListSerializer


class NotesOnly(generics.ListAPIView):
    # payload is loaded, never rendered.
    # ruleid: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderNotesSerializer


class FromGetQueryset(generics.ListAPIView):
    serializer_class = OrderListSerializer

    # ruleid: DJP106
    def get_queryset(self):
        return Order.objects.filter(status="open")


# The base's queryset: reported on the class.
# ruleid: DJP106
class Inherited(OrderViewSet):
    pass


class Deferred(generics.ListAPIView):
    # ok: DJP106
    queryset = Order.objects.defer("notes", "payload")
    serializer_class = OrderListSerializer


class OnlyFields(generics.ListAPIView):
    # ok: DJP106
    queryset = Order.objects.only("id", "status", "customer")
    serializer_class = OrderListSerializer


class AllFields(generics.ListAPIView):
    # ok: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderAllSerializer


class ViaProperty(generics.ListAPIView):
    # summary is a property: it may read any column.
    # ok: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderSummarySerializer


class ViaMethod(generics.ListAPIView):
    # ok: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderMethodSerializer


class ViaSource(generics.ListAPIView):
    # notes is rendered under another name; payload is not.
    # ruleid: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderSourceSerializer


class LightModel(generics.ListAPIView):
    # ok: DJP106
    queryset = Tag.objects.all()
    serializer_class = TagSerializer


class Detail(generics.RetrieveAPIView):
    # Not a list view.
    # ok: DJP106
    queryset = Order.objects.all()
    serializer_class = OrderListSerializer


# Rotation set 12: a base the project never routes itself (only its subclass, shop/urls.py) lists
# nothing; the subclass that serves the list reports what it inherits.
class BasePaymentsViewSet(viewsets.ReadOnlyModelViewSet):
    # ok: DJP106 never routed itself
    queryset = Order.objects.all()
    serializer_class = OrderNotesSerializer


# ruleid: DJP106
class PaymentsViewSet(BasePaymentsViewSet):
    pass


from .models import Queue  # noqa: E402
from .serializers import QueueSerializer  # noqa: E402


class QueueList(generics.ListAPIView):
    # ok: DJP106 (alias is unique, code indexed: PostgreSQL's B-tree entries cap such text at ~2.7 kB, identifiers, not large values)
    queryset = Queue.objects.all()
    serializer_class = QueueSerializer
