# fixture-path: proj/settings/production.py
# ok: DJP702
"""Celery on Amazon SQS: the transport sends no task events, so Flower and event monitors cannot work."""
import os

import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

# Queue depth and age are watched in CloudWatch, outside the repository.
# ok: DJP702
CELERY_BROKER_TRANSPORT = "sqs"
CELERY_QUEUE_PREFIX = os.environ.get("QUEUE_PREFIX", "shop-")
