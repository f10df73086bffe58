# fixture-path: proj/settings/dev.py
"""Development settings: one process, a local cache is fine."""
from .base import *  # noqa: F401,F403

CACHES = {
    # ok: DJP401
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # ok: DJP401
    "other": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
