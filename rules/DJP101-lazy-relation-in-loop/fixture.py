# fixture-path: shop/reports.py
from typing import Optional

from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.views.generic import DetailView

from .mixins import MaybeOrderMixin, OrderFromUrlMixin, SessionOrderMixin
from .models import Customer, GiftCard, Invoice, Order, OrderItem, Product, Profile, Redemption, Review, Shipment, Voucher, Wishlist


def paid_order_lines():
    lines = []
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP101
        lines.append(order.customer.name)
    return lines


def customer_names_from_variable():
    orders = Order.objects.filter(status="open").order_by("-id")
    names = []
    for order in orders:
        # ruleid: DJP101
        names.append(order.customer.name)
        # ok: DJP101 the second read of the same relation in one iteration is served from the instance cache
        names.append(order.customer.company_id)
    return names


def customer_names_through_a_property():
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP101 the property reads self.customer.name: one customer query per order
        print(order.customer_name)


def customer_names_through_a_property_joined():
    for order in Order.objects.select_related("customer"):
        # ok: DJP101 the relation the property walks is joined
        print(order.customer_name)


def customer_keys_through_a_property():
    for order in Order.objects.all():
        # ok: DJP101 the property reads only the relation's key, which is on the row
        print(order.customer_key)


def names_in_comprehension():
    # ruleid: DJP101
    return [o.customer.name for o in Order.objects.all()]


def company_names():
    # The customer is joined, the customer's company is not.
    for order in Order.objects.select_related("customer"):
        # ruleid: DJP101
        print(order.customer.company.name)


def company_and_customer():
    for order in Order.objects.all():
        # ruleid: DJP101
        print(order.customer.name, order.customer.company.name)


def item_products():
    for order in Order.objects.prefetch_related("items"):
        for item in order.items.all():
            # ruleid: DJP101
            print(item.product.name)


def filtered_items_skip_the_prefetch_cache():
    for order in Order.objects.prefetch_related("items__product"):
        for item in order.items.filter(quantity__gt=1):
            # ruleid: DJP101
            print(item.product.name)


def nullable_coupon_under_bare_select_related():
    # select_related() without arguments follows non-null foreign keys only.
    for order in Order.objects.select_related():
        # ok: DJP101 customer is non-null, so select_related() joined it
        print(order.customer.name)
        # ruleid: DJP101
        print(order.coupon.code)


def locked_orders():
    # No fix here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    for order in Order.objects.select_for_update().filter(status="open"):
        # ruleid: DJP101
        print(order.coupon.code)


def profiles():
    for customer in Customer.objects.all():
        # ruleid: DJP101
        print(customer.profile.bio)


def totals_of_slim_rows():
    for order in Order.objects.only("id", "status"):
        # ok: DJP101 status is loaded by only()
        print(order.status)
        # ruleid: DJP101
        print(order.total)


def notes_deferred():
    for order in Order.objects.defer("notes"):
        # ruleid: DJP101
        print(order.notes)


def combined_query():
    for order in Order.objects.filter(status="open").union(Order.objects.filter(status="held")):
        # ruleid: DJP101
        print(order.customer.name)


def two_relations_one_fix():
    orders = Order.objects.filter(status="paid")
    for order in orders:
        # ruleid: DJP101
        print(order.customer.name)
        # ruleid: DJP101
        print(order.coupon.code)


def slimmed_elsewhere():
    # No fix: the same queryset is narrowed with only() below, which select_related() would break.
    orders = Order.objects.filter(status="paid")
    for order in orders:
        # ruleid: DJP101
        print(order.customer.name)
    return orders.only("id")


def first_page():
    for order in Order.objects.order_by("-id")[:50]:
        # ruleid: DJP101
        print(order.customer.name)


def totals_read_twice():
    for order in Order.objects.only("id"):
        # ruleid: DJP101
        print(order.total)
        # ok: DJP101 the first read loaded the column into this instance
        print(order.total * 2)


