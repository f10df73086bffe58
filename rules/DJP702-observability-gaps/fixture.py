# fixture-path: proj/settings/production.py
# ruleid: DJP702
"""Production settings: no APM, no query logging, Celery without events."""
import os

from .base import *  # noqa: F401,F403

# ok: DJP702
ALLOWED_HOSTS = ["shop.example.com"]

# ruleid: DJP702
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "CONN_MAX_AGE": 60,
    }
}

# ok: DJP702
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379/1"}}

# ruleid: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
# ok: DJP702
CELERY_TASK_ROUTES = {"shop.tasks.import_*": {"queue": "etl"}}
