"""Celery application of the shop.

Work is split by kind so that a slow import never delays customer e-mails: `etl` for bulk imports and
maintenance, `notifications` for mail, `default` for the rest. Each queue has its own worker pool:

    celery -A shop_project worker -Q default -c 4
    celery -A shop_project worker -Q notifications -c 2
    celery -A shop_project worker -Q etl -c 1
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_project.settings")

app = Celery("shop_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = "default"
app.conf.task_routes = {
    "orders.tasks.send_*": {"queue": "notifications"},
    "orders.tasks.cancel_*": {"queue": "etl"},
    "orders.tasks.import_*": {"queue": "etl"},
    "orders.tasks.*": {"queue": "default"},
}
app.autodiscover_tasks()
