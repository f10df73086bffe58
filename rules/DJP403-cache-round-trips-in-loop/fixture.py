# fixture-path: shop/services.py
import time

from django.core.cache import cache, caches
from django.core.cache import cache as default_cache

from .models import Product

REGIONS = ("north", "south")


def prices(product_ids):
    out = {}
    for pk in product_ids:
        # ruleid: DJP403
        out[pk] = cache.get(f"price:{pk}")
    return out


def warm(products):
    for p in products:
        # ruleid: DJP403
        cache.set(f"product:{p.pk}", p.name, timeout=300)


def forget(keys):
    # ruleid: DJP403
    [cache.delete(k) for k in keys]


def counters(events):
    for event in events:
        # ruleid: DJP403
        caches["stats"].incr(f"hits:{event.kind}")


def renamed(products):
    for p in products:
        # ruleid: DJP403
        default_cache.get_or_set(f"stock:{p.pk}", p.stock, timeout=60)


def visible(products):
    # ruleid: DJP403
    return [p for p in products if cache.has_key(f"hidden:{p.pk}")]


def batched(product_ids):
    # ok: DJP403
    found = cache.get_many([f"price:{pk}" for pk in product_ids])
    # ok: DJP403
    cache.set_many({f"price:{pk}": 0 for pk in product_ids if f"price:{pk}" not in found})
    return found


def per_region():
    out = {}
    for region in REGIONS:
        # A configuration constant of two items: two round trips, not N.
        # ok: DJP403
        out[region] = cache.get(f"region:{region}")
    for name in ["a", "b", "c"]:
        # ok: DJP403
        cache.delete(f"menu:{name}")
    return out


def acquire(lock_key):
    # Spinning on one lock key: a retry loop, not one round trip per item.
    while True:
        # ok: DJP403
        if cache.add(lock_key, "1", timeout=10):
            return True
        time.sleep(0.1)


def not_django(products):
    cache = {}
    for p in products:
        # A local dict named cache is not the cache framework.
        # ok: DJP403
        cache.get(p.pk)
    return cache


def one_key(product):
    # ok: DJP403
    return cache.get(f"product:{product.pk}")


def through_helper(products):
    for p in products:
        # The helper does the round trip; one level of calls is not followed.
        # todoruleid: DJP403
        price_of(p)


def price_of(product):
    return cache.get(f"price:{product.pk}")


def refresh_all():
    for product in Product.objects.all():
        # ruleid: DJP403
        cache.delete(f"product:{product.pk}")


def parse_all(keys):
    out = []
    for key in keys:
        try:
            out.append(int(key))
        except ValueError:
            # ok: DJP403 only a malformed entry reaches this line: an error path, not one round trip per item
            cache.delete(key)
    return out
