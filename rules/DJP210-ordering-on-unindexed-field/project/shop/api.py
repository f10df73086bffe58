from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from shop.models import Event, Order
from shop.pagination import ComputedCursor, IdCursor, NameCursor, PlacedCursor


class PlacedOrders(ListAPIView):
    queryset = Order.objects.all()
    pagination_class = PlacedCursor


class Events(ListAPIView):
    queryset = Event.objects.all()


class EventsById(ListAPIView):
    queryset = Event.objects.all()
    pagination_class = IdCursor


class ComputedOrders(ListAPIView):
    queryset = Order.objects.all()
    pagination_class = ComputedCursor


class SortedEvents(ListAPIView):
    queryset = Event.objects.all()
    pagination_class = NameCursor
    filter_backends = [OrderingFilter]
    ordering_fields = ["id"]
