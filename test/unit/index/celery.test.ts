import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";
import { isCeleryPath, selectIndexPaths } from "../../../src/analysis/index/select.js";

const CELERY_APP = py`
  from celery import Celery

  app = Celery("proj")
  app.config_from_object("django.conf:settings", namespace="CELERY")
  app.conf.task_routes = {
      "billing.tasks.etl_*": {"queue": "etl"},
      "billing.tasks.notify_customer": "notifications",
  }
  app.conf.task_default_queue = "default"
`;

describe("Celery index: tasks", () => {
  it("finds shared_task, app.task, bare @task from celery, and class-based tasks", async () => {
    const index = await indexFiles({
      "proj/celery.py": CELERY_APP,
      "billing/tasks.py": py`
        from celery import shared_task, Task
        from celery.decorators import task
        from proj.celery import app

        @shared_task
        def etl_import_invoices(path):
            pass

        @app.task(bind=True, queue="reports", name="billing.monthly")
        def monthly_report(self):
            pass

        @task
        def legacy(x):
            pass

        class RebuildTask(Task):
            queue = "maintenance"

            def run(self):
                pass

        class AbstractBase(Task):
            abstract = True

            def run(self):
                pass

        def not_a_task():
            pass
      `,
    });
    const names = [...index.celery.tasks.keys()].sort();
    expect(names).toEqual(["billing.tasks.RebuildTask", "billing.tasks.etl_import_invoices", "billing.tasks.legacy", "billing.tasks.monthly_report"]);
    const monthly = index.celery.tasks.get("billing.tasks.monthly_report")!;
    expect(monthly.taskName).toBe("billing.monthly");
    expect(monthly.queue).toEqual({ name: "reports" });
    expect(index.celery.tasks.get("billing.tasks.RebuildTask")!.queue).toEqual({ name: "maintenance" });
  });

  it("does not take other libraries' task decorators for Celery's", async () => {
    const index = await indexFiles({
      "jobs/tasks.py": py`
        from huey.contrib.djhuey import HUEY as huey
        from django_q import task

        @huey.task()
        def a():
            pass

        @task
        def b():
            pass

        @self.task
        def c():
            pass
      `,
    });
    expect(index.celery.tasks.size).toBe(0);
  });

  it("resolves queue names from module constants, also imported ones", async () => {
    const index = await indexFiles({
      "proj/celery.py": py`
        from celery import Celery
        app = Celery("proj")
        STREAMS = "streams"
      `,
      "feed/streams.py": py`
        from proj.celery import app, STREAMS

        @app.task(queue=STREAMS)
        def rebuild_stream(user_id):
            pass

        @app.task(queue=LOCAL)
        def other():
            pass

        LOCAL = "local"
      `,
    });
    const task = index.celery.taskNamed("feed.streams.rebuild_stream")!;
    expect(task.queue).toEqual({ name: "streams" });
    expect(index.celery.taskNamed("streams.other")!.queue).toEqual({ name: "local" });
    expect(index.celery.queues.has("streams")).toBe(true);
  });
});

