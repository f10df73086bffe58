# fixture-path: shop/services.py
from django.conf import settings
from django.core.management.base import BaseCommand
from django.shortcuts import get_object_or_404
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context
from more_itertools import chunked

from shop.constants import PLAIN_STATUSES
from shop.models import Customer, Order, Product, Refund, Shift, Tag

STATUSES = ("new", "paid", "shipped")


# --- one query per row -------------------------------------------------------


def attach_customers(rows):
    for row in rows:
        # ruleid: DJP103
        row["customer"] = Customer.objects.get(pk=row["customer_id"])
    return rows


def first_known_customer(rows):
    for row in rows:
        if row.get("customer_id"):
            # ok: DJP103 the loop ends right after this query: it runs once, not once per row
            customer = Customer.objects.get(pk=row["customer_id"])
            break
    else:
        customer = None
    return customer


def customer_of_first_match(rows, wanted):
    for row in rows:
        if row["name"] == wanted:
            # ok: DJP103 returned straight away: one query
            return Customer.objects.get(pk=row["customer_id"])
    return None


def customers_until_blocked(rows):
    found = []
    for row in rows:
        for attempt in range(3):
            # ruleid: DJP103 the break leaves the retry loop, not the loop over rows
            customer = Customer.objects.get(pk=row["customer_id"])
            break
        found.append(customer)
    return found


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


def review_stars(products, days):
    for product in products:
        # ok: DJP103 nothing says what product is: its review_set.all() may be served by a prefetch the caller made
        print([review.stars for review in product.review_set.all()])
    for day in days:
        # ruleid: DJP103 review_set is the default accessor only Review gives; filter() queries once per day
        print(days[day].review_set.filter(stars__gte=day).count())


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


# --- shapes seen on real projects -----------------------------------------------


def fresh_names(rows):
    from itertools import batched

    names = {}
    for chunk in batched(rows, 500):
        keys = [r.pk for r in chunk]
        # ok: DJP103 a batch loop: keys is built from the chunk, one query per 500 rows by design
        for row in Product.objects.filter(pk__in=keys).values("id", "name"):
            names[row["id"]] = row["name"]
    return names


def batches_of_products(batches):
    for batch in batches:
        # ok: DJP103 the loop variable is itself a batch: the keys of its items make one query per batch
        print(Product.objects.filter(pk__in=[p.pk for p in batch]).count())


def keys_per_order(orders):
    for order in orders:
        keys = [line.product_id for line in order.lines]
        # ruleid: DJP103 the keys come from each order, not from a batch the loop walks
        print(Product.objects.filter(pk__in=keys).count())


def missing_plain_statuses():
    missing = []
    for status in PLAIN_STATUSES:
        # ok: DJP103 an UPPER_CASE constant (here 3 literals imported from another module): a fixed, short list
        if not Order.objects.filter(status=status).exists():
            missing.append(status)
    return missing


def missing_local_statuses():
    statuses = ["new", "paid", "shipped"]
    missing = []
    for status in statuses:
        # ok: DJP103 statuses is a local list of 3 literals, bound once: a constant 3 queries
        if not Order.objects.filter(status=status).exists():
            missing.append(status)
    return missing


def grown_statuses(extra):
    statuses = ["new", "paid"]
    statuses.extend(extra)
    for status in statuses:
        # ruleid: DJP103 the local list grows before the loop: its length is not known
        print(Order.objects.filter(status=status).count())


def replay(customer, commands):
    for command in commands:
        customer.name = command
        customer.save()
        # ok: DJP103 writing customer.name leaves customer.pk, the filter value, alone; and the loop writes rows
        for order in Order.objects.filter(customer=customer):
            order.delete()


def renamed_lookups(customer, names):
    for name in names:
        customer.name = name
        # ruleid: DJP103 the filter reads customer.name, which the loop changes
        print(Customer.objects.filter(name=customer.name).count())


def orders_of_one(email):
    for customer in Customer.objects.filter(email=email):
        # ok: DJP103 email is unique: the loop runs at most once
        print(Order.objects.filter(customer=customer).count())


def orders_outside(orders, name):
    kept = []
    for order in orders:
        # ruleid: DJP103 membership (`x in qs`) evaluates the fresh queryset on every iteration
        if order.customer_id in Customer.objects.filter(name=name).values_list("id", flat=True):
            kept.append(order)
    return kept


