import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_routes = {
    "apps.*.tasks.etl_*": {"queue": "etl"},
    "apps.*.tasks.notification_*": {"queue": "notifications"},
    "apps.*.tasks.*": {"queue": "default"},
}
app.autodiscover_tasks()
