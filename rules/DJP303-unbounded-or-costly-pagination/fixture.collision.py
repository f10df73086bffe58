# fixture-path: shop/banners.py
from rest_framework import generics

from .models import Reading
from .pagination import CursorPagination
from .serializers import EventSerializer


# Rotation set 12: `CursorPagination` here is the project's subclass (shop/pagination.py, ordering
# "-id"), imported under DRF's name; DRF's "-created" is not its ordering.
class ReadingBanners(generics.ListAPIView):
    queryset = Reading.objects.all()
    serializer_class = EventSerializer
    # ok: DJP303
    pagination_class = CursorPagination
