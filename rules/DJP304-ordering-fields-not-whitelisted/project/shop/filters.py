from rest_framework.filters import BaseFilterBackend, OrderingFilter


class IndexedOrderingFilter(OrderingFilter):
    def get_valid_fields(self, queryset, view, context=None):
        return [("id", "id"), ("reference", "reference")]


class NamedProfilesFilter(BaseFilterBackend):
    """The list holds the profiles named in ?users=, else the requester's own."""

    def filter_queryset(self, request, queryset, view):
        if view.action == "list":
            names = request.query_params.get("users")
            if names:
                return queryset.filter(user__username__in=names.split(","))
            if request.user.is_anonymous:
                return queryset.none()
            return queryset.filter(user__username=request.user.username)
        return queryset


class ActiveProfilesFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        return queryset.filter(user__is_active=True)
