"""Production settings (the fixtures replace this file to test their cases)."""
import os

from .base import *  # noqa: F401,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
