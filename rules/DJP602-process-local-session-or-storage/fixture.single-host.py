# fixture-path: proj/settings/production.py
"""Production settings of a self-hosted install: one machine, one SQLite file (single-host)."""
from .base import *  # noqa: F401,F403

# ok: DJP602
DEBUG = False

# The database is one SQLite file: no second machine can share it, so the deployment is one host and
# sessions or uploads kept on that host are where every request finds them.
# ok: DJP602
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/var/lib/shop/db.sqlite3"}}

# ok: DJP602
SESSION_ENGINE = "django.contrib.sessions.backends.file"

STORAGES = {
    # ok: DJP602
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
