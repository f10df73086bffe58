from rest_framework.pagination import CursorPagination as DrfCursorPagination


class CursorPagination(DrfCursorPagination):
    """The project's cursor pagination: DRF's class name, its own ordering."""

    ordering = "-id"
