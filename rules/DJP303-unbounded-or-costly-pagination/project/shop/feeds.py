from rest_framework.pagination import BasePagination


class FeedCursorPagination(BasePagination):
    ordering = ("recorded", "id")

    def paginate_queryset(self, queryset, request, view=None):
        return list(queryset.order_by(*self.ordering)[:50])
