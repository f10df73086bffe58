# fixture-path: proj/settings/production.py
"""Production settings: several web and worker processes."""
import os

from .base import *  # noqa: F401,F403

CACHES = {
    # ruleid: DJP401
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # A second, deliberately per-process alias (values computed once per process).
    # ok: DJP401
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # ok: DJP401
    "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]},
}
