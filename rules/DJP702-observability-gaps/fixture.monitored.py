# fixture-path: proj/settings/production.py
# ok: DJP702
"""Production settings with the rulebook's monitoring checklist covered."""
import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.1)

# ok: DJP702
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # ok: DJP702
    "loggers": {"django.db.backends": {"handlers": ["console"], "level": "WARNING"}},
}

# ok: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
# ok: DJP702
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_TASK_TIME_LIMIT = 15 * 60
