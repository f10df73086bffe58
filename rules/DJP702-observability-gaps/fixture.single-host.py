# fixture-path: proj/settings/production.py
# ok: DJP702
"""Production settings of a self-hosted install on one machine: no APM, no query log, by design."""
from .base import *  # noqa: F401,F403

# A SQLite database: the deployment is one process on one host, not a fleet to monitor.
# ok: DJP702
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}

# ok: DJP702
CELERY_BROKER_URL = "redis://localhost:6379/0"
