from rest_framework.generics import ListAPIView

from shop.models import Event, Order
from shop.pagination import IdCursor, PlacedCursor


class PlacedOrders(ListAPIView):
    queryset = Order.objects.all()
    pagination_class = PlacedCursor


class Events(ListAPIView):
    queryset = Event.objects.all()


class EventsById(ListAPIView):
    queryset = Event.objects.all()
    pagination_class = IdCursor