class Options:
    def __init__(self, customer_id, label):
        self.customer_pk = ("customer", customer_id)
        self.label = label
        self.field_names = list(self.__dict__)

    def expand(self):
        out = {}
        for field in self.field_names:
            value = getattr(self, field)
            if isinstance(value, tuple):
                # todook: DJP103 the loop walks this object's few attribute names; only the tuple-valued one queries (not provable)
                out[field] = Order.objects.filter(customer_id=value[1]).first()
        return out


def stamp_all(page_size):
    last_id = 0
    for _page in range(1, 100):
        page = Order.objects.filter(id__gt=last_id).order_by("id")[:page_size]
        # ok: DJP103 keyset pagination: one query per page of rows, the bound moves with the rows read
        for order in page:
            last_id = order.id


def totals_over(limits):
    for limit in limits:
        # ruleid: DJP103 a range filter that changes per item, without a page slice, is a query per item
        print(Order.objects.filter(total__gt=limit).count())


def known_customers(orders):
    customer_ids = Customer.objects.values_list("id", flat=True)
    kept = []
    for order in orders:
        # ok: DJP103 the queryset is defined once before the loop: the first `in` caches its rows
        if order.customer_id in customer_ids:
            kept.append(order)
    return kept


# --- short or batched by construction (issue: accuracy, false-positive classes 3 and 4) -------------


class Command(BaseCommand):
    def handle(self, *args, **options):
        for pk in options["order_ids"]:
            # ok: DJP103 the ids given on the command line: a handful
            print(Order.objects.get(pk=pk))
        for email in args:
            # ok: DJP103 positional command-line arguments
            print(Customer.objects.filter(email=email).exists())


def per_currency():
    for code in settings.SHOP_CURRENCIES:
        # ok: DJP103 configuration: a short, fixed list
        print(Order.objects.filter(currency=code).count())


def per_currency_not_allowed():
    forbidden = set(PLAIN_STATUSES).difference(settings.SHOP_CURRENCIES)
    for code in forbidden:
        # ok: DJP103 a subset of a constant, bound once: a handful of queries
        print(Order.objects.filter(currency=code).count())


def per_currency_and_request(request_codes):
    codes = set(settings.SHOP_CURRENCIES).union(request_codes)
    for code in codes:
        # ruleid: DJP103 the union adds the request's values, which can be many
        print(Order.objects.filter(currency=code).count())


def per_filled_set(emails):
    pending = set(PLAIN_STATUSES)
    pending.update(emails)
    for email in pending:
        # ruleid: DJP103 the set is filled from the input after its definition
        print(Customer.objects.filter(email=email).exists())


def tagged(text):
    for name in text.split(","):
        # ok: DJP103 the parts of one field
        print(Product.objects.filter(sku=name.strip()).exists())


def per_line(text):
    for line in text.split("\n"):
        # ruleid: DJP103 the lines of a text can be many
        print(Customer.objects.filter(email=line).exists())


def per_chunk_checks(rows):
    for chunk in chunked(rows, 500):
        # ok: DJP103 one query per chunk of 500 rows
        print(Customer.objects.filter(email=chunk[0]["email"]).exists())


def fallback_lookup(rows):
    for row in rows:
        try:
            row["customer"] = row["cached_customer"]
        except KeyError:
            # ok: DJP103 only when an iteration fails
            row["customer"] = Customer.objects.get(email=row["email"])


def apply_fields(payload):
    for key in payload.keys():
        if key == "customer":
            # ok: DJP103 the keys are distinct: the branch for one key runs once
            payload[key] = Customer.objects.get(pk=payload[key])
        else:
            payload[key] = str(payload[key])


# --- one query per tenant schema (django-tenants) ----------------------------


def pending_per_tenant(tenants):
    for tenant in tenants:
        with tenant_context(tenant):
            # ok: DJP103 each iteration queries another schema: other rows, nothing to hoist or group
            print(Order.objects.filter(status="pending").count())


def pending_per_schema(tenants):
    for tenant in tenants:
        with schema_context(tenant.schema_name):
            for customer in Customer.objects.all():
                # ruleid: DJP103 per customer inside one schema: still N+1
                print(Order.objects.filter(customer_id=customer.pk, status="pending").count())


def pending_after_set_tenant(tenants):
    for tenant in tenants:
        connection.set_tenant(tenant)
        # ok: DJP103 the connection points at this tenant's schema
        print(Order.objects.filter(status="pending").count())


def pending_in_public_schema(tenants):
    for tenant in tenants:
        with schema_context("public"):
            # ruleid: DJP103 the same schema every time: the same query repeated
            print(Order.objects.filter(status="pending").count())


