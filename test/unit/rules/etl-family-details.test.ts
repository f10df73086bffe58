/**
 * What the ETL / scalability / monitoring fixtures cannot say: "unverified" answers (rules that cannot
 * decide from the code say so instead of reporting), applicability, and cases that need a second
 * project layout (URL modules, router functions, the rulebook's own settings examples).
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { loadRule } from "../../helpers/fixture-runner.js";
import { py } from "../index/inline-project.js";

async function analyse(folder: string, files: Record<string, string>, path: string) {
  const rule = await loadRule(folder);
  const sources: SourceText[] = Object.entries(files).map(([p, text]) => ({ path: p, text }));
  const index = await buildProjectIndex(sources);
  const file = parseFile(path, files[path] ?? "");
  const result = analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [rule], config: DEFAULT_CONFIG });
  const coverage = result.coverage.get(rule.id);
  return {
    lines: result.findings.map((f) => `${f.range.start.line} ${f.messageId}`),
    applicable: coverage?.applicable ?? false,
    unverified: (coverage?.unverified ?? []).map((u) => u.reason),
  };
}

const WSGI = py`
  import os
  os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")
`;

describe("DJP602 on the rulebook's stateless settings", () => {
  it("cache sessions on a cache read from the environment (default locmem://) are unverified, not a finding", async () => {
    const production = py`
      import environ

      env = environ.Env()

      CACHES = {
          "default": env.cache("CACHE_URL", default="locmem://"),
      }

      SESSION_ENGINE = "django.contrib.sessions.backends.cache"
      SESSION_CACHE_ALIAS = "default"  # Redis

      DEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"
    `;
    const run = await analyse("DJP602-process-local-session-or-storage", { "proj/settings/production.py": production, "proj/wsgi.py": WSGI }, "proj/settings/production.py");
    expect(run.lines).toEqual([]);
    expect(run.applicable).toBe(true);
    expect(run.unverified.join("\n")).toMatch(/the session cache default is env-driven .*locmem:\/\/.*per-process/);
  });

  it("file sessions are reported; a module that is not production is not looked at", async () => {
    const files = {
      "proj/settings/production.py": 'SESSION_ENGINE = "django.contrib.sessions.backends.file"\n',
      "proj/settings/dev.py": 'SESSION_ENGINE = "django.contrib.sessions.backends.file"\n',
      "proj/wsgi.py": WSGI,
    };
    expect((await analyse("DJP602-process-local-session-or-storage", files, "proj/settings/production.py")).lines).toEqual(["1 sessionsInFiles"]);
    const dev = await analyse("DJP602-process-local-session-or-storage", files, "proj/settings/dev.py");
    expect(dev).toEqual({ lines: [], applicable: false, unverified: [] });
  });
});

describe("settings rules without a production module", () => {
  it("say unverified on settings modules instead of judging development settings", async () => {
    const files = {
      "proj/settings_dev.py": 'DEBUG = True\nINSTALLED_APPS = ["debug_toolbar"]\nSESSION_ENGINE = "django.contrib.sessions.backends.file"\n',
      "proj/settings_ci.py": 'DEBUG = False\nINSTALLED_APPS = ["shop"]\n',
    };
    for (const folder of ["DJP602-process-local-session-or-storage", "DJP701-dev-profilers-in-production", "DJP702-observability-gaps"]) {
      const run = await analyse(folder, files, "proj/settings_dev.py");
      expect(run.lines, folder).toEqual([]);
      expect(run.unverified[0], folder).toMatch(/^the production settings module is not known: /);
    }
  });
});

describe("DJP701 in URL modules and the rulebook's dev settings", () => {
  const settings = (apps: string) => ({
    "proj/settings/production.py": `INSTALLED_APPS = [${apps}]\n`,
    "proj/wsgi.py": WSGI,
  });
  const urls = py`
    from django.conf import settings
    from django.urls import include, path

    urlpatterns = [path("__debug__/", include("debug_toolbar.urls"))]

    if settings.DEBUG:
        urlpatterns += [path("silk/", include("silk.urls"))]
  `;

  it("reports an unconditional include of the toolbar's URLs only when production installs the toolbar", async () => {
    const installed = await analyse("DJP701-dev-profilers-in-production", { ...settings('"debug_toolbar", "silk"'), "proj/urls.py": urls }, "proj/urls.py");
    // DEBUG is not set in production (Django's default, False): the toolbar's URLs answer 404, reported at info.
    expect(installed.lines).toEqual(["4 inertUrls"]);
    const debugOn = await analyse("DJP701-dev-profilers-in-production", { "proj/settings/production.py": 'DEBUG = True\nINSTALLED_APPS = ["debug_toolbar"]\n', "proj/wsgi.py": WSGI, "proj/urls.py": urls }, "proj/urls.py");
    expect(debugOn.lines).toEqual(["4 urls"]);
    const absent = await analyse("DJP701-dev-profilers-in-production", { ...settings('"shop"'), "proj/urls.py": urls }, "proj/urls.py");
    expect(absent.lines).toEqual([]);
  });

  it("is quiet on the rulebook's config/settings/dev.py", async () => {
    const files = {
      "config/settings/base.py": 'INSTALLED_APPS = ["shop"]\nMIDDLEWARE = []\n',
      "config/settings/dev.py": py`
        from .base import *

        INSTALLED_APPS += ["debug_toolbar"]
        MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
      `,
      "config/settings/production.py": "from .base import *\n\nDEBUG = False\n",
    };
    expect((await analyse("DJP701-dev-profilers-in-production", files, "config/settings/dev.py")).lines).toEqual([]);
    expect((await analyse("DJP701-dev-profilers-in-production", files, "config/settings/production.py")).lines).toEqual([]);
  });
});

describe("DJP702 says unverified when the settings cannot be read", () => {
  it("LOGGING and DATABASES from the environment", async () => {
    const production = py`
      import environ
      env = environ.Env()
      DATABASES = {"default": env.db("DATABASE_URL")}
      LOGGING = env.json("LOGGING")
      INSTALLED_APPS = env.list("APPS")
    `;
    const run = await analyse("DJP702-observability-gaps", { "proj/settings/production.py": production, "proj/wsgi.py": WSGI }, "proj/settings/production.py");
    expect(run.lines).toEqual([]);
    expect(run.unverified.some((u) => u.startsWith("response-time monitoring: "))).toBe(true);
    expect(run.unverified.some((u) => u.startsWith("slow-query logging: "))).toBe(true);
  });

  it("an APM in the requirements covers response times and slow queries", async () => {
    const run = await analyse(
      "DJP702-observability-gaps",
      { "proj/settings/production.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n', "proj/wsgi.py": WSGI, "requirements.txt": "sentry-sdk==2.10.0\n" },
      "proj/settings/production.py",
    );
    expect(run.lines).toEqual([]);
  });
});

describe("DJP604 with a router function", () => {
  it("is quiet and says the route cannot be read", async () => {
    const files = {
      "proj/celery.py": py`
        from celery import Celery
        app = Celery("proj")
        app.conf.task_routes = (route_for_task,)
        app.conf.task_queues = (Queue("etl"),)
      `,
      "shop/tasks.py": py`
        from celery import shared_task

        @shared_task
        def import_products():
            pass
      `,
    };
    const run = await analyse("DJP604-celery-task-without-queue-route", files, "shop/tasks.py");
    expect(run.lines).toEqual([]);
    expect(run.unverified).toEqual(["the route of import_products cannot be read statically (proj/celery.py:3: app.conf.task_routes has a router (route_for_task))"]);
  });
});

describe("applicability", () => {
  it("DJP505 examines files with a transaction only; DJP601 files with request code only", async () => {
    const plain = "def helper(x):\n    return x\n";
    expect((await analyse("DJP505-long-transaction", { "shop/util.py": plain }, "shop/util.py")).applicable).toBe(false);
    expect((await analyse("DJP601-heavy-work-in-request", { "shop/util.py": plain }, "shop/util.py")).applicable).toBe(false);
    const view = "def index(request):\n    return HttpResponse('')\n";
    expect((await analyse("DJP601-heavy-work-in-request", { "shop/views.py": view }, "shop/views.py")).applicable).toBe(true);
    // A `request` nothing proves to be an HTTP request (only passed on) makes no request code.
    const unproven = "def index(request):\n    return forward(request)\n";
    expect((await analyse("DJP601-heavy-work-in-request", { "shop/views.py": unproven }, "shop/views.py")).applicable).toBe(false);
  });
});

describe("DJP601 advice follows what the response needs", () => {
  it("advises a timeout, not Celery, for an exchange the response is built from; Celery for one it ignores", async () => {
    const view = py`
      import requests

      def callback(request):
          token = requests.post("https://id.example.com/token", data={"code": request.GET["code"]})
          user = authenticate(request, token=token.json()["id_token"])
          login(request, user)
          return redirect("/")

      def ping(request):
          requests.post("https://hooks.example.com", json={"u": request.user.pk})
          return HttpResponse("")
    `;
    const run = await analyse("DJP601-heavy-work-in-request", { "shop/views.py": view }, "shop/views.py");
    expect(run.lines).toEqual(["4 neededResult", "10 quick"]);
  });
});

describe("DJP604 leaves quick tasks on the default queue", () => {
  it("reports a long task and not a quick one, in a project that routes other tasks", async () => {
    const files = {
      "proj/celery.py": py`
        from celery import Celery
        app = Celery("proj")
        app.conf.task_routes = {"shop.tasks.crunch": {"queue": "etl"}}
      `,
      "shop/tasks.py": py`
        import requests
        from celery import shared_task

        @shared_task
        def crunch():
            pass

        @shared_task
        def notify(user_id):
            return user_id

        @shared_task
        def pull_feeds(urls):
            return [requests.get(url, timeout=60).json() for url in urls]

        @shared_task
        def pull_each(urls):
            for url in urls:
                requests.get(url, timeout=60)

        @shared_task
        def pull_feed(url):
            return requests.get(url, timeout=60).json()
      `,
    };
    const run = await analyse("DJP604-celery-task-without-queue-route", files, "shop/tasks.py");
    // One remote exchange is a quick step; the same exchange once per item of an input is long work.
    expect(run.lines).toEqual(["12 separatedQueues", "16 separatedQueues"]);
  });

  it("is silent on a task whose work sits in project code, routed or not; a loop over a table is long either way", async () => {
    const tasks = py`
      from celery import shared_task
      from .helpers import tidy_up
      from .models import Row

      @shared_task
      def tidy():
          tidy_up()

      @shared_task
      def pull(rows):
          for row in Row.objects.all():
              row.touch()
    `;
    const routed = py`
      from celery import Celery
      app = Celery("proj")
      app.conf.task_routes = {"shop.tasks.other": {"queue": "etl"}}
    `;
    const MODELS = "from django.db import models\n\nclass Row(models.Model):\n    name = models.CharField(max_length=9)\n";
    const unrouted = py`
      from celery import Celery
      app = Celery("proj")
    `;
    const withRoutes = await analyse("DJP604-celery-task-without-queue-route", { "proj/celery.py": routed, "shop/models.py": MODELS, "shop/tasks.py": tasks }, "shop/tasks.py");
    expect(withRoutes.lines).toEqual(["9 separatedQueues"]);
    const without = await analyse("DJP604-celery-task-without-queue-route", { "proj/celery.py": unrouted, "shop/models.py": MODELS, "shop/tasks.py": tasks }, "shop/tasks.py");
    expect(without.lines).toEqual(["9 heavyOnDefault"]);
  });

  it("is silent where the project routes nothing and creates no Celery app (the tasks may never be queued)", async () => {
    const tasks = py`
      import requests
      from celery import shared_task

      @shared_task
      def pull_feed(urls):
          for url in urls:
              requests.get(url, timeout=60)
    `;
    const run = await analyse("DJP604-celery-task-without-queue-route", { "shop/tasks.py": tasks }, "shop/tasks.py");
    expect(run.lines).toEqual([]);
    const withApp = await analyse("DJP604-celery-task-without-queue-route", { "proj/celery.py": 'from celery import Celery\napp = Celery("proj")\n', "shop/tasks.py": tasks }, "shop/tasks.py");
    expect(withApp.lines).toEqual(["4 heavyOnDefault"]);
  });
});

describe("DJP604 with routes added at run time", () => {
  it("is quiet when a registry adds task_routes while the program runs", async () => {
    const files = {
      "proj/celery.py": py`
        from celery import Celery
        app = Celery("proj")
        app.conf.task_queues = ()
      `,
      "proj/queues.py": py`
        from proj.celery import app

        class QueueRegistry:
            def register(self, name, paths):
                for path in paths:
                    app.conf.task_routes.update({path: {"queue": name}})
      `,
      "shop/tasks.py": py`
        import requests
        from celery import shared_task

        @shared_task
        def pull_feeds(urls):
            for url in urls:
                requests.get(url, timeout=60)
      `,
    };
    const run = await analyse("DJP604-celery-task-without-queue-route", files, "shop/tasks.py");
    expect(run.lines).toEqual([]);
    expect(run.unverified[0]).toContain("routes added at run time");
  });
});

describe("DJP702 reads worker command lines in deployment files", () => {
  const production = py`
    import sentry_sdk

    sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.1)
    CELERY_BROKER_URL = "redis://broker:6379/0"
    CELERY_TASK_TIME_LIMIT = 600
  `;
  const celery = py`
    from celery import Celery
    app = Celery("proj")
    app.config_from_object("django.conf:settings", namespace="CELERY")
  `;
  const project = (extra: Record<string, string>) => ({ "proj/settings/production.py": production, "proj/wsgi.py": WSGI, "proj/celery.py": celery, ...extra });

  it("a worker started with -E (Procfile) or --task-events (compose list form) sends events", async () => {
    const procfile = "web: gunicorn proj.wsgi\nworker: newrelic-admin run-program celery -A proj worker -E -Q default -l info\n";
    expect((await analyse("DJP702-observability-gaps", project({ Procfile: procfile }), "proj/settings/production.py")).lines).toEqual([]);
    const compose = 'services:\n  worker:\n    command: ["celery", "-A", "proj", "worker", "--task-events"]\n';
    expect((await analyse("DJP702-observability-gaps", project({ "docker-compose.yml": compose }), "proj/settings/production.py")).lines).toEqual([]);
  });

  it("a worker without the flag, or the flag only in a comment, leaves the gap", async () => {
    const procfile = "web: gunicorn proj.wsgi\nworker: celery -A proj worker -Q default -l info\n# worker: celery -A proj worker -E\n";
    const run = await analyse("DJP702-observability-gaps", project({ Procfile: procfile }), "proj/settings/production.py");
    expect(run.lines.map((l) => l.split(" ")[1])).toEqual(["celeryUnmonitored"]);
  });
});
