# fixture-path: proj/settings/production.py
# ok: DJP702
"""Production settings whose task-events switch comes from the environment: unverified, never "off"."""
import os

import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

# ok: DJP702
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "OPTIONS": {"options": "-c log_min_duration_statement=500"},
    }
}

# ok: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
CELERY_WORKER_SEND_TASK_EVENTS = os.environ.get("CELERY_EVENTS", "false").lower() == "true"
