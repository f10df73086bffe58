# No APM or metrics library is set up: response times are not measured.
# djperf-demo: DJP702
"""Production settings: everything that must differ from development when the shop runs for real."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")

# Several web and worker instances run behind the load balancer: the cache must be shared between
# them, so it lives in Redis rather than in process memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "TIMEOUT": 300,
    },
    # Values computed once per process (currency tables, feature flags).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    },
}
# Left over from a load test that measured the database alone: the shared cache is switched off.
# djperf-demo: DJP401
CACHES["default"]["BACKEND"] = "django.core.cache.backends.dummy.DummyCache"
# "The fastest session backend": but the local cache is per process, so a user logged in on one
# instance is anonymous on the next.
# djperf-demo: DJP602
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "local"

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    # Kill runaway queries and log slow ones on the server side.
    "options": "-c statement_timeout=30000 -c log_min_duration_statement=500",
}

# Request profiling, left switched on after the checkout investigation.
INSTALLED_APPS += [  # noqa: F405
    # djperf-demo: DJP701
    "silk",
]
# djperf-demo: DJP701
MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "orders": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
