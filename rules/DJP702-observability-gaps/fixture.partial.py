# fixture-path: proj/settings/production.py
# ruleid: DJP702
"""Production settings: queries are bounded and logged by the server, Celery events are off."""
from .base import *  # noqa: F401,F403

# statement_timeout in the connection options: the slow-query line of the checklist is covered.
# ok: DJP702
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "OPTIONS": {"options": "-c statement_timeout=30000 -c log_min_duration_statement=500"},
    }
}

# ruleid: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
# ok: DJP702
CELERY_WORKER_SEND_TASK_EVENTS = False
# ok: DJP702
CELERY_TASK_TIME_LIMIT = 600
