# fixture-path: proj/settings/production.py
import os

from .base import *  # noqa: F401,F403

CACHES = {
    "default": {
        # ok: DJP401
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    },
}
