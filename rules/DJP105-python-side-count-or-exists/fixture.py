# fixture-path: shop/reports.py
from django.db.models import QuerySet
from django.shortcuts import render

from shop.models import Customer, Device, Member, Order, Remark, Site, SiteInfo, Ticket


# --- rows fetched only to count them or to learn whether one exists ----------


def orders_of(customer):
    orders = Order.objects.filter(customer=customer)
    # ruleid: DJP105
    return len(orders)


def paid_count():
    # ruleid: DJP105
    return len(Order.objects.filter(status="paid"))


def any_paid():
    paid = Order.objects.filter(status="paid")
    # ruleid: DJP105
    if paid:
        return "yes"
    return "no"


def nothing_new():
    # ruleid: DJP105
    return not Order.objects.filter(status="new")


def has_orders(customer):
    # ruleid: DJP105
    return bool(Order.objects.filter(customer=customer))


# --- count() compared with zero: exists() answers the same (safe fix) --------


def is_empty(status):
    # ruleid: DJP105
    return Order.objects.filter(status=status).count() == 0


def describe(status):
    orders = Order.objects.filter(status=status)
    # ruleid: DJP105
    if orders.count() > 0:
        print("some")
    # ruleid: DJP105
    if 0 < orders.count():
        print("some")
    # ruleid: DJP105
    if orders.count() >= 1:
        print("some")
    # ruleid: DJP105
    if not orders.count():
        print("none")
    # ruleid: DJP105
    assert Order.objects.count() != 0


def refuse_duplicate(status):
    # ruleid: DJP105 the counted number is only compared with zero and truth-tested: exists() answers that
    pending = Order.objects.filter(status=status).count()
    if pending != 0:
        raise ValueError("already pending")
    return not pending


def counted_and_shown(status):
    # ok: DJP105 the number itself is shown, so the count is needed
    pending = Order.objects.filter(status=status).count()
    if pending == 0:
        return "none"
    return f"{pending} pending"


def counted_against_a_limit(status):
    # ok: DJP105 compared with a limit, not with zero
    pending = Order.objects.filter(status=status).count()
    if pending > 10:
        raise ValueError("too many")


def counted_then_rebound(status):
    # ok: DJP105 the name is bound twice: the later value may be a real count
    pending = Order.objects.filter(status=status).count()
    pending = pending + 1
    if pending:
        print(pending)


# --- quiet ---------------------------------------------------------------------


def count_then_list(status):
    orders = Order.objects.filter(status=status)
    # The rows are iterated below anyway: len() fills the cache the loop reads.
    # ok: DJP105
    total = len(orders)
    for order in orders:
        print(order.pk, total)


def test_then_iterate():
    orders = Order.objects.filter(status="new")
    # ok: DJP105
    if orders:
        for order in orders:
            print(order.pk)


def page(request):
    orders = Order.objects.filter(status="paid")
    # The queryset goes to the template, which fetches the rows anyway.
    # ok: DJP105
    if not orders:
        return None
    return render(request, "orders.html", {"orders": orders})


def names_count(items):
    names = [item.name for item in items]
    # len() of a list, not of a queryset.
    # ok: DJP105
    return len(names)


def materialised():
    orders = list(Order.objects.all())
    # ok: DJP105
    if orders:
        return orders[0]
    return None


def thresholds():
    # count() compared with other numbers is a real count.
    # ok: DJP105
    if Order.objects.filter(status="new").count() > 5:
        print("busy")
    # ok: DJP105
    if Order.objects.count() == 1:
        print("one")
    # ok: DJP105
    if 0 < Order.objects.count() < 10:
        print("few")


def already_right():
    # ok: DJP105
    return Order.objects.filter(status="new").exists()


def per_customer():
    for customer in Customer.objects.prefetch_related("orders"):
        # The related manager of a loop row may read a prefetch cache (DJP102's concern).
        # ok: DJP105
        print(len(customer.orders.all()))


def device_counts_of_unknown_owner(owner):
    # ok: DJP105 nothing says what owner is: its device_set.all() may be a prefetch the caller made, and len() reads it for free
    cached = len(owner.device_set.all())
    # ruleid: DJP105 filter() on the default accessor device_set (only Device declares it) queries afresh, every row only to count them
    fresh = len(owner.device_set.filter(serial__startswith="x"))
    return cached, fresh


# --- at most one row: a unique key is pinned, so exists() is no cheaper ---------------


def free_code(code):
    # ok: DJP105 claim_code is unique
    while Device.objects.filter(claim_code=code):
        code = code + "x"
    return code


def name_taken(owner, name):
    # ok: DJP105 (owner, name) is unique_together (flat form), owner spelled as its attname
    return Device.objects.filter(owner_id=owner.pk, name__iexact=name).count() > 0


def serial_taken(owner, serial):
    qs = Device.objects.filter(owner=owner).exclude(name="spare").filter(serial=serial)
    # ok: DJP105 (owner, serial) is a UniqueConstraint; exclude() does not lift the bound
    if not qs:
        return False
    return True


