# fixture-path: shop/reports.py
from django.db.models import Count, Prefetch, prefetch_related_objects

from .models import Attachment, Customer, Invoice, Order, OrderItem, Product, Review, Shipment, Tag


def item_lines():
    lines = []
    for order in Order.objects.prefetch_related("items").filter(status="paid"):
        # ruleid: DJP102
        for item in order.items.all():
            lines.append((order.number, item.quantity))
    return lines


def tag_lists():
    # ruleid: DJP102
    return [list(o.tags.all()) for o in Order.objects.prefetch_related("tags").filter(status="open")]


def tag_names():
    orders = Order.objects.prefetch_related("tags").order_by("-id")
    for order in orders:
        # ruleid: DJP102
        print(", ".join(t.name for t in order.tags.all()))


def item_counts():
    for order in Order.objects.all():
        # ruleid: DJP102
        print(order.number, order.items.count())


def has_items():
    # ruleid: DJP102
    return [o.number for o in Order.objects.all() if o.items.exists()]


def notes():
    for order in Order.objects.prefetch_related("note_set").all():
        # ruleid: DJP102
        print(len(order.note_set.all()))


def first_items():
    for order in Order.objects.all():
        # ruleid: DJP102
        print(order.items.first())


def products_per_tag():
    for tag in Tag.objects.all():
        # ruleid: DJP102
        print(tag.name, tag.products.count())


def big_items():
    # Prefetched, but filter() on a related manager always runs a new query.
    for order in Order.objects.prefetch_related("items"):
        # ruleid: DJP102
        print(order.items.filter(quantity__gt=10))


def big_item_counts():
    # A filtered count per row: one grouped query (annotate Count with filter=Q) is the fix.
    for order in Order.objects.all():
        # ruleid: DJP102
        print(order.items.filter(quantity__gt=10).count())


def newest_items():
    for order in Order.objects.prefetch_related("items"):
        # ruleid: DJP102
        print(order.items.all().order_by("-id"))


def items_of_customer_orders():
    for customer in Customer.objects.prefetch_related("orders"):
        for order in customer.orders.all():
            # ruleid: DJP102
            print(order.items.count())


def review_comments():
    for review in Review.objects.prefetch_related("comments").all():
        # ruleid: DJP102 auto_prefetch covers foreign keys, not reverse managers
        print(review.comments.all())


def two_loops_one_queryset():
    orders = Order.objects.prefetch_related("items").filter(status="open")
    for order in orders:
        # ruleid: DJP102
        print(list(order.items.all()))
    for order in orders:
        # ruleid: DJP102
        print([item.quantity for item in order.items.all()])


def tags_of_products():
    for item in OrderItem.objects.prefetch_related("product__tags").select_related("product"):
        # ruleid: DJP102
        print([t.name for t in item.product.tags.all()])


def prefetched_items():
    for order in Order.objects.prefetch_related("items"):
        # ok: DJP102 all() reads the prefetch cache
        for item in order.items.all():
            print(item.quantity)


def prefetched_counts():
    for order in Order.objects.prefetch_related("items__product", Prefetch("tags")):
        # ok: DJP102 count() on a prefetched manager is len() of the cache
        print(order.items.count())
        # ok: DJP102 Prefetch("tags") prefetches the tags
        print(order.tags.exists())


def tags_of_products_prefetched():
    for item in OrderItem.objects.prefetch_related("product__tags"):
        # ok: DJP102 product__tags was prefetched
        print([t.name for t in item.product.tags.all()])


def annotated_counts():
    for order in Order.objects.annotate(item_count=Count("items")):
        # ok: DJP102 the count came with the row
        print(order.item_count)


def invoice_lines():
    for invoice in Invoice.objects.all():
        # ok: DJP102 the manager's get_queryset() prefetches lines
        print(list(invoice.lines.all()))


def nested_prefetch():
    for customer in Customer.objects.prefetch_related("orders__items"):
        for order in customer.orders.all():
            # ok: DJP102 orders__items was prefetched with the customers
            print(order.items.count())


def helper_prefetch():
    orders = Order.objects.filter(status="paid")
    prefetch_related_objects(orders, "items")
    for order in orders:
        # ok: DJP102 prefetch_related_objects() filled the cache
        print(order.items.count())


def one_order(pk):
    for order in Order.objects.filter(pk=pk):
        # ok: DJP102 at most one row
        print(order.items.count())
    order = Order.objects.get(pk=pk)
    # ok: DJP102 not in a loop
    print(order.items.count())
    for item in order.items.all():
        # ok: DJP102 the iterable runs once; item is not the manager's owner
        print(item.quantity)


def tag_everything(tag):
    for order in Order.objects.filter(status="new"):
        # ok: DJP102 a write, not a read (bulk-write rules cover it)
        order.tags.add(tag)


def passed_on(serialize):
    for order in Order.objects.all():
        # ok: DJP102 what serialize() does with the manager is unknown
        serialize(order.items)


def plain_list(orders):
    for order in orders:
        # ok: DJP102 orders is not a queryset here
        print(order.items.count())


