# fixture-path: shop/views.py
from collections import Counter, defaultdict

from django.core.cache import cache
from django.http import JsonResponse

from .models import TaxParameter

ONLINE_USERS = set()
RECENT_SEARCHES = []
HITS = Counter()
CARTS = defaultdict(list)
_tax_cache = {}
rate_limits = dict()
REGISTRY = {}
CHOICES = {"a": 1, "b": 2}
EXPORTERS = {}
LAST_SEEN = None
SERIALIZERS_BY_MODEL = {}
PLUGINS = []
LIVE_HANDLERS = []


# --- state changed while serving requests -----------------------------------------------


def heartbeat(request):
    # ruleid: DJP603
    ONLINE_USERS.add(request.user.pk)
    return JsonResponse({"online": len(ONLINE_USERS)})


def search(request):
    # ruleid: DJP603
    RECENT_SEARCHES.append(request.GET["q"])
    return JsonResponse({"recent": RECENT_SEARCHES[-10:]})


def count_hit(request, page):
    # ruleid: DJP603
    HITS[page] += 1
    return JsonResponse({"hits": HITS[page]})


def add_to_cart(request, product_id):
    # ruleid: DJP603
    CARTS[request.session.session_key].append(product_id)
    return JsonResponse({"ok": True})


def throttle(request):
    key = request.META["REMOTE_ADDR"]
    # ruleid: DJP603
    rate_limits[key] = rate_limits.get(key, 0) + 1
    return JsonResponse({"n": rate_limits[key]})


def remember(request):
    global LAST_SEEN
    # Not a container, but rebinding a module global per request is state too: out of scope here.
    LAST_SEEN = request.user.pk
    return JsonResponse({"ok": True})


# --- a per-process memo: info --------------------------------------------------------------


def tax_rate(request, region_id):
    if region_id not in _tax_cache:
        # ruleid: DJP603
        _tax_cache[region_id] = TaxParameter.objects.get(region_id=region_id).rate
    return JsonResponse({"rate": str(_tax_cache[region_id])})


# --- quiet: the rulebook's service-level caching -------------------------------------------


def get_tax_parameters(region_id: int):
    cache_key = f"tax_params:{region_id}"
    # ok: DJP603
    params = cache.get(cache_key)

    if params is None:
        params = TaxParameter.objects.get(region_id=region_id)
        # ok: DJP603
        cache.set(cache_key, params, timeout=300)  # 5 minutes

    return params


def invalidate_tax_parameters(region_id: int):
    # ok: DJP603
    cache.delete(f"tax_params:{region_id}")


# --- quiet: registries filled at import time, reads, local shadows ------------------------


def register(name):
    def wrap(view):
        # ok: DJP603
        REGISTRY[name] = view
        return view

    return wrap


@register("export")
def export_view(request):
    # ok: DJP603
    return JsonResponse({"choices": CHOICES["a"]})


def add_exporter(name, exporter):
    # ok: DJP603
    EXPORTERS[name] = exporter


add_exporter("csv", object())


class RegistryMetaclass(type):
    def __new__(cls, name, bases, attrs):
        new_cls = super().__new__(cls, name, bases, attrs)
        # A metaclass runs when each class statement runs, at import: a bounded class registry.
        # ok: DJP603
        SERIALIZERS_BY_MODEL[name] = new_cls
        return new_cls


class PluginBase:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # ok: DJP603
        PLUGINS.append(cls)


class StreamHandler:
    def __init__(self, request):
        # An ordinary __init__ runs per instance, i.e. per request here.
        # ruleid: DJP603
        LIVE_HANDLERS.append(self)


def stream(request):
    return JsonResponse({"n": len(LIVE_HANDLERS), "h": str(StreamHandler(request))})


def local_shadow(request):
    CHOICES = {}
    # A local variable of the same name.
    # ok: DJP603
    CHOICES["x"] = 1
    return JsonResponse(CHOICES)


def copy_then_change(request):
    options = dict(CHOICES)
    # ok: DJP603
    options["c"] = 3
    return JsonResponse(options)


# ok: DJP603
CHOICES["c"] = 3
