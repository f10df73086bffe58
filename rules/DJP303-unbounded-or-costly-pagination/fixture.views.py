# fixture-path: shop/views.py
from rest_framework import generics
from rest_framework.pagination import CursorPagination, PageNumberPagination

from .models import Event, Tag
from .serializers import EventSerializer, TagSerializer


class EventCursor(CursorPagination):
    ordering = "-created"
    page_size = 50


class EventPages(PageNumberPagination):
    page_size = 50


# Event is listed in large_models, and the view keeps the settings default (offsets).
# ruleid: DJP303
class EventList(generics.ListAPIView):
    queryset = Event.objects.all()
    serializer_class = EventSerializer


# ruleid: DJP303
class EventPaged(generics.ListAPIView):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    pagination_class = EventPages


# CursorPagination runs no COUNT and no OFFSET: not costly on a large table.
# ok: DJP303
class EventFeed(generics.ListAPIView):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    pagination_class = EventCursor


# Tag is not listed in large_models.
# ok: DJP303
class TagList(generics.ListAPIView):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
