"""Queue settings of the shop's workers, handed to Celery as an object."""


class QueueSettings:
    task_default_queue = "default"
    # A router class picks the queue from the task's module: which task goes where is decided at run time.
    task_routes = ("config.routers.ByModuleRouter",)
