# fixture-path: shop/views.py
from rest_framework.generics import ListAPIView

from shop.models import Order


def latest_orders():
    # ruleid: DJP210
    return Order.objects.order_by("-placed_at")[:50]


def random_order():
    # ruleid: DJP210
    return Order.objects.order_by("?").first()


def by_total():
    # ruleid: DJP210
    return list(Order.objects.filter(total__gt=100).order_by("total"))


def recent():
    # ok: DJP210 an index starts with created
    return Order.objects.order_by("-created")


def for_customer(customer):
    # ok: DJP210 the related manager narrows to one customer's rows
    a = customer.orders.order_by("-placed_at")
    # ok: DJP210 narrowed by an equality filter on an indexed column
    b = Order.objects.filter(status="open").order_by("placed_at")
    return a, b


def names(rows):
    # ok: DJP210 not a QuerySet
    return rows.order_by("name")


class OrderList(ListAPIView):
    queryset = Order.objects.all()
    # ruleid: DJP210
    ordering = ["-placed_at"]


class RecentOrderList(ListAPIView):
    queryset = Order.objects.all()
    # ok: DJP210 an index starts with created
    ordering = "-created"

