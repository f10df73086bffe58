# fixture-path: shop/services.py
from django.shortcuts import get_object_or_404

from shop.models import Customer, Order, Product

STATUSES = ("new", "paid", "shipped")


# --- one query per row -------------------------------------------------------


def attach_customers(rows):
    for row in rows:
        # ruleid: DJP103
        row["customer"] = Customer.objects.get(pk=row["customer_id"])
    return rows


def products_for(skus):
    # ruleid: DJP103
    return [Product.objects.filter(sku=sku).first() for sku in skus]


def known_skus(rows):
    known = []
    for row in rows:
        key = row["sku"].strip()
        # ruleid: DJP103
        if Product.objects.filter(sku=key).exists():
            known.append(key)
    return known


def orders_of(customer_ids):
    for customer_id in customer_ids:
        # ruleid: DJP103
        for order in Order.objects.filter(customer_id=customer_id):
            print(order.pk)


def order_counts(customer_ids):
    counts = {}
    for customer_id in customer_ids:
        orders = Order.objects.filter(customer_id=customer_id)
        # ruleid: DJP103
        counts[customer_id] = len(orders)
        for order in orders:
            print(order.pk)
    return counts


def validate_skus(rows):
    for row in rows:
        # `raise` is the error path: the happy path still runs one query per row.
        # ruleid: DJP103
        if not Product.objects.filter(sku=row["sku"]).exists():
            raise ValueError(row["sku"])


# Loop-invariant: the same query N times. Reported with its own message (hoist it).
def default_customer_for(rows):
    for row in rows:
        # ruleid: DJP103
        row["customer"] = Customer.objects.filter(name="default").first()
    return rows


# --- not a query per row -----------------------------------------------------


def counts_by_status():
    counts = {}
    # A literal collection of <= 5 items: a constant number of queries.
    for status in STATUSES:
        # ok: DJP103
        counts[status] = Order.objects.filter(status=status).count()
    for status in ["cancelled", "refunded"]:
        # ok: DJP103
        counts[status] = Order.objects.filter(status=status).count()
    return counts


def unique_sku(base):
    for n in range(1, 100):
        candidate = f"{base}-{n}"
        # Search loop: stops at the first free value.
        # ok: DJP103
        if not Product.objects.filter(sku=candidate).exists():
            return candidate
    return None


def first_known_customer(emails):
    for email in emails:
        # ok: DJP103
        customer = Customer.objects.filter(email=email).first()
        if customer is not None:
            break
    else:
        customer = None
    return customer


def first_free_sku(candidates):
    for candidate in candidates:
        # ok: DJP103
        if Product.objects.filter(sku=candidate).exists():
            continue
        return candidate
    return None


def load_with_retry(pk):
    attempts = 0
    while attempts < 3:
        try:
            # Retry loops (and every while loop: polling, batch walks) are left alone.
            # ok: DJP103
            return Order.objects.get(pk=pk)
        except Order.DoesNotExist:
            attempts += 1
    return None


def in_batches(ids):
    for start in range(0, len(ids), 500):
        # ok: DJP103
        batch = list(Order.objects.filter(pk__in=ids[start : start + 500]))
        print(len(batch))


def per_chunk(chunks):
    for chunk in chunks:
        # One query per batch of keys, by design.
        # ok: DJP103
        print(Order.objects.filter(pk__in=chunk).count())


def prefetched(rows):
    customers = Customer.objects.in_bulk([row["customer_id"] for row in rows])
    for row in rows:
        # ok: DJP103
        row["customer"] = customers.get(row["customer_id"])
    return rows


def reuse_evaluated(rows):
    paid = Order.objects.filter(status="paid")
    for row in rows:
        # The QS-variable is built once; its rows are cached after the first loop.
        # ok: DJP103
        for order in paid:
            print(row, order.pk)


def count_while_creating(rows):
    for row in rows:
        Order.objects.create(customer_id=row["customer_id"])
        # The loop writes orders, so the count changes each time: not invariant.
        # ok: DJP103
        print(Order.objects.count())


def orders_per_customer():
    for customer in Customer.objects.all():
        # The related manager of the loop row is DJP102's finding.
        # ok: DJP103
        print(customer.orders.count())


def lookups(rows, cache):
    for row in rows:
        # ok: DJP103
        print(cache.get(row["key"]))


def deferred_loaders(rows):
    loaders = []
    for row in rows:
        def load(pk=row["id"]):
            # ok: DJP103
            return Order.objects.get(pk=pk)

        loaders.append(load)
    return loaders


# --- known gaps --------------------------------------------------------------


def shortcut_lookups(ids):
    for pk in ids:
        # todoruleid: DJP103 get_object_or_404() is not a QuerySet method call
        print(get_object_or_404(Order, pk=pk))


def first_unknown_sku(rows):
    for row in rows:
        # todoruleid: DJP103 a validation loop that returns at the first miss looks like a search loop
        if not Product.objects.filter(sku=row["sku"]).exists():
            return row["sku"]
    return None


def drain(batch, process):
    for job in batch:
        process(job)
        # todook: DJP103 process() may create orders; writes hidden behind calls are not seen, so this looks invariant
        print(Order.objects.filter(status="new").count())
