"""Development: the rulebook's debug toolbar setup."""
from .base import *  # noqa: F401,F403

DEBUG = True
INSTALLED_APPS += ["debug_toolbar"]
MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
