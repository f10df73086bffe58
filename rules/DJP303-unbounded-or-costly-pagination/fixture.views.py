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


# Cursor pagination needs an unchanging, unique or nearly unique, non-null ordering (DJP210 checks the index).
from .models import Reading  # noqa: E402


class TakenCursor(CursorPagination):
    # ruleid: DJP303
    ordering = "-taken_at"


class ValueCursor(CursorPagination):
    # ruleid: DJP303
    ordering = ("value", "id")


# ruleid: DJP303
class DefaultOrderCursor(CursorPagination):
    page_size = 20


class RecordedCursor(CursorPagination):
    # ok: DJP303
    ordering = "-recorded"


class ReadingsByTaken(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = TakenCursor


class ReadingsByValue(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = ValueCursor


class ReadingsDefault(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = DefaultOrderCursor


class ReadingsRecorded(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = RecordedCursor


class EventsDefault(generics.ListAPIView):
    # ok: DJP303
    queryset = Event.objects.order_by("-created")
    serializer_class = EventSerializer
    pagination_class = EventCursor


# Rotation set 9: a paginator named "...CursorPagination" built on BasePagination (with its own
# ordering) is not DRF's cursor pagination, and one whose base lives in another module is not read.
from rest_framework.pagination import BasePagination  # noqa: E402

from .feeds import FeedCursorPagination  # noqa: E402


class StreamCursorPagination(BasePagination):
    ordering = ("recorded", "id")


# ok: DJP303
class ReadingStreamCursorPagination(StreamCursorPagination):
    page_size = 20


# ok: DJP303 the base's ordering is not known
class ReadingFeedCursorPagination(FeedCursorPagination):
    page_size = 20


# A subclass of a cursor pagination of this file keeps the base's ordering; one without any keeps "-created".
class RecordedCursorBase(CursorPagination):
    # ok: DJP303
    ordering = "-recorded"


# ok: DJP303 ordered by the base's "-recorded"
class RecordedCursorChild(RecordedCursorBase):
    page_size = 20


class PlainCursorBase(CursorPagination):
    page_size = 20


# ruleid: DJP303 DRF's "-created", and Reading has no such field
class PlainCursorChild(PlainCursorBase):
    page_size = 10


class ReadingStream(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = ReadingStreamCursorPagination


class ReadingFeed(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = ReadingFeedCursorPagination


class ReadingRecordedChild(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = RecordedCursorChild


class ReadingPlainChild(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    pagination_class = PlainCursorChild
