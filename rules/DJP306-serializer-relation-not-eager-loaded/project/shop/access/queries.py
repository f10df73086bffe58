try:
    from shop.access.query_filters import row_filter
except ImportError:
    def row_filter(key): return None

from shop.models import Order


def orders_for(user):
    impl = row_filter("orders.visible")
    if impl:
        return impl(user)
    return Order.objects.all()


def loaded_orders_for(user):
    impl = row_filter("orders.loaded")
    if impl:
        return impl(user)
    return Order.objects.select_related("customer__region").prefetch_related("items__product", "tags")


def orders_from_elsewhere(user):
    impl = row_filter("orders.elsewhere")
    if impl:
        return impl(user)
    return Order.objects.all()
