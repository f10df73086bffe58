from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Event, Tag
from .serializers import EventSerializer, TagSerializer


class SmallPages(PageNumberPagination):
    page_size = 20


class TagList(generics.ListAPIView):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    pagination_class = SmallPages


class EventFeed(APIView):
    def get(self, request):
        paginator = SmallPages()
        page = paginator.paginate_queryset(Event.objects.order_by("-created"), request)
        return paginator.get_paginated_response(EventSerializer(page, many=True).data)


@api_view(["GET"])
def tag_names(request):
    paginator = SmallPages()
    page = paginator.paginate_queryset(Tag.objects.order_by("name"), request)
    return paginator.get_paginated_response([t.name for t in page])