def joined_up_front():
    for order in Order.objects.select_related("customer__company"):
        # ok: DJP101 select_related("customer__company") joins customer too
        print(order.customer.name)
        # ok: DJP101 and the company behind it
        print(order.customer.company.name)


def prefetched_forward_key():
    for order in Order.objects.prefetch_related("customer"):
        # ok: DJP101 prefetch_related works for foreign keys too
        print(order.customer.name)


def items_with_products():
    orders = Order.objects.prefetch_related(Prefetch("items", queryset=OrderItem.objects.select_related("product")))
    for order in orders:
        for item in order.items.all():
            # ok: DJP101 the Prefetch queryset joins the product
            print(item.product.name)


def items_prefetched_in_depth():
    for order in Order.objects.prefetch_related("items__product"):
        for item in order.items.all():
            # ok: DJP101 items__product was prefetched with the orders
            print(item.product.name)


def shipments():
    for shipment in Shipment.objects.filter(order__status="paid"):
        # ok: DJP101 ShipmentManager.get_queryset() selects the carrier
        print(shipment.carrier.name)


def reviews():
    for review in Review.objects.all():
        # ok: DJP101 auto_prefetch loads the products of all peers in one query
        print(review.product.name)


def peers_fetched_together():
    for order in Order.objects.fetch_mode(models.FETCH_PEERS):
        # ok: DJP101 FETCH_PEERS loads every peer's customer at the first access
        print(order.customer.name)


def helper_prefetch():
    orders = list(Order.objects.filter(status="paid"))
    prefetch_related_objects(orders, "customer")
    for order in orders:
        # ok: DJP101 prefetch_related_objects() loaded the customers
        print(order.customer.name)


def manual_join(customers_by_id):
    for order in Order.objects.all():
        order.customer = customers_by_id[order.customer_id]
        # ok: DJP101 the assignment above put the customer in the instance cache
        print(order.customer.name)


def orders_of_one_customer(pk):
    customer = Customer.objects.get(pk=pk)
    for order in customer.orders.filter(status="paid"):
        # ok: DJP101 Django sets order.customer to `customer` for the rows of customer.orders
        print(order.customer.name)


def profile_owners():
    for customer in Customer.objects.select_related("profile"):
        # ok: DJP101 a one-to-one caches both sides: profile.customer is this customer
        print(customer.profile.customer.name)


class Cart(models.Model):
    def product_names(self):
        # ok: DJP101 whoever loaded this cart decides whether lines__product was prefetched
        return [line.product.name for line in self.lines.all()]


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)


def key_columns():
    for order in Order.objects.all():
        # ok: DJP101 customer_id is a column of the order row
        print(order.customer_id)
        # ok: DJP101 order.customer.id is DJP104's (order.customer_id), not a join
        print(order.customer.id)


def single_row(pk):
    for order in Order.objects.filter(pk=pk):
        # ok: DJP101 at most one row: one query either way
        print(order.customer.name)
    for order in Order.objects.filter(number="A-1"):
        # ok: DJP101 number is unique
        print(order.customer.name)
    for order in Order.objects.order_by("-id")[:1]:
        # ok: DJP101 a [:1] slice walks one row
        print(order.customer.name)


def rows_as_tuples():
    for row in Order.objects.values_list("customer", "status", named=True):
        # ok: DJP101 values_list rows are tuples: customer is the key, not an object
        print(row.customer)


def not_querysets(data):
    for key, value in data.items():
        # ok: DJP101 a dict is not a queryset
        print(value.customer.name)
    for number in range(10):
        # ok: DJP101 range yields ints
        print(number.real)
    for model in apps.get_models():
        # ok: DJP101 model classes, not rows
        print(model._meta.label)
    for model in (Order, Customer):
        # ok: DJP101 model classes, not rows
        print(model.objects.count())


def outside_the_loop():
    order = None
    for order in Order.objects.all():
        pass
    # ok: DJP101 read once, after the loop
    return order.customer.name


def deferred_callback():
    callbacks = []
    for order in Order.objects.all():
        # ok: DJP101 the lambda body runs later, not in this loop
        callbacks.append(lambda: order.customer.name)
    return callbacks


