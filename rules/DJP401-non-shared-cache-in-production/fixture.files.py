# fixture-path: proj/settings/production.py
from .base import *  # noqa: F401,F403

CACHES = {
    "default": {
        # ruleid: DJP401
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/tmp/django_cache",
    },
}
