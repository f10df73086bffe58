# fixture-path: proj/settings/production.py
"""Production settings of a project whose code never touches the default cache (rotation set 13)."""
import os

from .base import *  # noqa: F401,F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
# A nested list appended under a flag is read one level down.
if os.environ.get("FLAGS"):
    MIDDLEWARE.append(["proj.middleware.FlagMiddleware"])
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

CACHES = {
    # ok: DJP401 no module uses the cache, and the shared alias holds what the project shares
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]},
}