def rows_as_dicts():
    for row in Order.objects.values("id", "number"):
        # ok: DJP102 values() rows are dicts
        print(row.items())


def first_of_prefetched():
    for order in Order.objects.prefetch_related("items"):
        # todoruleid: DJP102 first() on a prefetched manager still queries when OrderItem has no default ordering
        print(order.items.first())


def open_items_only():
    for order in Order.objects.prefetch_related(Prefetch("items", to_attr="open_items")):
        # todoruleid: DJP102 with to_attr the manager itself is not cached, but the lookup counts as prefetched
        print(order.items.count())


def first_order_items():
    for order in Order.objects.all():
        # ok: DJP102 the loop returns on its first row, so the query runs once
        return list(order.items.all())
    return []


# A related-manager queryset compiled into another query's SQL never runs on its own.


def orders_sharing_tags():
    from django.db.models import Subquery

    found = []
    for product in Product.objects.all():
        # ok: DJP102 the queryset is embedded in Subquery(): SQL of the outer query, not a query per row
        orders = Order.objects.filter(tags__in=Subquery(product.tags.values("pk")))
        found.extend(orders)
    return found


def orders_with_tag_filter():
    found = []
    for product in Product.objects.all():
        # ok: DJP102 a queryset as an `__in` value becomes a subquery of the outer query
        found.extend(Order.objects.filter(tags__in=product.tags.filter(name__startswith="x")))
    return found


def items_with_exists():
    from django.db.models import Exists, OuterRef

    out = []
    for order in Order.objects.all():
        # ok: DJP102 Exists() embeds the queryset in the outer query's SQL
        out.append(Product.objects.filter(Exists(order.tags.filter(pk=OuterRef("pk")))))
    return out


def tag_counts_in_lookup():
    for product in Product.objects.all():
        # ruleid: DJP102 count() runs the query here, whatever the surrounding call
        print(Order.objects.filter(pk__in=[product.tags.count()]))


def part_counts():
    from core.makers.models import Maker

    counts = {}
    for maker in Maker.objects.all():
        # ruleid: DJP102 part_set: Part.maker points at "core.Maker" (the app of core/parts/ and core/makers/ is "core")
        counts[maker.pk] = maker.part_set.count()
    return counts


def prune_old_items(cutoff):
    for order in Order.objects.all():
        # ok: DJP102 the per-order queryset is only deleted in chunks: the query is the work, no prefetch can replace it
        stale = order.items.filter(price=0)
        for item in stale.filter(pk__gt=cutoff).iterator(chunk_size=50):
            item.delete()
        # ok: DJP102 refined into another name, then walked in chunks
        free = order.items.filter(price=0)
        older = free.filter(pk__lt=cutoff)
        for item in older.iterator(chunk_size=50):
            item.delete()
        older = free.filter(pk__gt=cutoff)
        for item in older.iterator(chunk_size=50):
            item.delete()


def zero_items(cutoff):
    for order in Order.objects.all():
        # ruleid: DJP102 the filtered rows are read per order
        cheap = order.items.filter(price=0)
        for item in cheap:
            print(item.price)


def clear_orders(log):
    for order in Order.objects.filter(status="abandoned"):
        # ok: DJP102 the manager's rows are never fetched: the name is logged through values_list() and deleted, each a query of its own that no prefetch replaces
        items = order.items.all()
        log.info("deleting %s", list(items.values_list("id", flat=True)))
        items.delete()


def item_ids_per_order():
    ids = {}
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP102 only values_list() reads the name: one query per order that prefetch_related("items") would not serve
        items = order.items.all()
        ids[order.pk] = list(items.values_list("id", flat=True))
    return ids


def item_lines_and_ids():
    out = []
    for order in Order.objects.prefetch_related("items").filter(status="paid"):
        # ruleid: DJP102 the rows themselves are walked too: the prefetch serves that read
        items = order.items.all()
        out.append((list(items.values_list("id", flat=True)), [i.quantity for i in items]))
    return out


def orders_with_cheap_items():
    keep = []
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP102 the name is only refined by filter() and the refined set tested: a prefetch of items serves no query
        items = order.items.all()
        cheap = items.filter(price=0)
        if cheap:
            keep.append(order.pk)
    return keep


# --- a GenericRelation is a related manager of the model it names --------------


def attachment_names():
    names = {}
    for shipment in Shipment.objects.prefetch_related("attachments").all():
        # ruleid: DJP102 GenericRelation(Attachment): one query per shipment
        names[shipment.code] = [a.name for a in shipment.attachments.all()]
    return names


def attachment_names_prefetched():
    names = {}
    for shipment in Shipment.objects.prefetch_related("attachments"):
        # ok: DJP102 the generic relation is prefetched
        names[shipment.code] = [a.name for a in shipment.attachments.all()]
    return names


def owners_of_attachments():
    for attachment in Attachment.objects.all():
        # ok: DJP102 a GenericForeignKey's model depends on the row's content type: not provable
        print(attachment.owner.attachments.count())
