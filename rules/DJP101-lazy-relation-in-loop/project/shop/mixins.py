from django.core.cache import cache
from django.shortcuts import get_object_or_404

from shop.models import Order


class OrderFromUrlMixin:
    """Loads the order named in the URL once: from self, then the cache, then the database."""

    @property
    def order(self):
        if hasattr(self, "_order"):
            return self._order
        key = "order_%s" % self.kwargs["pk"]
        cached = cache.get(key)
        if cached:
            self._order = cached
            return cached
        order = get_object_or_404(Order, pk=self.kwargs["pk"])
        cache.set(key, order)
        self._order = order
        return order


class SessionOrderMixin(OrderFromUrlMixin):
    @property
    def order(self):
        # An override that returns something else hides the mixin's row.
        return self.request.session.get("order")


class MaybeOrderMixin:
    @property
    def order(self):
        if "pk" in self.kwargs:
            return Order.objects.get(pk=self.kwargs["pk"])
        return self.kwargs.get("order")
