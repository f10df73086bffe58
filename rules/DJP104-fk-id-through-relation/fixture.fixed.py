# fixture-path: shop/views.py
from django.db import models
from django.http import JsonResponse
from django.views import View
from rest_framework import serializers

from .models import Coupon, Customer, Order, Shipment


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    def order_key(self):
        # ok: DJP104 a model method: its callers may have loaded the order already (not visible here)
        return self.order.id

    def describe(self):
        status = self.order.status
        # ok: DJP104 the line above loaded the order: reading its key is free now
        return f"{status} {self.order.id}"


class OrderSerializer(serializers.ModelSerializer):
    customer_key = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "status", "customer_key"]

    def get_customer_key(self, obj):
        # ok: DJP104 a serializer's obj: other fields of the serializer (or its base) may load the customer
        return obj.customer.id


def customer_keys():
    keys = []
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP104
        keys.append(order.customer_id)
    return keys


def customer_pks():
    # ruleid: DJP104
    return [o.customer_id for o in Order.objects.all()]


def one_order(request, pk):
    order = Order.objects.get(pk=pk)
    # ruleid: DJP104
    return JsonResponse({"customer": order.customer_id, "user": request.user.id})


def coupon_keys():
    # coupon is nullable: the fix is offered as unsafe (None instead of AttributeError).
    for order in Order.objects.all():
        # ruleid: DJP104
        print(order.coupon.id)


def tracked_orders():
    for shipment in Shipment.objects.all():
        # ruleid: DJP104
        print(shipment.order_id)


def creators():
    for order in Order.objects.all():
        # ok: DJP104 the user model is not in the project: its primary key may not be `id`
        print(order.created_by.id)


def creator_pks():
    for order in Order.objects.all():
        # ruleid: DJP104 `.pk` is what created_by_id holds, whatever the target's key is called
        print(order.created_by_id)


def legacy_keys():
    for order in Order.objects.all():
        # ok: DJP104 Legacy's primary key is `uuid`; its `id` is an ordinary column, not legacy_id
        print(order.legacy.id)
        # ruleid: DJP104
        print(order.legacy.pk)


def twice():
    for order in Order.objects.all():
        # ruleid: DJP104
        first = order.customer_id
        # ok: DJP104 the read above loaded the customer: one finding per relation and iteration
        second = order.customer_id
        print(first, second)


def two_loops():
    for order in Order.objects.all():
        # ruleid: DJP104 this loop's finding edits this loop's reads only
        print(order.customer_id)
    for order in Order.objects.all():
        # ruleid: DJP104 a second loop over other rows: a finding (and edits) of its own
        print(order.customer_id)


def names_then_keys():
    for order in Order.objects.all():
        print(order.customer.name)
    for order in Order.objects.all():
        # ok: DJP104 the next line needs the customer row in this iteration anyway: customer_id saves no query
        print(order.customer.id)
        print(order.customer.name)
        # ok: DJP104 order.customer was loaded by the line above, in this iteration
        print(order.customer.id)


def current_user(request):
    # ok: DJP104 request.user is not a foreign key of a model row
    return JsonResponse({"id": request.user.id})


class OrderView(View):
    def get(self, request):
        # ok: DJP104 self.request.user is not a foreign key either
        return JsonResponse({"id": self.request.user.id})


def already_a_column():
    for order in Order.objects.all():
        # ok: DJP104 the column itself
        print(order.customer_id)
        # ok: DJP104 a real column of the customer, not its key
        print(order.customer.name)


def joined():
    for order in Order.objects.select_related("customer"):
        # ok: DJP104 the customer is joined: reading its id costs nothing
        print(order.customer.id)


def billing_codes():
    for order in Order.objects.all():
        # ok: DJP104 to_field="code": billing_customer_id holds the code, not the id
        print(order.billing_customer.id)


def orders_of(customer_pk):
    customer = Customer.objects.get(pk=customer_pk)
    for order in customer.orders.all():
        # ok: DJP104 order.customer is `customer` itself, already in memory
        print(order.customer.id)


