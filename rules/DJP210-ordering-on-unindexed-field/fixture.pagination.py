# fixture-path: shop/pagination.py
from rest_framework.pagination import CursorPagination


class PlacedCursor(CursorPagination):
    # ruleid: DJP210 the PlacedOrders view pages Order by placed_at, which has no index
    ordering = "-placed_at"


class DefaultCursor(CursorPagination):
    # ruleid: DJP210 the settings default pages Event, whose created has no index
    ordering = "-created"


class IdCursor(CursorPagination):
    # ok: DJP210 the primary key is indexed
    ordering = "-id"


class UnusedCursor(CursorPagination):
    # ok: DJP210 no view uses it
    ordering = "-placed_at"


class ComputedCursor(CursorPagination):
    # ok: DJP210 the paginator computes its ordering (get_ordering)
    ordering = "-placed_at"

    def get_ordering(self, request, queryset, view):
        return ("-id",)


class NameCursor(CursorPagination):
    # ok: DJP210 the only view using it sorts through OrderingFilter, which the paginator defers to
    ordering = "name"
