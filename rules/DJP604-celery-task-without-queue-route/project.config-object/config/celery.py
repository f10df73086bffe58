from celery import Celery

from config.queues import QueueSettings

app = Celery("shop")
# The configuration is a class: Celery reads its attributes, task_routes among them.
app.config_from_object(QueueSettings)
app.autodiscover_tasks()
