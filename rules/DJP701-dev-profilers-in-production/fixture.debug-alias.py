# fixture-path: proj/settings/production.py
"""Production settings whose DEBUG is another module's switch (False unless a deployment sets it)."""
from shop import flags as shop_flags
from shop.flags import PROFILE_QUERIES

from .base import *  # noqa: F401,F403

DEBUG = shop_flags.DEBUG_MODE

# The switch is read from a module the index cannot evaluate: its value is unknown, so these are guarded.
if DEBUG:
    # ok: DJP701
    INSTALLED_APPS += ["debug_toolbar", "nplusone.ext.django"]
    # ok: DJP701
    MIDDLEWARE += ["nplusone.ext.django.NPlusOneMiddleware"]

if shop_flags.PROFILE_QUERIES:
    # ok: DJP701
    INSTALLED_APPS += ["silk"]

if PROFILE_QUERIES:
    # ok: DJP701
    MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]

# The debug toolbar added unconditionally next to the switch is still reported.
# ruleid: DJP701
MIDDLEWARE += ["debug_toolbar.middleware.DebugToolbarMiddleware"]