describe("Celery index: routing", () => {
  it("routes by option, exact route, glob route, or not at all", async () => {
    const index = await indexFiles({
      "proj/celery.py": CELERY_APP,
      "billing/tasks.py": py`
        from celery import shared_task

        @shared_task
        def etl_import_invoices(path):
            pass

        @shared_task
        def notify_customer(customer_id):
            pass

        @shared_task(queue="reports")
        def monthly_report():
            pass

        @shared_task
        def recalculate_totals():
            pass
      `,
    });
    const routing = (fn: string) => index.celery.routingOf(index.celery.taskNamed(`billing.tasks.${fn}`)!);
    expect(routing("etl_import_invoices")).toMatchObject({ by: "route", pattern: "billing.tasks.etl_*", queue: "etl" });
    expect(routing("notify_customer")).toMatchObject({ by: "route", queue: "notifications" });
    expect(routing("monthly_report")).toEqual({ by: "option", queue: "reports" });
    expect(routing("recalculate_totals")).toEqual({ by: "none" });
    expect(index.celery.defaultQueue).toBe("default");
    expect(index.celery.nonDefaultQueues()).toEqual(["etl", "notifications", "reports"]);
  });

  it("reads CELERY_TASK_ROUTES and the old CELERY_ROUTES from settings, with globs matched from the start", async () => {
    const index = await indexFiles({
      "proj/settings.py": py`
        CELERY_TASK_ROUTES = {"*.tasks.import_*": {"queue": "etl"}}
        CELERY_TASK_QUEUES = (Queue("default"), Queue("etl"))
      `,
      "src/catalog/tasks.py": py`
        from celery import shared_task

        @shared_task
        def import_products():
            pass

        @shared_task
        def reindex():
            pass
      `,
    });
    expect(index.celery.routingOf(index.celery.taskNamed("catalog.tasks.import_products")!)).toMatchObject({ by: "route", queue: "etl" });
    expect(index.celery.routingOf(index.celery.taskNamed("catalog.tasks.reindex")!)).toEqual({ by: "none" });
    expect([...index.celery.queues].sort()).toEqual(["default", "etl"]);
  });

  it("names a task by its importable module: a source root with no __init__.py is no package", async () => {
    const index = await indexFiles({
      "src/catalog/__init__.py": "",
      "src/catalog/tasks.py": py`
        from celery import shared_task

        @shared_task
        def reindex():
            pass
      `,
      "legacy/tasks.py": py`
        from celery import shared_task

        @shared_task
        def purge():
            pass
      `,
    });
    expect(index.celery.taskNamed("catalog.tasks.reindex")!.taskName).toBe("catalog.tasks.reindex");
    // No __init__.py read for legacy/: nothing shows a root, the path-derived name stays.
    expect(index.celery.taskNamed("legacy.tasks.purge")!.taskName).toBe("legacy.tasks.purge");
  });

  it("treats router functions and regex keys as unknown routing", async () => {
    const index = await indexFiles({
      "proj/celeryconfig.py": py`
        import re
        task_routes = (route_task, {re.compile(r"billing\\..*"): {"queue": "billing"}})
      `,
      "billing/tasks.py": py`
        from celery import shared_task

        @shared_task
        def charge():
            pass
      `,
    });
    const routing = index.celery.routingOf(index.celery.taskNamed("billing.tasks.charge")!);
    expect(routing.by).toBe("unknown");
    expect(index.celery.unknownRouting.map((u) => u.reason)).toEqual([
      "task_routes has a router (route_task)",
      'task_routes has a key that is not a string (re.compile(r"billing\\..*"))',
    ]);
  });

  it("treats a config object handed to config_from_object as unknown routing; a settings string is read", async () => {
    const tasks = py`
      from celery import shared_task

      @shared_task
      def charge():
          pass
    `;
    const byObject = await indexFiles({
      "proj/celery.py": py`
        from celery import Celery
        from proj.conf import WorkerConfig

        app = Celery("proj")
        app.config_from_object(WorkerConfig)
      `,
      "billing/tasks.py": tasks,
    });
    expect(byObject.celery.routingOf(byObject.celery.taskNamed("billing.tasks.charge")!).by).toBe("unknown");
    expect(byObject.celery.unknownRouting.map((u) => u.reason)).toEqual([
      "config_from_object(WorkerConfig) has a config object the index does not read (its task_routes may route every task)",
    ]);
    const bySettings = await indexFiles({
      "proj/celery.py": py`
        from celery import Celery

        app = Celery("proj")
        app.config_from_object("django.conf:settings", namespace="CELERY")
      `,
      "billing/tasks.py": tasks,
    });
    expect(bySettings.celery.routingOf(bySettings.celery.taskNamed("billing.tasks.charge")!)).toEqual({ by: "none" });
  });

  it("marks tasks and management commands that only queue other tasks (dispatch-only)", async () => {
    const index = await indexFiles({
      "billing/tasks.py": py`
        import datetime
        import requests
        from celery import shared_task
        from billing.periods import Period, close_books

        def _period_keys(kinds):
            return list(kinds.keys())

        @shared_task
        def charge(account_id):
            pass

        @shared_task
        def fan_out(period="", kinds=None):
            start = Period.from_str(period) if period else Period.from_date(datetime.date.today()).prior()
            for key in _period_keys(kinds or {}):
                charge.apply_async(kwargs={"period": str(start), "key": key.upper()})

        @shared_task
        def notify_then_fan_out(ids):
            requests.post("https://hooks.example.com", json=ids, timeout=5)
            for i in ids:
                charge.delay(i)

        @shared_task
        def close_then_fan_out(ids):
            close_books(ids)
            charge.delay(ids[0])

        @shared_task
        def touch_then_fan_out(ids):
            Period.objects.filter(pk__in=ids).update(closed=True)
            charge.delay(ids[0])

        @shared_task
        def compute(ids):
            return sorted(ids)

        @shared_task
        def fetch_then_fan_out(url):
            ids = requests.get(url, timeout=5)
            for i in ids:
                charge.delay(i)
      `,
      "billing/management/commands/queue_charges.py": py`
        from django.core.management.base import BaseCommand
        from billing.tasks import fan_out

        class Command(BaseCommand):
            def handle(self, *args, **options):
                fan_out.delay(period=options.get("period"))
                self.stdout.write(self.style.SUCCESS("queued"))
      `,
      "billing/management/commands/close_period.py": py`
        from django.core.management.base import BaseCommand
        from billing.periods import close_books
        from billing.tasks import fan_out

        class Command(BaseCommand):
            def handle(self, *args, **options):
                close_books(options["period"])
                fan_out.delay(period=options["period"])
      `,
    });
    const only = (name: string) => index.celery.taskNamed(`billing.tasks.${name}`)?.dispatchOnly;
    expect(only("fan_out")).toBe(true);
    for (const name of ["charge", "notify_then_fan_out", "close_then_fan_out", "touch_then_fan_out", "compute", "fetch_then_fan_out"]) expect(only(name), name).toBe(false);
    expect(index.celery.commandDispatchesOnly("queue_charges")).toBe(true);
    expect(index.celery.commandDispatchesOnly("close_period")).toBe(false);
    expect(index.celery.commandDispatchesOnly("unknown_command")).toBeUndefined();
  });

  it("counts a queue chosen at a call site as routing", async () => {
    const index = await indexFiles({
      "billing/tasks.py": py`
        from celery import shared_task

        @shared_task
        def rebuild_ledger():
            pass

        @shared_task
        def ping():
            pass
      `,
      "billing/signals.py": py`
        from billing.tasks import rebuild_ledger, ping

        def on_change(sender, **kwargs):
            rebuild_ledger.apply_async(args=(1,), queue="etl")
            ping.s().set(queue="fast").delay()
      `,
    });
    expect(index.celery.routingOf(index.celery.taskNamed("billing.tasks.rebuild_ledger")!)).toMatchObject({ by: "call-site", queue: "etl" });
    expect(index.celery.routingOf(index.celery.taskNamed("billing.tasks.ping")!)).toMatchObject({ by: "call-site", queue: "fast" });
  });

  it("reads routing settings from conf.update and Celery(...) keywords", async () => {
    const index = await indexFiles({
      "proj/celery.py": py`
        from celery import Celery
        app = Celery("proj", task_default_queue="main")
        app.conf.update(task_routes={"billing.*": {"queue": "billing"}}, task_time_limit=60)
      `,
    });
    expect(index.celery.defaultQueue).toBe("main");
    expect(index.celery.routes).toEqual([{ pattern: "billing.*", queue: "billing", path: "proj/celery.py", line: 3 }]);
    expect(index.celery.apps).toEqual([{ name: "app", line: 2, path: "proj/celery.py" }]);
  });
});

describe("Celery paths", () => {
  it("selects task and Celery modules for the index", () => {
    expect(isCeleryPath("shop/tasks.py")).toBe(true);
    expect(isCeleryPath("shop/tasks/imports.py")).toBe(true);
    expect(isCeleryPath("proj/celery.py")).toBe(true);
    expect(isCeleryPath("proj/celeryconfig.py")).toBe(true);
    expect(isCeleryPath("shop/views.py")).toBe(false);
    expect(isCeleryPath("shop/tests/tasks.py")).toBe(false);
    // views.py is read for the DRF graph, not as a Celery module.
    expect(selectIndexPaths(["shop/tasks.py", "shop/utils.py"])).toEqual(["shop/tasks.py"]);
  });
});