def describe(order):
    return order.customer.name


def through_a_helper():
    for order in Order.objects.all():
        # todoruleid: DJP101 interprocedural: describe() reads order.customer, the loop only passes the row on
        print(describe(order))


def dynamic_read():
    for order in Order.objects.all():
        # ruleid: DJP101 getattr() with a literal name reads order.customer
        print(getattr(order, "customer").name)


def dynamic_read_with_default():
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP101 the default only answers a missing attribute; the customer is still loaded per order
        print(getattr(order, "customer", None))


def dynamic_read_two_hops():
    for order in Order.objects.select_related("customer"):
        # ruleid: DJP101 the customer is joined, its company is not
        print(getattr(order.customer, "company").name)


def dynamic_read_joined():
    for order in Order.objects.select_related("customer"):
        # ok: DJP101 the literal name is joined by select_related
        print(getattr(order, "customer").name)


def dynamic_read_of_a_variable_name(field):
    for order in Order.objects.all():
        # ok: DJP101 the name is only known at run time (it may be a column)
        print(getattr(order, field))


def dynamic_read_of_a_column():
    for order in Order.objects.all():
        # ok: DJP101 a literal column name reads the loaded row
        print(getattr(order, "status"))


def dynamic_read_of_the_key_only():
    for order in Order.objects.all():
        # ok: DJP101 the customer's pk is the order's customer_id (DJP104's case)
        print(getattr(order, "customer").id)


def first_match():
    for order in Order.objects.filter(status="paid"):
        # ok: DJP101 the loop returns on its first row, so the read runs once
        return order.customer.name
    return None


# only() may name a foreign key by its column (attname): Django loads that column.


def customer_keys_by_attname():
    keys = []
    for order in Order.objects.only("number", "customer_id"):
        # ok: DJP101 "customer_id" in only() is the customer FK's column: reading it runs no query
        keys.append(order.customer_id)
    return keys


def customer_keys_distinct():
    total = 0
    for order in Order.objects.filter(status="paid").distinct("customer_id").only("customer_id"):
        # ok: DJP101 only("customer_id") loads the column read here
        total += order.customer_id
    return total


def customers_by_attname():
    for order in Order.objects.only("customer_id"):
        # ruleid: DJP101 the column is loaded, the Customer row is not
        print(order.customer.name)


def maker_homes():
    from core.parts.models import Part

    homes = []
    for part in Part.objects.select_related("maker"):
        # ruleid: DJP101 the maker is joined, its home is not ("core.Maker": the app of core/makers/ is "core")
        homes.append(part.maker.home.name)
    return homes


def customers_of_orders_from_branches(paid_only):
    # The name is bound in both branches, each time to a queryset of Order without the customer.
    if paid_only:
        orders = Order.objects.filter(status="paid")
    else:
        orders = Order.objects.all()
    for order in orders:
        # ruleid: DJP101
        print(order.customer.name)


def customers_of_refined_orders(status):
    orders = Order.objects.all()
    if status:
        orders = orders.filter(status=status)
    orders = orders[:500]
    for order in orders:
        # ruleid: DJP101
        print(order.customer.name)


def customers_of_refined_selected_orders(status):
    orders = Order.objects.select_related("customer")
    if status:
        orders = orders.filter(status=status)
    for order in orders:
        # ok: DJP101 the first binding joins the customer and the refinement keeps it
        print(order.customer.name)


def customers_when_one_branch_selects(paid_only):
    if paid_only:
        orders = Order.objects.filter(status="paid").select_related("customer")
    else:
        orders = Order.objects.all()
    for order in orders:
        # ok: DJP101 one binding joins the customer: the union of the branches counts it as loaded (precision first)
        print(order.customer.name)


def customers_when_one_branch_is_a_list(cached):
    if cached:
        orders = list(cached)
    else:
        orders = Order.objects.all()
    for order in orders:
        # ok: DJP101 one branch binds something that is not a queryset: the rows are unknown
        print(order.customer.name)


