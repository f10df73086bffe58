# fixture-path: catalog/views.py
from django.db.models import Q

from catalog.models import Product, Receipt, Review


def products_tagged(tag):
    # ruleid: DJP212
    return Product.objects.filter(tags__contains=[tag])


def products_with_attribute(key):
    # ruleid: DJP212
    return list(Product.objects.filter(attributes__has_key=key))


def products_matching(attrs, words):
    qs = Product.objects.all()
    # ruleid: DJP212
    qs = qs.filter(Q(attributes__contains=attrs) | Q(name="x"))
    # ruleid: DJP212
    return qs.filter(extra__has_any_keys=words)


def products_negated(attrs, words, tags):
    # ok: DJP212 NOT (extra ?| words) reads every row, GIN index or not
    a = Product.objects.exclude(extra__has_any_keys=words)
    # ok: DJP212 negated by ~Q
    b = Product.objects.filter(~Q(attributes__contains=attrs) | Q(name="x"))
    # ruleid: DJP212 negated twice: a containment again
    c = Product.objects.exclude(~Q(tags__contains=tags))
    return a, b, c


def products_with_either(a, b):
    return Product.objects.filter(
        # ruleid: DJP212
        Q(attributes__contains=a)
        # ok: DJP212 the same filter call and field: one finding
        | Q(attributes__contains=b)
    )


def reviews_flagged(product, review_id, code, keys, flag):
    # ok: DJP212 the foreign key's index finds one product's reviews first
    a = Review.objects.filter(product=product, flags__contains=flag)
    # ok: DJP212 one product's reviews (its related manager)
    b = product.review_set.filter(flags__has_key=flag)
    # ok: DJP212 the primary key pins one row
    c = Review.objects.filter(pk=review_id).filter(flags__contains=flag)
    # ok: DJP212 a unique column pins one row
    d = Review.objects.get(code=code, flags__contains=flag)
    # ok: DJP212 keys the code does not show (a foreign key, a primary key?)
    e = Review.objects.filter(**keys).filter(flags__contains=flag)
    # ruleid: DJP212 the text column is not a filter that narrows
    f = Review.objects.filter(text="x", flags__contains=flag)
    # ok: DJP212 the field's class makes it unique (`super().__init__(unique=True)`): one row
    g = Review.objects.filter(reference=code, flags__contains=flag)
    return a, b, c, d, e, f, g


def products_with_badge(badge):
    # ruleid: DJP212 a project class extending Django's ArrayField is an array column
    return Product.objects.filter(badges__contains=[badge])


def reviews_in_window(start, end, flag):
    # todook: DJP212 a bounded window on an indexed column narrows first; the code cannot show how many rows it holds
    return Review.objects.filter(posted_at__gt=start, posted_at__lte=end, flags__contains=flag)


def receipts_accepted():
    # ok: DJP212 a third-party JSONField is a text column: __contains is a LIKE, no GIN index serves it
    return Receipt.objects.filter(payload__contains="ACCEPT")


def products_found(query):
    # ruleid: DJP212
    return Product.objects.filter(search__search=query)


def products_overlapping(tags):
    # ruleid: DJP212
    return Product.objects.filter(tags__overlap=tags)


def covered(label, colour):
    # ok: DJP212 a GIN index in Meta covers labels
    a = Product.objects.filter(labels__contains=[label])
    # ok: DJP212 a RunSQL migration builds a GIN index on colours
    b = Product.objects.filter(colours__contains=[colour])
    return a, b


def not_containment(name, text):
    # ok: DJP212 contains on a CharField is LIKE, not containment
    a = Product.objects.filter(name__contains=name)
    # ok: DJP212 a key transform is not served by a GIN index on the column
    b = Product.objects.filter(attributes__size__contains="XL")
    # ok: DJP212 a related path names another table
    c = Review.objects.filter(product__tags__contains=["x"])
    # ok: DJP212 equality uses a B-tree
    d = Product.objects.filter(attributes={"a": 1})
    return a, b, c, d


def unknown_model(rows, tag):
    # ok: DJP212 not a QuerySet
    return rows.filter(tags__contains=[tag])


def reviews_about(obj_id, product, flag):
    qs = Review.objects.filter(Q(product=product) | Q(target_object_id=obj_id, text="x"))
    # ok: DJP212 every OR branch pins a key: a few objects' rows, each found through its key's index
    a = qs.filter(flags__contains=flag)
    # ruleid: DJP212 one branch pins nothing: the whole table may match
    b = Review.objects.filter(Q(product=product) | Q(text="x")).filter(flags__contains=flag)
    # ruleid: DJP212 a negated key pins nothing
    c = Review.objects.filter(~Q(product=product)).filter(flags__contains=flag)
    return a, b, c