# --- loops over a literal tuple of model classes ----------------------------------


def customers_with_activity():
    active = []
    for customer in Customer.objects.all():
        for model in (Order, Refund):
            # ruleid: DJP103 one query per customer and model class
            if model.objects.filter(customer=customer).exists():
                active.append(customer)
    return active


def totals_per_kind():
    totals = {}
    for model in (Order, Refund):
        # ok: DJP103 two model classes: two queries
        totals[model] = model.objects.count()
    return totals


def activity_of(customer, models):
    for model in models:
        # ok: DJP103 the classes come from the caller: not provably models
        if model.objects.filter(customer=customer).exists():
            return True
    return False


# --- a loop that writes other tables than the one its repeated lookup reads ----------


def mark_paid():
    for order in Order.objects.filter(status="new"):
        # ruleid: DJP103 the loop saves orders, which cannot change which product is the gift
        gift = Product.objects.filter(name="gift").first()
        order.status = "paid" if gift else "new"
        order.save()


def tag_new_orders():
    for order in Order.objects.filter(status="new"):
        # ruleid: DJP103 adding link rows leaves the Tag rows the lookup reads alone
        tag = Tag.objects.filter(label="new").first()
        order.tags.add(tag)


def retag_orders():
    for order in Order.objects.filter(status="new"):
        # ok: DJP103 the lookup follows the link rows the loop adds
        tag = Tag.objects.filter(orders__status="new").first()
        order.tags.add(tag)


def restock():
    for order in Order.objects.filter(status="new"):
        # ok: DJP103 the loop creates products: the lookup may answer differently next time
        gift = Product.objects.filter(name="gift").first()
        if gift is None:
            Product.objects.create(sku=f"gift-{order.pk}", name="gift")


# --- a query one call away: a helper of this file called once per row -------------


def _product_name(line):
    # ruleid: DJP103 one Product query per line of the loop in invoice_lines that calls this helper
    return Product.objects.get(sku=line["sku"]).name


def invoice_lines(lines):
    for line in lines:
        print(_product_name(line))


def _gift():
    # ok: DJP103 the helper's query reads none of its arguments (not followed one call away)
    return Product.objects.filter(name="gift").first()


def gift_lines(lines):
    for line in lines:
        print(line, _gift())


def _customer_by_email(email):
    # ok: DJP103 called once, outside any loop
    return Customer.objects.get(email=email)


def one_customer(email):
    return _customer_by_email(email)


class Renderer:
    def render(self, rows):
        for row in rows:
            self.render_one(row, "A4")

    def render_one(self, row, paper):
        # ruleid: DJP103 a method called through self once per row of render's loop
        customer = Customer.objects.get(pk=row["customer"])
        print(customer.name, paper)

    def render_cover(self, rows):
        for row in rows:
            self.render_title("cover")

    def render_title(self, title):
        # ok: DJP103 the loop passes the same title every time (the helper's argument does not change)
        print(Customer.objects.filter(name=title).count())


def _refund_total(customer, repair):
    if repair:
        # ok: DJP103 behind a branch of the helper (a repair path, rare in practice): not followed
        return Refund.objects.filter(customer=customer).count()
    return 0


def refund_report(customers):
    for customer in customers:
        print(_refund_total(customer, repair=False))


def _order_count(customer):
    # ok: DJP103 a related manager's all() on what the caller handed over: its prefetch may serve it
    return len(customer.orders.all())


def order_report(customers):
    for customer in customers:
        print(_order_count(customer))


def _refund_sum(customer):
    # ok: DJP103 the loop calls this helper only for some rows (behind a branch): not followed
    return Refund.objects.filter(customer=customer).count()


def flagged_refunds(customers):
    for customer in customers:
        if customer.get("flagged"):
            print(_refund_sum(customer))


def _has_refunds(customer):
    # ruleid: DJP103 the loop below calls this helper in its `if` test, which runs on every iteration
    return Refund.objects.filter(customer=customer).exists()


def refunded_customers(customers):
    out = []
    for customer in customers:
        if _has_refunds(customer):
            out.append(customer)
    return out


def orders_grouped_by_status(statuses):
    # The filter's comprehension reuses the loop's name `status` for its own variable: the queryset is
    # built once, before the loop, and Django keeps its rows after the first pass.
    orders = Order.objects.filter(status__in=[status for status in statuses]).values("pk", "status")
    # ok: DJP103 the same QuerySet object is iterated again: its result cache answers every pass after the first
    return [[o for o in orders if o["status"] == status] for status in statuses]


