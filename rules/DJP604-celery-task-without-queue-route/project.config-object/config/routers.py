SLOW_MODULES = {"shop.tasks"}


class ByModuleRouter:
    def route_for_task(self, task, args=None, kwargs=None):
        module = task.rsplit(".", 1)[0]
        return {"queue": "slow" if module in SLOW_MODULES else "default"}
