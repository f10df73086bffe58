# fixture-path: proj/settings/production.py
# ok: DJP702
"""Celery with only the client's sent events on: workers still send no task events without -E."""
import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

# `task_send_sent_event` adds the "sent" event only; received / started / succeeded need the workers'.
# ruleid: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_TASK_TIME_LIMIT = 30 * 60
