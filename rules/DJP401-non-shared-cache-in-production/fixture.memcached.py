# fixture-path: proj/settings/production.py
from .base import *  # noqa: F401,F403

# ok: DJP401
CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": "cache:11211"}}