def customers_when_rebound_to_a_list():
    orders = Order.objects.all()
    orders = sorted(orders, key=lambda o: o.id)
    for order in orders:
        # ok: DJP101 the second binding is a list built from the name, not a queryset refinement
        print(order.customer.name)


def customers_when_branches_differ_in_model(by_item):
    if by_item:
        rows = OrderItem.objects.all()
    else:
        rows = Order.objects.all()
    for row in rows:
        # ok: DJP101 the branches hold rows of two models
        print(row.customer)


def customers_of_listed_orders(orders: list[Order]):
    for order in orders:
        # ok: DJP101 the rows come from the caller, who may have joined the customer: no queryset to prove it
        print(order.customer.name)


class OrderReport:
    def open_orders(self):
        return Order.objects.filter(status="open")

    def paid_rows(self):
        rows = [o for o in Order.objects.filter(status="paid")]
        return rows

    def joined_orders(self, recent):
        if recent:
            return Order.objects.filter(status="open")
        return Order.objects.select_related("customer")

    def customers_of_open_orders(self):
        for order in self.open_orders():
            # ruleid: DJP101 a method of this class returns a queryset of orders
            print(order.customer.name)

    def customers_of_paid_rows(self):
        # ruleid: DJP101 the method returns the rows of a queryset as a list
        return [o.customer.name for o in self.paid_rows()]

    def customers_of_joined_orders(self):
        for order in self.joined_orders(True):
            # ok: DJP101 one return of the method selects the customer: the union of the returns decides
            print(order.customer.name)


def orders_with_status(status):
    if not status:
        return []
    return list(Order.objects.filter(status=status))


def customers_of_module_helper():
    for order in orders_with_status("open"):
        # ruleid: DJP101 a function of this module returns the rows (or an empty list)
        print(order.customer.name)


def orders_of_source(source):
    return source.orders()


def customers_of_unknown_helper(source):
    for order in orders_of_source(source):
        # ok: DJP101 the helper returns something that is not a provable queryset
        print(order.customer.name)


def customers_of_listed_queryset():
    for order in list(Order.objects.filter(status="open")):
        # ruleid: DJP101 a list of a queryset's rows
        print(order.customer.name)



def coupons_of_unpaid_invoices():
    for invoice in Invoice.objects.unpaid():
        # ruleid: DJP101 a method of the model's QuerySet class (as_manager) returns its rows filtered
        print(invoice.coupon.code)


def coupons_of_joined_invoices():
    for invoice in Invoice.objects.filter(number="x").with_coupon():
        # ok: DJP101 the QuerySet method selects the coupon
        print(invoice.coupon.code)


def coupons_of_recent_invoices():
    for invoice in Invoice.recent_first.recent():
        # ruleid: DJP101 a method of a manager subclass returns its rows ordered
        print(invoice.coupon.code)


def coupons_of_overdue_invoices(day):
    for invoice in Invoice.overdue(day):
        # ruleid: DJP101 a classmethod returns cls.objects filtered, through a local name refined in place
        print(invoice.coupon.code)


def coupon_of_one_invoice(pk):
    for invoice in Invoice.single(pk):
        # ok: DJP101 the classmethod filters on the primary key: one row
        print(invoice.coupon.code)


def coupons_of_open_invoices(customer_id):
    customer = Customer.objects.get(pk=customer_id)
    for invoice in customer.open_invoices():
        # ruleid: DJP101 a model method returns a relation of the row, filtered
        print(invoice.coupon.code)


def product_names_of_annotated_order(order: Order):
    # ruleid: DJP101 the annotation names the model, and filter() queries the items afresh without the product
    return [item.product.name for item in order.items.filter(quantity__gt=0)]


def product_names_of_all_items(order: Order):
    # ok: DJP101 rows of order.items.all() may come from a prefetch the caller made
    return [item.product.name for item in order.items.all()]


def product_names_through_default_accessor(owner):
    # ruleid: DJP101 orderitem_set is the default accessor only OrderItem gives: its rows, queried afresh by filter(), without the product
    return [item.product.name for item in owner.orderitem_set.filter(quantity__gt=0)]