def orders_per_status_rebuilt(statuses):
    groups = []
    for status in statuses:
        orders = Order.objects.filter(status=status)
        # ruleid: DJP103 the queryset is built inside the loop from the loop's value
        groups.append(list(orders))
    return groups


# --- a queryset made before the loop and indexed in it ------------------------------


def pair_orders_by_position(customers):
    orders = Order.objects.filter(status="paid").order_by("pk")
    for i, customer in enumerate(customers):
        # ruleid: DJP103 orders was never fetched: orders[i] is one LIMIT/OFFSET query per customer
        print(customer, orders[i].total)


def assign_products(plan):
    products = Product.objects.filter(name__startswith="A")
    total = products.count()
    # ruleid: DJP103 the same in a comprehension (count() leaves the result cache empty)
    return total, [(products[step["product"]], step["qty"]) for step in plan]


def pair_after_listing(customers):
    orders = Order.objects.filter(status="paid").order_by("pk")
    print(len(orders))
    for i, customer in enumerate(customers):
        # ok: DJP103 len() fetched every row: orders[i] reads the result cache
        print(customer, orders[i].total)


def pair_after_walk(customers):
    orders = Order.objects.filter(status="paid").order_by("pk")
    if orders:
        for i, customer in enumerate(customers):
            # ok: DJP103 the truth test fetched the rows first
            print(customer, orders[i].total)


def pair_with_helper(customers, fill):
    orders = Order.objects.filter(status="paid").order_by("pk")
    fill(orders)
    for i, customer in enumerate(customers):
        # ok: DJP103 handed to a function that may have evaluated it
        print(customer, orders[i].total)


def pair_with_list(customers):
    orders = list(Order.objects.filter(status="paid").order_by("pk"))
    for i, customer in enumerate(customers):
        # ok: DJP103 a list, not a queryset
        print(customer, orders[i].total)


# --- a query inside a member of the loop row's model (property, cached_property, method) ----------


def shift_board():
    board = []
    for shift in Shift.objects.filter(seats__gt=0):
        # ruleid: DJP103 the property counts the shift's bookings: one query per shift
        taken = shift.taken
        # ruleid: DJP103 the property hands the row's values to a static helper that counts bookings
        free = shift.free_seats
        # ruleid: DJP103 the method filters the row's related manager (a prefetch cannot answer it)
        late = shift.has_late_bookings()
        board.append((shift.label, taken, free, late))
    return board


def shift_flags(shifts_qs):
    # ruleid: DJP103 a comprehension reads it per row too
    return {s.pk: s.taken for s in Shift.objects.filter(starts__isnull=False)}


def shift_board_quiet(customer):
    out = []
    for shift in Shift.objects.all():
        # ok: DJP103 the member returns a memo first when there is one (the query is behind a guard)
        a = shift.taken_memo
        # ok: DJP103 the query is the right operand of `and`: only for some rows
        b = shift.taken_if_open
        # ok: DJP103 `booking_set.exists()` may be served by a caller's prefetch
        c = shift.has_bookings()
        # ok: DJP103 the method's query reads its argument only, not the row
        d = shift.count_for(customer)
        # ok: DJP103 the method writes the row (an action per row, not a value to load for all rows)
        shift.reopen()
        # ok: DJP103 a plain property without a query
        out.append((a, b, c, d, shift.label))
    return out


def shift_taken_sometimes():
    for shift in Shift.objects.all():
        if shift.seats > 10:
            # ok: DJP103 read only for some rows (behind a branch of the loop)
            print(shift.taken)


def one_shift(pk):
    for shift in Shift.objects.filter(pk=pk):
        # ok: DJP103 the loop walks at most one row
        print(shift.taken)


# --- round 15: a row lock taken per item -------------------------------------------------------------


def settle_each(order_ids):
    for order_id in order_ids:
        with transaction.atomic():
            # ok: DJP103 select_for_update locks this row in its own transaction: rows fetched before the loop would not be locked
            order = Order.objects.select_for_update().get(pk=order_id)
            order.status = "settled"
            order.save()


def _settle_one(order_id):
    with transaction.atomic():
        # ok: DJP103 the helper locks the row it reads, one transaction per item
        order = Order.objects.select_for_update().get(pk=order_id)
        order.status = "settled"
        order.save()


def settle_all(order_ids):
    for order_id in order_ids:
        _settle_one(order_id)
