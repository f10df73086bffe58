"""Settings package.

`base` holds everything shared; `production` overrides it for deployed instances. manage.py points at
this package, so local commands run with the base (development) settings. Deployments set
DJANGO_SETTINGS_MODULE=shop_project.settings.production, which wsgi.py and asgi.py also default to.
"""
from .base import *  # noqa: F401,F403
