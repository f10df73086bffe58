# fixture-path: proj/settings/production.py
# ok: DJP702
"""Production settings over the base (which switches task events on), then a deployment's YAML over every name."""
import os

import sentry_sdk
import yaml

from .base import *  # noqa: F401,F403

# ok: DJP702
sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

# ok: DJP702
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "OPTIONS": {"options": "-c log_min_duration_statement=500"},
    }
}

# The YAML may set any name, CELERY_WORKER_SEND_TASK_EVENTS among them: what the repository sets (True,
# in base.py) is on; an override is the deployment's own choice, not a gap the repository leaves.
with open(os.environ["SHOP_CFG"], encoding="utf-8") as f:
    config_from_yaml = yaml.safe_load(f)
    vars().update(config_from_yaml)

# ok: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