def attach(order_pk, customer: Customer):
    order = Order.objects.get(pk=order_pk)
    order.customer = customer
    # ok: DJP104 the assignment put the customer in the cache
    return order.customer.id


def unknown(thing):
    # ok: DJP104 thing is not a provable model instance
    return thing.customer.id


def untyped(order):
    # todoruleid: DJP104 an untyped parameter is not known to be an Order
    return order.customer.id


def coupon_of(pk):
    coupon = Coupon.objects.get(pk=pk)
    # ok: DJP104 code is a column, not a relation
    return coupon.code


# The related row is already in memory, or needed anyway on the same path (real-project false positives).


def order_title(pk):
    order = Order.objects.get(pk=pk)
    if order.coupon:
        # ok: DJP104 the test loaded the coupon, and its code is read in the same expression
        return f"{order.coupon.code} #{order.coupon.id}"
    return ""


def customer_summary(pk):
    order = Order.objects.get(pk=pk)
    name = order.customer.name
    # ok: DJP104 order.customer was loaded one line above
    return name, order.customer.id


def order_line(pk):
    order = Order.objects.get(pk=pk)
    # ok: DJP104 str(order.customer) loads the row first, in the same expression
    return str(order.customer) + " / " + str(order.customer.id)


def order_header(pk):
    order = Order.objects.get(pk=pk)
    # ok: DJP104 the customer row is read two lines below on the same path: it is loaded anyway
    key = f"order-{order.customer.id}"
    return key, order.customer.name


def notify_customer(pk, send):
    order = Order.objects.get(pk=pk)
    send(order.customer)
    # ok: DJP104 the customer object was passed on above: it is in memory
    return order.customer.id


def redirect_target(pk, post):
    order = Order.objects.get(pk=pk)
    if post:
        # ruleid: DJP104 on this return path the customer is loaded only for its key (the later read is another path)
        return f"/customers/{order.customer_id}/"
    return order.customer.name


def branch_key(pk, short):
    order = Order.objects.get(pk=pk)
    if short:
        # ruleid: DJP104 the name is read in the other branch only
        label = order.customer_id
    else:
        label = order.customer.name
    return label


def coupon_key_or_none(pk):
    order = Order.objects.get(pk=pk)
    if order.coupon is not None:
        # ruleid: DJP104 the row is loaded only for the None test and the key: coupon_id answers both
        return order.coupon.id
    return None



def apply_commands(pk, commands):
    order = Order.objects.get(pk=pk)
    replies = []
    for command in commands:
        if command == "rename":
            replies.append(order.customer.name)
        elif command == "key":
            # ok: DJP104 another branch of this loop reads the customer row: an earlier command may have loaded it
            replies.append(order.customer.id)
    return replies


def order_summary(pk):
    order = Order.objects.get(pk=pk)
    return {
        # ok: DJP104 the same return statement reads the customer's name next: the row is loaded anyway
        "customer": order.customer.pk,
        "name": order.customer.name,
    }


def customer_keys_of_open():
    return [
        # ok: DJP104 the comprehension's `if` reads the customer's name first: the row is loaded anyway
        o.customer.pk
        for o in Order.objects.all()
        if o.customer.name != ""
    ]


def customer_keys_if_key():
    # ruleid: DJP104 the comprehension's `if` reads only the coupon's key too
    return [o.coupon.pk for o in Order.objects.all() if o.coupon.pk > 3]


def key_then_return(pk):
    order = Order.objects.get(pk=pk)
    if order.status:
        # ruleid: DJP104 the name read after the return is on another path
        return order.customer_id
    return order.customer.name


# --- round 15: the caller has loaded the relation already ------------------------------------------------


def _copy_to_customers(order, customers):
    for customer in customers:
        # todook: DJP104 the only caller read order.customer before the call: the row is cached on the instance, no query here (callers' reads are not followed)
        Shipment.objects.filter(order__customer_id=order.customer_id, tracking=customer)


def ship_order(order: Order, customers):
    if order.customer.name:
        _copy_to_customers(order, customers)
