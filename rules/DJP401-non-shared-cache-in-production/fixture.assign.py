# fixture-path: proj/settings/production.py
from .base import *  # noqa: F401,F403

CACHES = {}
# ruleid: DJP401
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 60}
