# fixture-path: proj/settings/production.py
# ok: DJP702
"""Celery on Amazon SQS, the broker URL built from credentials in the environment."""
import os

import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")

# The scheme is written in the code: the transport is SQS, whose workers send no task events.
# ok: DJP702
CELERY_BROKER_URL = "sqs://%s:%s@" % (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)
CELERY_TASK_TIME_LIMIT = 30 * 60
