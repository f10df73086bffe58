from shop.access.query_filters import register_row_filter
from shop.models import Order


def _only_for(queryset, user):
    if user is None:
        return queryset.none()
    return queryset.filter(customer__name=user.username)


def _orders_for(user, queryset=None):
    rows = queryset if queryset is not None else Order.objects.all()
    return _only_for(rows, user)


def _loaded_orders_for(user):
    return _only_for(Order.objects.select_related("customer__region").prefetch_related("items__product", "tags"), user)


def _orders_from_elsewhere(user):
    return fetch_orders(user)


register_row_filter("orders.visible", _orders_for)
register_row_filter("orders.loaded", _loaded_orders_for)
register_row_filter("orders.elsewhere", _orders_from_elsewhere)
