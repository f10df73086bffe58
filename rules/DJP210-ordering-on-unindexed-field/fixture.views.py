# fixture-path: shop/views.py
from django.contrib.auth.models import Permission, User
from django.db.models import Prefetch
from rest_framework.generics import ListAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.pagination import CursorPagination
from rest_framework.viewsets import GenericViewSet
from rest_framework_nested.viewsets import NestedViewSetMixin

from shop.models import Customer, Event, Invoice, Order


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


def customers_with_orders():
    # ok: DJP210 a Prefetch queryset runs with the fetched customers' keys added: each customer's few orders are sorted
    a = Customer.objects.prefetch_related(Prefetch("orders", queryset=Order.objects.filter(total__gt=0).order_by("-placed_at")))
    # ok: DJP210 the same as the second positional argument, through a chain in parentheses
    b = Customer.objects.prefetch_related(Prefetch("orders", (Order.objects.order_by("total").only("total"))))
    return a, b


def customers_with_sorted_orders():
    # ok: DJP210 a local queryset used only as a Prefetch queryset
    ordered = Order.objects.order_by("total")
    return Customer.objects.prefetch_related(Prefetch("orders", queryset=ordered, to_attr="sorted_orders"))


def orders_and_prefetch():
    # ruleid: DJP210 the same queryset also runs on its own, over the whole table
    ordered = Order.objects.order_by("total")
    return list(ordered), Customer.objects.prefetch_related(Prefetch("orders", queryset=ordered))


def for_owner(field, owner_id, params):
    # ok: DJP210 `**kwargs` keys are not in the code: nothing shows the sort sees the whole table
    a = Order.objects.filter(**{field: owner_id}).order_by("-placed_at")
    # ok: DJP210 a dict built elsewhere
    b = Order.objects.filter(**params).order_by("-placed_at").first()
    # ruleid: DJP210 `exclude(**kwargs)` removes rows, it never narrows to a few
    c = Order.objects.filter(total__gt=1).exclude(**params).order_by("-placed_at")
    return a, b, c


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



class SortableOrderList(ListAPIView):
    queryset = Order.objects.all()
    # ruleid: DJP210 clients may sort by total, which has no index
    ordering_fields = ["total",
        # ok: DJP210 created is indexed
        "created",
        # ok: DJP210 a related path needs the other table's index
        "customer__name"]


class CursorOrders(ListAPIView):
    queryset = Order.objects.all()
    # ok: DJP210 the DRF CursorPagination orders by -created, indexed on Order
    pagination_class = CursorPagination


class CursorEvents(ListAPIView):
    queryset = Event.objects.all()
    # ruleid: DJP210 the DRF CursorPagination orders by -created, not indexed on Event
    pagination_class = CursorPagination


class MyOrderList(ListAPIView):
    # ruleid: DJP210 reported at info: the list holds one user's rows, sorted after the owner filter's index
    ordering_fields = ["total"]

    def get_queryset(self):
        return Order.objects.filter(customer__user=self.request.user)


class CustomerOrderList(ListAPIView):
    # ruleid: DJP210 reported at info: one parent's rows (the customer in the URL)
    ordering = ["-placed_at"]

    def get_queryset(self):
        return Order.objects.filter(customer_id=self.kwargs["customer_pk"])


def through_relations(email, name, order):
    # ok: DJP210 one customer's orders: the unique email finds the customer, the foreign key's index its orders
    a = Order.objects.filter(customer__email=email).order_by("placed_at")
    # ruleid: DJP210 no index serves the customer's name: every order is joined and sorted
    b = Order.objects.filter(customer__name=name).order_by("placed_at")
    # ok: DJP210 the customer of one order, through the reverse relation's foreign key
    c = Customer.objects.filter(orders=order).order_by("name")
    # ok: DJP210 the customers with an order of one status (status is indexed), joined on the foreign key
    d = Customer.objects.filter(orders__status="open").order_by("name")
    return a, b, c, d


class CustomerOrderViewSet(NestedViewSetMixin, ListModelMixin, GenericViewSet):
    # ok: DJP210 the nested view lists one customer's orders (parent_lookup_kwargs, a foreign key from the URL)
    queryset = Order.objects.all().order_by("-placed_at")
    parent_lookup_kwargs = {"customer_pk": "customer__pk"}


class CustomerNameOrderViewSet(NestedViewSetMixin, ListModelMixin, GenericViewSet):
    # ruleid: DJP210 the parent is found by a column no index serves
    queryset = Order.objects.all().order_by("-placed_at")
    parent_lookup_kwargs = {"customer_name": "customer__name"}


def permissions_by_codename():
    # ok: DJP210 Django's own table: the project's migrations add no index to it
    return list(Permission.objects.filter(codename__startswith="view_").order_by("codename"))


def users_by_email():
    # ok: DJP210
    return list(User.objects.filter(is_active=True).order_by("email"))


def random_user():
    # ruleid: DJP210 a random sort is not index advice
    return User.objects.order_by("?").first()


def orders_of_removed_channel():
    # ok: DJP210 `channel` is no field of Order: Django raises FieldError before sorting (dead code)
    return list(Order.objects.filter(channel__key="web").order_by("total"))


def orders_by_customer_name():
    # ruleid: DJP210 a filter through a real relation still sorts the matching rows
    return list(Order.objects.filter(customer__name__startswith="A").order_by("total"))


class CustomerScoped(GenericViewSet):
    """Every list of a subclass holds the rows of the customer the user's session picked."""

    def get_queryset(self):
        return super().get_queryset().filter(customer_id=self.current_customer())

    def current_customer(self):
        return self.request.session.get("customer_id")


class SessionOrderList(CustomerScoped, ListAPIView):
    queryset = Order.objects.all()
    # ruleid: DJP210 reported at info: one customer's rows; the advice is the composite (customer, placed_at)
    ordering_fields = ["placed_at"]


class PaidFirstList(ListAPIView):
    queryset = Order.objects.all()
    # ok: DJP210 a sort by a flag: no index led by a two-valued column serves a page of it
    ordering_fields = ["paid"]


class SessionInvoiceList(CustomerScoped, ListAPIView):
    queryset = Invoice.objects.all()
    # ok: DJP210 the composite index (customer, -issued_at) serves one customer's list
    ordering = ["-issued_at"]


class AllInvoiceList(ListAPIView):
    queryset = Invoice.objects.all()
    # ruleid: DJP210 every customer's invoices: the composite index does not lead with the sort column
    ordering = ["-issued_at"]
