# fixture-path: proj/settings/production.py
"""Production redefines the cache the base module set."""
from .base import *  # noqa: F401,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# ruleid: DJP401
CACHES["default"]["BACKEND"] = "django.core.cache.backends.dummy.DummyCache"
