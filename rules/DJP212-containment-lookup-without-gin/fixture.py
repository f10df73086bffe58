# fixture-path: catalog/views.py
from django.db.models import Q

from catalog.models import Product, Review


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
    return qs.exclude(extra__has_any_keys=words)


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
