# fixture-path: proj/settings/production.py
"""Production settings of the shop: several web and worker containers behind a load balancer."""
import os

from .base import *  # noqa: F401,F403

# ok: DJP602
DEBUG = False

CACHES = {
    # ok: DJP602
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    },
    "sessions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    },
}

# Sessions in the "sessions" cache, which is a per-process LocMemCache.
# ruleid: DJP602
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# ok: DJP602
SESSION_CACHE_ALIAS = "sessions"
# ok: DJP602
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

STORAGES = {
    # Uploads on each container's own disk (info).
    # ruleid: DJP602
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Static files are collected at build time into every image: local is fine.
    # ok: DJP602
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

CHANNEL_LAYERS = {
    "default": {
        # ruleid: DJP602
        "BACKEND": "channels.layers.InMemoryChannelLayer",
    },
}

# ruleid: DJP602
CELERY_BROKER_URL = "memory://"
# ruleid: DJP602
CELERY_RESULT_BACKEND = "cache+memory://"
# ok: DJP602
CELERY_TASK_ROUTES = {"shop.tasks.import_*": {"queue": "etl"}}