def product_names_through_default_accessor_all(owner):
    # ok: DJP101 rows of owner.orderitem_set.all() may come from a prefetch the caller made
    return [item.product.name for item in owner.orderitem_set.all()]


def product_names_through_default_accessor_joined(owner):
    # ok: DJP101 the product is joined
    return [item.product.name for item in owner.orderitem_set.filter(quantity__gt=0).select_related("product")]


def names_through_unknown_set(owner):
    # ok: DJP101 parcel_set is the default accessor of no model of the project
    return [parcel.product.name for parcel in owner.parcel_set.filter(quantity__gt=0)]


def product_names_of_optional_order(order: Optional[Order]):
    # ok: DJP101 only a plain model annotation is read
    return [item.product.name for item in order.items.filter(quantity__gt=0)]


@receiver(post_save, sender=Order)
def order_saved(sender, instance, **kwargs):
    for item in instance.items.filter(quantity__gt=1):
        # ruleid: DJP101 the receiver is registered for Order: instance is an Order
        print(item.product.name)


@receiver(post_save)
def anything_saved(sender, instance, **kwargs):
    for item in instance.items.filter(quantity__gt=1):
        # ok: DJP101 a receiver without a sender gets rows of any model
        print(item.product.name)


class OrderDetail(DetailView):
    model = Order

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # ruleid: DJP101 self.object is the view's Order, and filter() queries its items afresh
        context["products"] = [item.product.name for item in self.object.items.filter(quantity__gt=0)]
        return context


class OrderProducts(DetailView):
    queryset = Order.objects.filter(status="open")

    def get(self, request, *args, **kwargs):
        order = self.get_object()
        for item in order.items.filter(quantity__gt=0):
            # ruleid: DJP101 get_object() of a view with a queryset of orders
            print(item.product.name)
        return super().get(request, *args, **kwargs)


class CustomOrderDetail(DetailView):
    model = Order

    def get_object(self, queryset=None):
        return Order.objects.first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # todoruleid: DJP101 the view overrides get_object: what it returns is not followed
        context["products"] = [item.product.name for item in self.object.items.filter(quantity__gt=0)]
        return context


def customers_of_extended_rows(extra):
    rows = list(Order.objects.filter(status="open"))
    rows.append(extra)
    for row in rows:
        # ok: DJP101 the list gets an item of unknown type: its rows are not only orders
        print(row.customer.name)


# --- loops over a literal tuple of model classes ----------------------------------------


def customer_names_by_kind():
    names = []
    for model in (Order, Invoice):
        for row in model.objects.all():
            # ruleid: DJP101 each row's customer is loaded on its own, for both classes
            names.append(row.customer.name)
    return names


def joined_customer_names_by_kind():
    names = []
    for model in (Order, Invoice):
        for row in model.objects.select_related("customer"):
            # ok: DJP101 the customer is joined
            names.append(row.customer.name)
    return names


def names_by_kind(kinds):
    names = []
    for model in (Order, kinds[0]):
        for row in model.objects.all():
            # ok: DJP101 the second class is not provably a model: the loop variable is unknown
            names.append(row.customer.name)
    return names


# --- unannotated parameters typed from their callers (caller-params.ts) -------------------


def _print_customers(orders):
    for order in orders:
        # ruleid: DJP101 every caller passes a QuerySet of orders that does not join the customer
        print(order.customer.name)


def report_open_orders():
    _print_customers(Order.objects.filter(status="open"))


def report_recent_orders():
    _print_customers(orders=Order.objects.order_by("-id")[:50])


def _print_joined_customers(orders):
    for order in orders:
        # ok: DJP101 one caller joins the customer (the callers' union counts)
        print(order.customer.name)


def report_joined_orders():
    _print_joined_customers(Order.objects.select_related("customer"))
    _print_joined_customers(Order.objects.all())


