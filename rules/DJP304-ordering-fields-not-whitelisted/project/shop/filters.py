from rest_framework.filters import OrderingFilter


class IndexedOrderingFilter(OrderingFilter):
    def get_valid_fields(self, queryset, view, context=None):
        return [("id", "id"), ("reference", "reference")]
