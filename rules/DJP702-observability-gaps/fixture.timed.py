# fixture-path: proj/settings/production.py
# ok: DJP702
"""Production settings: no APM, but a middleware of the project's own logs each request's duration."""
DEBUG = False

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "proj.middleware.RequestIdMiddleware",
    # Response times are measured (in the logs), so the response-time line is covered.
    "proj.middleware.RequestTimingMiddleware",
]

# The duration log records no queries: slow queries still go unseen.
# ruleid: DJP702
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
    }
}

# ok: DJP702
CELERY_BROKER_URL = "redis://broker:6379/0"
CELERY_WORKER_SEND_TASK_EVENTS = True
