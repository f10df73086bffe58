# fixture-path: shop/services.py
import requests
from django.core.cache import cache, caches

from .keys import opaque_key, price_key, stock_key
from .models import Product, SiteSetting, Stock
from .permissions import PERM_KEY, ROLE_KEY, THROTTLE_KEY


def product(pk):
    key = f"product:{pk}"
    found = cache.get(key)
    if found is None:
        found = Product.objects.get(pk=pk)
        # ok: DJP402 (the post_save receiver deletes product: keys)
        cache.set(key, found, 3600)
    return found


def profile(user):
    data = cache.get(f"profile:{user.pk}")
    if data is None:
        data = {"name": user.get_full_name(), "products": list(Product.objects.filter(owner=user).values_list("name", flat=True))}
        # ruleid: DJP402
        cache.set(f"profile:{user.pk}", data, timeout=600)
    return data


def top_sellers(category):
    # Nothing deletes top: keys and they never expire.
    # ruleid: DJP402
    return cache.get_or_set("top:%s" % category, lambda: list(Product.objects.order_by("-price")[:10]), timeout=None)


def category_page(category):
    # ruleid: DJP402
    caches["pages"].add("category:{}".format(category), list(Product.objects.filter(category=category)))


def warm(category):
    products = Product.objects.filter(category=category)
    # ruleid: DJP402
    cache.set_many({"card:" + str(p.pk): p.name for p in products})


def warm_stock_cards():
    """Recomputes every stock card; a cron task calls it right after the nightly stock import."""
    for product in Product.objects.all():
        # todook: DJP402 a warmer run after each rewrite is the refresh itself; not recognised yet
        cache.set(f"stock-card:{product.pk}", product.name, 86400)


def external(city):
    # A value from another service, not from the project's rows: it lives by its timeout.
    # ok: DJP402
    cache.set(f"weather:{city}", fetch_weather(city), 3600)


def price(product):
    # The key helper is resolved one level: price_key builds price: keys, which the receiver deletes.
    # ok: DJP402
    cache.set(price_key(product.pk), product.price)


def stock(product):
    # stock_key builds stock: keys (a helper in another module); nothing deletes them.
    # ruleid: DJP402
    cache.set(stock_key(product.pk), Stock.objects.filter(product=product).count())


def opaque(product):
    # The helper returns a key the index cannot read: unknown keys are silent.
    # ok: DJP402
    cache.set(opaque_key(product), product.name)


def related(product):
    # ok: DJP402 (deleted through delete_many in the receiver)
    cache.set(f"related:{product.pk}", list(product.related()))


def search(term):
    # ok: DJP402 (delete_pattern("search:*") covers the family)
    cache.set(f"search:{term}", run_search(term))


def summary(product):
    # ok: DJP402 (the receiver refreshes summary: keys on every save)
    cache.set(f"summary:{product.pk}", product.name)


def catalogue():
    # A fixed key that never expires, but the receiver deletes it.
    # ok: DJP402
    cache.set("catalogue:v1", list(Product.objects.all()), None)


def settings_blob():
    # A fixed key, never expires, never deleted.
    # ruleid: DJP402
    cache.set("site-settings", dict(SiteSetting.objects.values_list("name", "value")), timeout=None)


def check_for_new_release():
    # The job also counts rows, but the cached value is an external API's answer (rotation set 11):
    # nothing the project writes makes it stale.
    print(Stock.objects.filter(quantity=0).count(), "items out of stock")
    response = requests.get("https://api.example.org/releases", timeout=10)
    releases = []
    for release in response.json():
        releases.append((release["tag"], release["url"]))
    # ok: DJP402
    cache.set("newest-release", max(releases), None)


def release_with_stock():
    # The same shape, but the value mixes in the project's rows.
    response = requests.get("https://api.example.org/releases", timeout=10)
    newest = {"tag": response.json()[0]["tag"], "in_stock": Stock.objects.filter(quantity__gt=0).count()}
    # ruleid: DJP402
    cache.set("newest-release-stock", newest, None)


def banner():
    # A fixed key with a timeout: a cache that lives by its timeout, by design.
    # ok: DJP402
    cache.set("banner", load_banner(), 300)


def lock(pk):
    # A lock or flag (a constant value) holds no copy of data that could go stale.
    # ok: DJP402
    return cache.add(f"lock:{pk}", True, 30)


def versioned(pk, version):
    # ok: DJP402 (the key carries a version that the writer bumps)
    cache.set(f"rates:{version}:{pk}", load_rates(pk))
    # ok: DJP402
    cache.set(f"menu:{pk}", load_menu(pk), version=version)


def passed_in(key, value):
    # A key from the caller: unknown.
    # ok: DJP402
    cache.set(key, value)


def expire_now(pk):
    # A timeout of zero deletes the key.
    # ok: DJP402
    cache.set(f"draft:{pk}", None, 0)


def through_attribute(obj):
    # todoruleid: DJP402 (a key kept on an attribute is not followed)
    cache.set(obj.cache_key_for_rates, load_rates(obj.pk))


def not_django(pk):
    cache = {}
    # ok: DJP402
    cache.set(f"local:{pk}", [pk])
    return cache


def has_perm(user, codename):
    # ok: DJP402 (the imported PERM_KEY template is deleted in signals.py)
    cache.set(PERM_KEY % (user.pk, codename), user.has_perm(codename), 3600)
    # ruleid: DJP402
    cache.set(ROLE_KEY.format(user.pk, codename), list(Product.objects.filter(owner=user)), 3600)


def short_lived(user):
    # A timeout of a minute bounds staleness by itself.
    # ok: DJP402
    cache.set(f"feed:{user.pk}", build_feed(user), 60)


def throttle(request, count):
    # A throttle counter is state, not a copy of rows.
    # ok: DJP402
    cache.set(f"throttle:{request.META['REMOTE_ADDR']}", count, 600)


def rendered(agreement):
    # The key carries the modification time: an edit makes a new key.
    # ok: DJP402
    cache.set(f"agreement:{agreement.pk}:{agreement.last_modified}", render(agreement), 3600)


def hits(user):
    # The imported template is named for state (a throttle), not a copy of rows.
    # ok: DJP402
    cache.set(THROTTLE_KEY.format(user.pk), Product.objects.filter(owner=user).count(), 3600)
