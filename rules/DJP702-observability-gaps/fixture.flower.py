# fixture-path: proj/settings/production.py
# ok: DJP702
"""A deployment that runs Flower as its own container: no Python dependency names it."""
import os

import sentry_sdk

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

# Flower switches the workers' task events on by itself; the dashboard link is built from these.
# ok: DJP702
CELERY_BROKER_URL = "amqp://rabbit:5672//"
FLOWER_HOST = os.environ.get("FLOWER_HOST", "flower")
FLOWER_PORT = os.environ.get("FLOWER_PORT", "5555")