def _print_any_customers(orders):
    for order in orders:
        # ok: DJP101 one caller passes something that is not provably a QuerySet
        print(order.customer.name)


def report_any_orders(rows):
    _print_any_customers(Order.objects.all())
    _print_any_customers(rows)


def _print_escaped_customers(orders):
    for order in orders:
        # ok: DJP101 the function is handed out as a value: callers elsewhere are unknown
        print(order.customer.name)


HANDLERS = {"print": _print_escaped_customers}


def report_escaped_orders():
    _print_escaped_customers(Order.objects.all())


def print_public_customers(orders):
    for order in orders:
        # ruleid: DJP101 a public function whose every caller in the project (one, in this file) passes a QuerySet of orders
        print(order.customer.name)


def report_public_orders():
    print_public_customers(Order.objects.all())


def _print_listed_customers(orders):
    for order in orders:
        # ruleid: DJP101 the caller passes the rows of a QuerySet as a list
        print(order.customer.name)


def report_listed_orders():
    _print_listed_customers(list(Order.objects.filter(status="open")))


def products_of_customer(customer_id):
    def names(items):
        # ruleid: DJP101 the nested helper's only caller passes the items of one order
        return [item.product.name for item in items]

    order = Order.objects.get(pk=customer_id)
    return names(order.items.filter(quantity__gt=0))


class OrderReport:
    def _lines(self, orders):
        for order in orders:
            # ruleid: DJP101 the only caller, in the class, passes a QuerySet of orders
            yield order.customer.name

    def render(self):
        return list(self._lines(Order.objects.filter(status="open")))


def _coupon_codes(order):
    # ruleid: DJP101 the parameter is an order (its one caller passes one), and its items are queried here
    return [item.product.name for item in order.items.filter(quantity__gt=1)]


def coupon_report(pk):
    return _coupon_codes(Order.objects.get(pk=pk))


# --- parameters typed from callers in other modules (index: callers.ts; see shop/jobs.py, shop/worker.py) ---


def mail_order_lines(order):
    # ruleid: DJP101 the one caller, in shop/jobs.py, passes Order.objects.filter(...).first()
    return [item.product.name for item in order.items.order_by("pk")]


def mail_order_digest(order):
    # ruleid: DJP101 two levels: shop/jobs.py passes on its own parameter, which shop/worker.py fills with get_object_or_404(Order, ...)
    return [item.product.name for item in order.items.filter(quantity__gt=0)]


def mail_order_unknown(order):
    # ok: DJP101 the caller in shop/jobs.py passes its own parameter, whose callers pass something unknown
    return [item.product.name for item in order.items.order_by("pk")]


def mail_order_handed_out(order):
    # ok: DJP101 shop/jobs.py stores the function in a dict: its callers are unknown
    return [item.product.name for item in order.items.order_by("pk")]


def mail_order_by_name(order):
    # ok: DJP101 shop/jobs.py reaches the function with getattr and a literal name
    return [item.product.name for item in order.items.order_by("pk")]


def mail_order_mixed(order):
    # ok: DJP101 the callers in shop/jobs.py pass an order and a customer: several models stay unknown
    return [item.product.name for item in order.items.order_by("pk")]


def mail_order_exported(order):
    # ok: DJP101 listed in __all__: exported for callers outside the project
    return [item.product.name for item in order.items.order_by("pk")]


__all__ = ["mail_order_exported"]


# --- self.<property> of a mixin in another module returning one row (index: propertyRow; shop/mixins.py) ---


class OrderLinesView(OrderFromUrlMixin):
    def lines(self):
        # ruleid: DJP101 self.order is the mixin's property: get_object_or_404(Order), cached on self and in the cache
        return [item.product.name for item in self.order.items.filter(quantity__gt=0)]


class SessionOrderLinesView(SessionOrderMixin):
    def lines(self):
        # ok: DJP101 the nearest definition of order returns a session value, not a row the index can prove
        return [item.product.name for item in self.order.items.filter(quantity__gt=0)]


