# fixture-path: proj/settings/production.py
"""Production settings (someone copied the profiling setup from dev.py)."""
import os

from .base import *  # noqa: F401,F403

# ruleid: DJP701
DEBUG = True

INSTALLED_APPS += [
    # ruleid: DJP701
    "debug_toolbar",
    # ruleid: DJP701
    "silk",
    # ruleid: DJP701
    "nplusone.ext.django",
    # ok: DJP701
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # ruleid: DJP701
    "debug_toolbar.middleware.DebugToolbarMiddleware",
    # ok: DJP701
    "django.middleware.security.SecurityMiddleware",
    # ok: DJP701
    "django.contrib.sessions.middleware.SessionMiddleware",
    # ruleid: DJP701
    "silk.middleware.SilkyMiddleware",
]

# Profiling switched on by an environment flag for one investigation: not always on.
if os.environ.get("ENABLE_ZEAL"):
    # ok: DJP701
    INSTALLED_APPS += ["zeal"]
    # ok: DJP701
    MIDDLEWARE += ["zeal.middleware.zeal_middleware"]

# ok: DJP701
ALLOWED_HOSTS = ["shop.example.com"]