def owner_devices(owner):
    # ruleid: DJP105 owner alone is no unique key
    return Device.objects.filter(owner=owner).count() > 0


def member_exists(name):
    # ok: DJP105 username is unique on Django's AbstractUser, which Member extends
    return bool(Member.objects.filter(username=name))


def site_info_missing(host):
    infos = SiteInfo.objects.filter(site__host=host)
    # ok: DJP105 site is one-to-one and host is unique on Site: one row at most
    return len(infos) == 0


def site_info_missing_by_name(name):
    # ok: DJP105 name is unique on Site among the rows that are not gone: a few rows at most
    return len(SiteInfo.objects.filter(site__name=name)) == 0


def owner_info_missing(customer_name):
    # ruleid: DJP105 owner is a plain foreign key: one customer has many SiteInfo rows
    return len(SiteInfo.objects.filter(owner__name=customer_name)) == 0


def check_site(name):
    sites = Site.objects.filter(host__startswith=name)
    # ok: DJP105 the count is also compared with 1 below: exists() cannot answer that
    if sites.count() == 0:
        return "missing"
    elif sites.count() == 1:
        return "one"
    return "many"


def stats(customer):
    pending = Order.objects.filter(customer=customer, status="pending")
    # ok: DJP105 the same count is needed next to it: exists() would add a query
    has_pending = bool(pending.count())
    return {"has_pending": has_pending, "pending": pending.count()}


# --- known gaps ----------------------------------------------------------------


def hidden_by_list(status):
    # todoruleid: DJP105 list() around the queryset hides it; len(list(qs)) fetches every row too
    return len(list(Order.objects.filter(status=status)))


def summary(orders: QuerySet[Order]):
    # todook: DJP105 the caller may already have evaluated this queryset; then the test reads its cache
    if orders:
        return "some"
    return "none"


# --- a Manager is not a QuerySet ---------------------------------------------------


def describe_customer(customer_pk):
    customer = Customer.objects.get(pk=customer_pk)
    statuses = []
    # ok: DJP105 `customer.orders` is a bare related Manager: always true, no query (a logic bug, not a cost)
    if customer.orders:
        statuses += customer.orders.values_list("status", flat=True)
    return statuses


def any_orders_of(customer_pk):
    customer = Customer.objects.get(pk=customer_pk)
    # ruleid: DJP105 all() makes it a QuerySet: every row is fetched to answer "any?"
    return bool(customer.orders.all())


def has_paid_orders():
    # ruleid: DJP105 len() compared with zero only asks "any?": exists(), not count()
    return len(Order.objects.filter(status="paid")) > 0


def no_paid_orders():
    # ruleid: DJP105 len() truth-tested only asks "any?"
    if not len(Order.objects.filter(status="paid")):
        return True
    return False


# --- querysets and rows returned by a function of the same file ----------------


def open_orders_of(customer):
    return Order.objects.filter(customer=customer, status="open")


def open_order_rows_of(customer):
    return list(Order.objects.filter(customer=customer, status="open"))


def has_open_orders(customer):
    # ruleid: DJP105 the function of this module returns a queryset: the truth test loads every row
    if open_orders_of(customer):
        return "yes"
    return "no"


def has_open_order_rows(customer):
    rows = open_order_rows_of(customer)
    # ok: DJP105 the function returns a list already loaded: its truth test runs no query
    if rows:
        return "yes"
    return "no"


def test_then_count(customer):
    orders = Order.objects.filter(customer=customer)
    # The truth test fills the result cache; len() then counts the cached rows without a query.
    # ok: DJP105
    if orders:
        # todoruleid: DJP105 one orders.count() would answer both without fetching the rows
        return len(orders)
    return 0


# --- per-row tests of a model method's fresh query ---


def customers_with_paid_orders():
    names = []
    for customer in Customer.objects.all():
        # ruleid: DJP105 paid_orders() returns self.orders.filter(...): a fresh query per row, every paid order fetched for a yes/no
        if customer.paid_orders():
            names.append(customer.name)
    return names


def customers_with_any_order():
    names = []
    for customer in Customer.objects.prefetch_related("orders"):
        # ok: DJP105 every_order() only calls all(): it may read the prefetch (DJP102's concern)
        if customer.every_order():
            names.append(customer.name)
    return names



# --- a GenericRelation is a related manager; a row read in place is a row ----------


def has_open_remarks(ticket_id):
    # ruleid: DJP105 Ticket.remarks is GenericRelation(Remark), read on the row `get()` returns
    return Ticket.objects.get(pk=ticket_id).remarks.filter(resolved=False).count() > 0


def subject_has_remarks(remark_id):
    remark = Remark.objects.get(pk=remark_id)
    # ok: DJP105 a GenericForeignKey's model depends on the row: `subject.remarks` is not provable
    return remark.subject.remarks.count() > 0