class MaybeOrderLinesView(MaybeOrderMixin):
    def lines(self):
        # ok: DJP101 one return of the property is an unknown value
        return [item.product.name for item in self.order.items.filter(quantity__gt=0)]


@staticmethod_like
def _registered(orders):
    for order in orders:
        # ok: DJP101 a decorator may call the function with other arguments
        print(order.customer.name)


def report_registered():
    _registered(Order.objects.all())


# --- model methods that walk a relation of self (index: methodHops, along the MRO) ----------


def customer_labels():
    # ruleid: DJP101 the method customer_label() reads self.customer.name
    return [order.customer_label() for order in Order.objects.filter(status="open")]


def coupon_banners():
    # ruleid: DJP101 coupon_banner() reads the property coupon_code, which reads self.coupon
    return [order.coupon_banner() for order in Order.objects.filter(status="open")]


def coupon_banners_joined():
    # ok: DJP101 the coupon is joined
    return [order.coupon_banner() for order in Order.objects.select_related("coupon")]


def joined_customer_labels():
    # ok: DJP101 the customer is joined
    return [order.customer_label() for order in Order.objects.select_related("customer")]


def item_labels(order_id):
    labels = []
    for item in OrderItem.objects.filter(order_id=order_id):
        # ruleid: DJP101 product_label() comes from a mixin in another module and reads self.product
        labels.append(item.product_label())
    return labels


def item_labels_per_unit(order_id):
    labels = []
    for item in OrderItem.objects.filter(order_id=order_id):
        # todoruleid: DJP101 a method with arguments is not followed (its arguments may decide what it reads)
        labels.append(item.product_label_in("kg"))
    return labels


def item_keys(order_id):
    # ok: DJP101 product_key() reads only self.product.pk, which the row holds as product_id
    return [item.product_key() for item in OrderItem.objects.filter(order_id=order_id)]


def item_method_references(order_id):
    # ok: DJP101 the method is not called here
    return [item.product_label for item in OrderItem.objects.filter(order_id=order_id)]


# --- formatting a row runs its model's __str__ (own or inherited), which may walk a relation ----------


def order_titles():
    lines = []
    for order in Order.objects.filter(status="open"):
        # ruleid: DJP101 the model's __str__ reads self.customer.name
        lines.append(str(order))
    return lines


def order_titles_fstring():
    # ruleid: DJP101 f"{order}" calls Order.__str__
    return [f"#{order}" for order in Order.objects.filter(status="open")]


def order_titles_fstring_s():
    # ruleid: DJP101 !s is str()
    return [f"{order!s}" for order in Order.objects.filter(status="open")]


def order_titles_format():
    # ruleid: DJP101 "{}".format() calls Order.__str__
    return ["order {}".format(order) for order in Order.objects.filter(status="open")]


def order_titles_percent():
    # ruleid: DJP101 "%s" % row calls Order.__str__
    return ["order %s" % order for order in Order.objects.filter(status="open")]


def order_titles_percent_tuple():
    # ruleid: DJP101 the second %s is the row
    return ["%d: %s" % (order.pk, order) for order in Order.objects.filter(status="open")]


def order_titles_joined():
    # ok: DJP101 the customer is joined
    return [str(order) for order in Order.objects.select_related("customer")]


def order_titles_repr():
    # ok: DJP101 !r calls __repr__, which Django's Model builds from __str__ but is rarely formatted per row
    return [f"{order!r}" for order in Order.objects.filter(status="open")]


def order_titles_logged(logger):
    for order in Order.objects.filter(status="open"):
        # ok: DJP101 logging is left out (lazy, or often off)
        logger.info("%s", order)
        # ok: DJP101 logging is left out even when the message is built eagerly
        logger.debug("closing %s" % order)


def item_titles(order_id):
    # ruleid: DJP101 the model inherits __str__ from a mixin in another module that reads self.product
    return [str(item) for item in OrderItem.objects.filter(order_id=order_id)]


def customer_titles():
    # ok: DJP101 the Customer model defines no __str__ the index knows
    return [str(customer) for customer in Customer.objects.all()]


