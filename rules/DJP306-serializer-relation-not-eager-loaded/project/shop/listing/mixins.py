from rest_framework import mixins
from rest_framework.response import Response

from shop.serializers import OrderIdsSerializer


class RowsListMixin(mixins.ListModelMixin):
    """Renders the page with the view's serializer, as DRF does, and adds a key to the response."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer()
        results = [serializer.to_representation(row) for row in page]
        response = self.get_paginated_response(results)
        response.data["generated_by"] = "rows-list"
        return response


class IdsListMixin(mixins.ListModelMixin):
    """Renders its own serializer, not the view's: what the view's serializer walks is never read."""

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        return Response(OrderIdsSerializer(rows, many=True).data)


class CachedRowsMixin:
    """Builds the rows once per request: `get_queryset` returns what it cached from DRF's."""

    _cached_rows = None

    def get_queryset(self):
        if self._cached_rows is None:
            self._cached_rows = super().get_queryset()
        return self._cached_rows
