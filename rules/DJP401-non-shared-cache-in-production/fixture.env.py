# fixture-path: proj/settings/production.py
import os

from .base import *  # noqa: F401,F403

# Read from the environment: unverified, never a finding.
# ok: DJP401
CACHES = {"default": {"BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")}}