def invoice_titles():
    # ok: DJP101 the Invoice __str__ reads only self.customer.pk (the row's customer_id)
    return [str(invoice) for invoice in Invoice.objects.all()]


def shipment_titles():
    # ok: DJP101 the Shipment default manager joins the carrier that __str__ reads
    return [str(shipment) for shipment in Shipment.objects.all()]


def profile_titles():
    # ruleid: DJP101 the __str__ formats self.customer itself (f"{self.customer}"): the key is loaded to call its __str__
    return [str(profile) for profile in Profile.objects.all()]


def profile_titles_joined():
    # ok: DJP101 the customer the __str__ formats is joined
    return [str(profile) for profile in Profile.objects.select_related("customer")]


def redemption_titles():
    # ruleid: DJP101 the __str__ template "{0.coupon!s}".format(self) reads self.coupon
    return [f"{redemption}" for redemption in Redemption.objects.all()]


def wishlist_titles():
    # ruleid: DJP101 the __str__ calls str(self.customer)
    return ["%s" % wishlist for wishlist in Wishlist.objects.all()]


def gift_card_titles():
    # ok: DJP101 the __str__ formats a column and the key column owner_id, no related row
    return [str(card) for card in GiftCard.objects.all()]


def voucher_titles():
    # ok: DJP101 the __str__ formats self.coupon only inside a raise
    return [str(voucher) for voucher in Voucher.objects.all()]


def order_title_raised(number):
    for order in Order.objects.filter(number=number):
        if order.status == "void":
            # ok: DJP101 a raise runs once
            raise ValueError("void order %s" % order)


# --- rows handed to a helper by callers whose QuerySet is known (caller-params.ts: callerLoading) ---


class OrderItemAudit:
    def _audit_items(self, order: Order):
        for item in order.items.all():
            # ruleid: DJP101 the one caller passes rows of a QuerySet that prefetches nothing: the items are queried per order, the product per item
            print(item.product.name)

    def _audit_untyped(self, order):
        for item in order.items.all():
            # ruleid: DJP101 unannotated: the one caller passes a row of Order.objects.filter(...), items not prefetched
            print(item.product.name)

    def _audit_prefetched(self, order: Order):
        for item in order.items.all():
            # ok: DJP101 the caller prefetches the items with their product
            print(item.product.name)

    def _audit_mixed(self, order: Order):
        for item in order.items.all():
            # ok: DJP101 the second caller passes an order of unknown loading (a parameter)
            print(item.product.name)

    def run(self, given: Order):
        for order in Order.objects.filter(status="open"):
            self._audit_items(order)
            self._audit_untyped(order)
            self._audit_mixed(order)
        for order in Order.objects.prefetch_related("items__product"):
            self._audit_prefetched(order)
        self._audit_mixed(given)


# --- a queryset that keeps only rows whose key is NULL: reading the relation is None, never a query ------


def top_level_order_labels():
    # ok: DJP101 every row has customer_id NULL: Django answers order.customer with None without a query
    return [order.customer for order in Order.objects.filter(customer__isnull=True)]


def orders_without_customer_titles():
    # ok: DJP101 the model's __str__ reads self.customer, which is None on every row of this queryset
    return [str(order) for order in Order.objects.filter(customer=None)]


def orders_excluding_customers():
    # ok: DJP101 exclude(customer__isnull=False) keeps the NULL keys only
    return [order.customer for order in Order.objects.exclude(customer__isnull=False)]


def orders_with_customer_names():
    # ruleid: DJP101 isnull=False keeps the rows that do have a customer: one query per row
    return [order.customer.name for order in Order.objects.filter(customer__isnull=False)]


def member_levels():
    levels = []
    for user in User.objects.filter(is_active=True):
        # ruleid: DJP101 Django's own user model: the index knows auth.User and the keys the project points at it
        levels.append(user.membership.level)
    return levels


def member_levels_loaded():
    levels = []
    for user in User.objects.filter(is_active=True).select_related("membership"):
        # ok: DJP101
        levels.append(user.membership.level)
    return levels
