# fixture-path: proj/settings/production.py
"""Production settings of a project whose code never touches its only (per-process) cache."""
from .base import *  # noqa: F401,F403

MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]

CACHES = {
    # ruleid: DJP401 at info: nothing in the repository uses the cache
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
