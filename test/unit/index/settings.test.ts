/**
 * Golden tests for the settings index: two fixture projects (split base/dev/production settings with
 * django-environ and overrides; django-split-settings components with decouple and a per-environment
 * include), plus focused inline cases for each evaluation rule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseSettings, renderLookup } from "../../../src/analysis/index/settings/summary.js";
import { cacheBackend, databaseEngine, defaultStorage, restFrameworkSetting, settingAt } from "../../../src/analysis/index/settings/accessors.js";
import { listContains, stringItems, type SettingLookup } from "../../../src/analysis/index/settings/values.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexProject } from "./load-project.js";
import { indexFiles, py } from "./inline-project.js";

function value(lookup: SettingLookup) {
  if (lookup.status !== "set") throw new Error(`expected a set value, got ${renderLookup(lookup)}`);
  return lookup.value;
}

describe("settings index: split base/dev/production project", () => {
  let index: ProjectIndex;
  beforeAll(async () => {
    index = await indexProject("settings_split");
  });

  it("summarises modules, the production choice, entry points and well-known settings", () => {
    expect(summariseSettings(index.settings)).toEqual({
      production: "config.settings.production (config/settings/production.py is named for production)",
      modules: {
        "config.settings.base": "base imported",
        "config.settings.dev": "development referenced",
        "config.settings.production": "production referenced",
        "config.settings.test": "test",
      },
      entryPoints: [
        "python config/celery.py:5 config.settings.production",
        "wsgi config/wsgi.py:5 config.settings.production",
        "manage manage.py:6 config.settings.dev",
        "docker Dockerfile:2 config.settings.production",
      ],
      effective: {
        DEBUG: "False",
        INSTALLED_APPS: '["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "shop", "sentry_extras" if os.environ.get("SENTRY_DSN")]',
        MIDDLEWARE: '["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]',
        DATABASES:
          '{"default": {"OPTIONS": {"options": "-c statement_timeout=30000"}, …(?env env.db("DATABASE_URL", default="postgres://localhost/shop") default="postgres://localhost/shop")}}',
        CACHES: '{"default": (?env env.cache("CACHE_URL", default="locmem://") default="locmem://")}',
        SESSION_ENGINE: '"django.contrib.sessions.backends.cached_db"',
        DEFAULT_FILE_STORAGE: "(unset)",
        STORAGES: '{"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}',
        MEDIA_ROOT: '(?expr os.path.join(BASE_DIR, "media"))',
        REST_FRAMEWORK:
          '{"DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination", "PAGE_SIZE": 100, "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend", "rest_framework.filters.OrderingFilter"]}',
        LOGGING:
          '{"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}}, "loggers": {"django": {"handlers": ["console"], "level": (?env os.getenv("DJANGO_LOG_LEVEL", "INFO") default="INFO")}, "django.db.backends": {"handlers": ["console"], "level": "WARNING"}}}',
      },
      celery: {
        apps: ['config.celery.app from "django.conf:settings" namespace=CELERY'],
        settings: {
          task_routes: '{"shop.tasks.import_*": {"queue": "etl"}} from CELERY_TASK_ROUTES',
          broker_url: '(?env os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0") default="redis://localhost:6379/0") from CELERY_BROKER_URL',
        },
      },
    });
  });

  it("keeps the development module's own values apart (overrides, += and .insert)", () => {
    const dev = index.settings.evaluated("config.settings.dev");
    expect(dev).toBeDefined();
    expect(stringItems(value(dev!.lookup("INSTALLED_APPS")))).toContain("debug_toolbar");
    expect(stringItems(value(dev!.lookup("MIDDLEWARE")))[0]).toBe("debug_toolbar.middleware.DebugToolbarMiddleware");
    expect(cacheBackend(dev!.lookup("CACHES")).backend).toBe("django.core.cache.backends.locmem.LocMemCache");
    expect(renderLookup(dev!.lookup("DEBUG"))).toBe("True");
  });

  it("answers typed questions three-valued", () => {
    const s = index.settings;
    // env-driven cache: unknown, with its literal default for an "unverified" line.
    expect(cacheBackend(s.inProduction("CACHES"))).toMatchObject({ status: "unknown", envDefault: "locmem://" });
    expect(databaseEngine(s.inProduction("DATABASES"))).toMatchObject({ status: "unknown", envDefault: "postgres://localhost/shop", defaultVendor: "postgresql" });
    expect(defaultStorage(s.inProduction("STORAGES"), s.inProduction("DEFAULT_FILE_STORAGE")).backend).toBe("storages.backends.s3.S3Storage");
    expect(renderLookup(restFrameworkSetting(s.inProduction("REST_FRAMEWORK"), "DEFAULT_PAGINATION_CLASS"))).toBe('"rest_framework.pagination.PageNumberPagination"');
    expect(restFrameworkSetting(s.inProduction("REST_FRAMEWORK"), "DEFAULT_VERSIONING_CLASS").status).toBe("unset");
    // `if DEBUG:` with DEBUG = False in production: the branch never runs.
    const apps = value(s.inProduction("INSTALLED_APPS"));
    expect(listContains(apps, "debug_toolbar")).toBe(false);
    // Guarded by an env condition: neither proven present nor absent.
    expect(listContains(apps, "sentry_extras")).toBeUndefined();
    expect(listContains(apps, "sentry_extras", true)).toBe(true);
    // The missing `local.py` under try/except ImportError is remembered, values stay known.
    expect(s.evaluated("config.settings.production")?.optionalMissing).toEqual(["config.settings.local"]);
    expect(settingAt(s.inProduction("LOGGING"), ["loggers", "django.db.backends", "level"])).toMatchObject({ status: "set" });
  });

  it("reads the Celery app config (app.conf beats settings) and the Django version", () => {
    expect(renderLookup(index.settings.celery.setting("worker_send_task_events"))).toBe("True");
    expect(index.settings.celery.setting("task_time_limit")).toMatchObject({ status: "set", source: "app.conf" });
    expect(index.settings.celery.setting("task_default_queue").status).toBe("unset");
    const django = index.versions.package("django");
    expect(django?.specs.map((s) => s.spec)).toEqual([">=4.2,<5.0"]);
    expect(index.versions.djangoAtLeast("4.1")).toBe(true);
    expect(index.versions.djangoAtLeast("5.0")).toBe(false);
    expect(index.versions.djangoAtLeast("4.2.5")).toBeUndefined();
    expect(index.versions.package("djangorestframework")?.exact).toBe("3.15.1");
  });
});

describe("settings index: django-split-settings components", () => {
  let index: ProjectIndex;
  beforeAll(async () => {
    index = await indexProject("settings_components");
  });

  it("runs included components in the package namespace and merges the per-environment alternatives", () => {
    const summary = summariseSettings(index.settings);
    expect(summary.production).toBe("site.settings (site/wsgi.py:3 sets DJANGO_SETTINGS_MODULE to site.settings)");
    expect(summary.modules).toEqual({
      "site.settings": "other referenced",
      "site.settings.components.caches": "other imported",
      "site.settings.components.common": "base imported",
      "site.settings.environments.development": "development imported",
      "site.settings.environments.production": "production imported",
    });
    expect(summary.effective.INSTALLED_APPS).toBe('("django.contrib.auth", "django.contrib.sessions", "rest_framework", "debug_toolbar" if "environments/{0}.py".format(ENV) is development.py)');
    expect(summary.effective.SESSION_ENGINE).toBe('"django.contrib.sessions.backends.cache"');
    expect(summary.effective.REST_FRAMEWORK).toBe('{"PAGE_SIZE": 25}');
    // Which environment file runs depends on DJANGO_ENV: the backend is one of two, unknown.
    const caches = cacheBackend(index.settings.inProduction("CACHES"));
    expect(caches.status).toBe("unknown");
    expect(databaseEngine(index.settings.inProduction("DATABASES"))).toMatchObject({ status: "unknown", envDefault: "sqlite:///db.sqlite3", defaultVendor: "sqlite3" });
    expect(renderLookup(index.settings.inProduction("DEBUG"))).toContain("?conditional");
  });

  it("takes the version from the lock file", () => {
    expect(index.versions.package("django")?.exact).toBe("5.0.6");
    expect(index.versions.djangoAtLeast("5.0")).toBe(true);
    expect(index.versions.package("python-decouple")?.exact).toBe("3.8");
  });
});

describe("settings index: evaluation rules", () => {
  async function settingsOf(files: Record<string, string>) {
    return (await indexFiles(files)).settings;
  }

  it("marks env readers as unknown with their literal defaults (os.environ, getenv, decouple, environ schema)", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        import os
        from os import getenv
        from decouple import config
        import environ
        env = environ.Env(USE_X=(bool, True))
        INSTALLED_APPS = []
        A = os.environ["A"]
        B = getenv("B", "b")
        C = config("C", default=3, cast=int)
        D = env("USE_X")
        E = os.environ.get("E", "0") == "1"
        F = get_env_variable("F_VALUE")
      `,
    });
    expect(renderLookup(s.effective("A"))).toBe('(?env os.environ["A"])');
    expect(renderLookup(s.effective("B"))).toBe('(?env getenv("B", "b") default="b")');
    expect(renderLookup(s.effective("C"))).toBe('(?env config("C", default=3, cast=int) default=3)');
    expect(renderLookup(s.effective("D"))).toBe('(?env env("USE_X") default=True)');
    expect(renderLookup(s.effective("E"))).toBe('(?env os.environ.get("E", "0") == "1")');
    expect(renderLookup(s.effective("F"))).toBe('(?env get_env_variable("F_VALUE"))');
  });

  it("reads an ENGINE taken from the environment with a dotted default (ralph-style MySQL projects)", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        import os
        INSTALLED_APPS = []
        DATABASES = {"default": {"ENGINE": os.environ.get("DATABASE_ENGINE", "django.db.backends.mysql"), "NAME": "x"}}
      `,
    });
    expect(databaseEngine(s.effective("DATABASES"))).toMatchObject({ status: "unknown", envDefault: "django.db.backends.mysql", defaultVendor: "mysql" });
  });

  it("takes a django-configurations class's attributes as unknown settings, not as unset ones", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        from configurations import Configuration, values
        BASE = "x"
        class Common(Configuration):
            INSTALLED_APPS = []
            CELERY_TASK_TIME_LIMIT = values.IntegerValue(default=300)
        class Production(Common):
            DEBUG = False
      `,
      "proj/wsgi.py": py`
        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
      `,
    });
    const limit = s.effective("CELERY_TASK_TIME_LIMIT");
    expect(limit.status).toBe("unknown");
    expect(renderLookup(limit)).toContain("settings class `Common`");
    expect(renderLookup(s.effective("BASE"))).toBe('"x"');
  });

  it("takes a class that assigns INSTALLED_APPS or DATABASES as a settings class whatever its base (django-environment-config)", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        from env_config import Environment, values
        class Common(Environment):
            INSTALLED_APPS = []
            CELERY_TASK_TIME_LIMIT = values.IntegerValue(default=300)
        class Production(Common, use_environ=True):
            DEBUG = False
      `,
    });
    expect(s.effective("CELERY_TASK_TIME_LIMIT").status).toBe("unknown");
  });

  it("reads a class that neither derives from django-configurations nor assigns core settings as no settings at all", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        INSTALLED_APPS = []
        class Configuration:
            CELERY_TASK_TIME_LIMIT = 300
        class Other(Configuration):
            pass
      `,
    });
    expect(s.effective("CELERY_TASK_TIME_LIMIT").status).toBe("unset");
  });

  it("leaves an ENGINE from the environment without a default unknown", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        import os
        INSTALLED_APPS = []
        DATABASES = {"default": {"ENGINE": os.environ["DATABASE_ENGINE"], "NAME": "x"}}
      `,
    });
    const engine = databaseEngine(s.effective("DATABASES"));
    expect(engine.status).toBe("unknown");
    expect(engine.defaultVendor).toBeUndefined();
  });

  it("follows +=, .append, .insert, .extend, .remove, item assignment, .update and del", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        INSTALLED_APPS = ("a", "b")
        INSTALLED_APPS += ("c",)
        MIDDLEWARE = ["m1", "m2"]
        MIDDLEWARE.insert(1, "m0")
        MIDDLEWARE.append("m3")
        MIDDLEWARE.extend(["m4"])
        MIDDLEWARE.remove("m1")
        CACHES = {"default": {"BACKEND": "x"}}
        CACHES["default"]["BACKEND"] = "y"
        CACHES["other"] = {"BACKEND": "z"}
        CACHES.update({"third": {}})
        del CACHES["third"]
        LOGGING = dict(version=1, **{"root": {"level": "INFO"}})
      `,
    });
    expect(renderLookup(s.effective("INSTALLED_APPS"))).toBe('("a", "b", "c")');
    expect(renderLookup(s.effective("MIDDLEWARE"))).toBe('["m0", "m2", "m3", "m4"]');
    expect(renderLookup(s.effective("CACHES"))).toBe('{"default": {"BACKEND": "y"}, "other": {"BACKEND": "z"}}');
    expect(renderLookup(s.effective("LOGGING"))).toBe('{"version": 1, "root": {"level": "INFO"}}');
  });

  it("evaluates known conditions, merges unknown ones and drops branches that raise", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        import os
        DEBUG = False
        INSTALLED_APPS = ["a"]
        if DEBUG:
            INSTALLED_APPS += ["debug_toolbar"]
        if os.environ.get("X"):
            CACHES = {"default": {"BACKEND": "redis"}}
        else:
            CACHES = {"default": {"BACKEND": "locmem"}}
        if not os.environ.get("SECRET"):
            raise RuntimeError("set SECRET")
        SECRET = "s" if DEBUG else "t"
      `,
    });
    expect(renderLookup(s.effective("INSTALLED_APPS"))).toBe('["a"]');
    expect(renderLookup(s.effective("CACHES"))).toBe('{"default": {"BACKEND": (?conditional os.environ.get("X") ? … : … one of "redis" | "locmem")}}');
    expect(renderLookup(s.effective("SECRET"))).toBe('"t"');
  });

  it("leaves a condition on a name read out of an unevaluated module unknown (it may be False); an imported module is true", async () => {
    const s = await settingsOf({
      "proj/settings.py": py`
        import os
        from siteconf import flags
        from siteconf.flags import PROFILE
        DEBUG = flags.DEBUG_MODE
        INSTALLED_APPS = ["a"]
        if DEBUG:
            INSTALLED_APPS += ["debug_toolbar"]
        if PROFILE:
            INSTALLED_APPS += ["silk"]
        if os:
            INSTALLED_APPS += ["b"]
      `,
    });
    expect(renderLookup(s.effective("INSTALLED_APPS"))).toBe('["a", "debug_toolbar" if DEBUG, "silk" if PROFILE, "b"]');
  });

  it("treats an unreadable include or star import as able to override every earlier value", async () => {
    const s = await settingsOf({
      "proj/settings/production.py": py`
        from split_settings.tools import include, optional
        DEBUG = False
        REST_FRAMEWORK = {"PAGE_SIZE": 10}
        include(optional(os.environ["EXTRA_SETTINGS"]))
      `,
    });
    const rf = s.inProduction("REST_FRAMEWORK");
    expect(rf.status).toBe("set");
    expect(restFrameworkSetting(rf, "PAGE_SIZE").status).toBe("unknown");
    expect(s.inProduction("SESSION_ENGINE").status).toBe("unknown");
  });

  it("treats globals().update / vars().update (a YAML config poured into the module) as able to override every earlier value", async () => {
    for (const write of ["globals().update(config)", "vars().update(config)", "vars()[key].update(value)"]) {
      const s = await settingsOf({
        "proj/settings/production.py": [
          "import yaml",
          'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}',
          'with open(os.environ["CFG"]) as f:',
          "    config = yaml.safe_load(f)",
          `    ${write}`,
          "",
        ].join("\n"),
      });
      expect([write, renderLookup(s.inProduction("CACHES"))]).toEqual([write, expect.stringContaining("may be overridden by")]);
    }
    const plain = await settingsOf({
      "proj/settings/production.py": py`
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        config = {}
        config.update({"x": 1})
      `,
    });
    expect(cacheBackend(plain.inProduction("CACHES"), "default").backend).toBe("django.core.cache.backends.locmem.LocMemCache");
  });

  it("honours __all__ in star imports and `with suppress(ImportError)` for local overrides", async () => {
    const s = await settingsOf({
      "app/conf/defaults.py": py`
        __all__ = ["INSTALLED_APPS"]
        INSTALLED_APPS = ["x"]
        SECRET_KEY = "hidden"
      `,
      "proj/settings.py": py`
        from contextlib import suppress
        from app.conf.defaults import *
        DATABASES = {}
        with suppress(ImportError):
            from .local_settings import *
      `,
    });
    expect(renderLookup(s.effective("INSTALLED_APPS"))).toBe('["x"]');
    expect(s.effective("SECRET_KEY").status).toBe("unset");
    expect(s.evaluated("proj.settings")?.optionalMissing).toEqual(["proj.local_settings"]);
  });

  it("chooses production: a prod-named module, else Dockerfile, wsgi, manage; never a DEBUG = True project", async () => {
    const byDocker = await settingsOf({
      "proj/settings/base.py": "INSTALLED_APPS = []\n",
      "proj/settings/deployed.py": "from .base import *\nDEBUG = False\n",
      "proj/settings/local.py": "from .base import *\nDEBUG = True\n",
      "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.local")\n',
      "Dockerfile": "ENV DJANGO_SETTINGS_MODULE proj.settings.deployed\n",
    });
    expect(byDocker.production.module).toBe("proj.settings.deployed");
    const devProject = await settingsOf({
      "mysite/settings.py": "DEBUG = True\nINSTALLED_APPS = []\n",
      "mysite/wsgi.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
    });
    expect(devProject.production.module).toBeUndefined();
    expect(devProject.production.reason).toContain("sets DEBUG = True");
    expect(devProject.inProduction("DEBUG").status).toBe("unknown");
    const missing = await settingsOf({
      "temba/settings_common.py": "INSTALLED_APPS = []\n",
      "temba/settings_dev.py": "from .settings_common import *\nDEBUG = True\n",
      "temba/wsgi.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "temba.settings")\n',
    });
    expect(missing.production).toMatchObject({ reason: "the settings module named by the entry points (temba.settings) is not in the repository" });
  });

  it("never takes docs, example or development settings for production, nor an only module that contradicts it", async () => {
    const wsgiFor = (module: string) => `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;
    const cases: Array<[Record<string, string>, string]> = [
      [{ "docs/settings.py": "SECRET_KEY = 'x'\nINSTALLED_APPS = []\n" }, "documentation folder `docs/`"],
      [{ "example/settings.py": "DEBUG = False\nINSTALLED_APPS = []\n", "example/wsgi.py": wsgiFor("example.settings") }, "example / workbench folder `example/`"],
      [{ "proj/settings/common.py": "INSTALLED_APPS = []\n", "proj/settings/dev.py": "from .common import *\n", "manage.py": wsgiFor("proj.settings.dev") }, "named for development"],
      [{ "proj/settings.py": 'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=True)\nINSTALLED_APPS = []\n' }, "turns DEBUG on unless the environment"],
      [{ "proj/settings.py": 'DEBUG = False\nALLOWED_HOSTS = ["localhost", "127.0.0.1"]\nINSTALLED_APPS = []\n' }, "allows only local hosts"],
    ];
    for (const [files, why] of cases) {
      const s = await settingsOf(files);
      expect(s.production.module).toBeUndefined();
      expect(s.production.reason).toContain(why);
    }
    const only = await settingsOf({
      "proj/settings.py": 'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=False)\nALLOWED_HOSTS = ["shop.example.com"]\nINSTALLED_APPS = []\nCACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache"}}\n',
    });
    expect(only.production).toMatchObject({ module: "proj.settings", reason: "proj/settings.py is the only settings module" });
    expect(only.production.singleHost).toBeUndefined();
  });

  it("never takes a template to copy for production by its name; a template another module imports is a base in use", async () => {
    const template = await settingsOf({
      "proj/settings/common.py": "DEBUG = False\nINSTALLED_APPS = []\n",
      "proj/settings/production_example.py": "from .common import *\nMEDIA_ROOT = '/srv/media'\n",
      "proj/wsgi.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.common")\n',
    });
    expect(template.modules.get("proj.settings.production_example")?.roleReason).toContain("named as a template to copy (`example`)");
    expect(template.production.module).toBe("proj.settings.common");
    const inUse = await settingsOf({
      "proj/settings/dist.py": "DEBUG = False\nINSTALLED_APPS = []\n",
      "proj/settings/prod.py": 'from .dist import *\nALLOWED_HOSTS = ["shop.example.com"]\n',
    });
    expect(inUse.modules.get("proj.settings.dist")?.roleReason).toBeUndefined();
    expect(inUse.production.module).toBe("proj.settings.prod");
  });

  it("says when production is a single host: a SQLite database, or per-process caches and no deployment files", async () => {
    const sqlite = await settingsOf({
      "proj/settings/production.py": 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\n',
    });
    expect(sqlite.production.singleHost).toContain("SQLite");
    const locmem = await settingsOf({
      "proj/settings.py": 'DEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n',
    });
    expect(locmem.production.singleHost).toContain("every cache it sets is per-process");
    // CACHES left unset documents nothing (a library deployed from another repository).
    const unset = await settingsOf({
      "proj/settings.py": 'DEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
    });
    expect(unset.production.module).toBe("proj.settings");
    expect(unset.production.singleHost).toBeUndefined();
    const deployed = await settingsOf({
      "proj/settings.py": 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
      "Procfile": "web: DJANGO_SETTINGS_MODULE=proj.settings gunicorn proj.wsgi --workers 4\n",
    });
    expect(deployed.production.module).toBe("proj.settings");
    expect(deployed.production.singleHost).toBeUndefined();
    const named = await settingsOf({
      "proj/settings/production.py": 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
    });
    expect(named.production.singleHost).toBeUndefined();
  });

  it("reads Celery settings without a namespace (old names) and from a celeryconfig module", async () => {
    const oldNames = await settingsOf({
      "proj/settings.py": 'INSTALLED_APPS = []\nCELERY_ROUTES = {"a.*": {"queue": "q"}}\n',
      "proj/celery.py": 'from celery import Celery\napp = Celery("proj")\napp.config_from_object("django.conf:settings")\n',
    });
    expect(oldNames.celery.setting("task_routes")).toMatchObject({ status: "set", source: "CELERY_ROUTES" });
    const module = await settingsOf({
      "proj/settings.py": "INSTALLED_APPS = []\n",
      "proj/celeryconfig.py": 'task_routes = {"b.*": {"queue": "b"}}\n',
      "proj/worker.py": 'import celery\napp = celery.Celery("proj")\napp.config_from_object("proj.celeryconfig")\n',
    });
    expect(module.celery.setting("task_routes")).toMatchObject({ status: "set", source: "proj.celeryconfig" });
  });

  it("does not take helpers, views or models under settings/ for settings modules", async () => {
    const s = await settingsOf({
      "proj/settings.py": "INSTALLED_APPS = []\n",
      "proj/views/settings.py": "def settings_view(request):\n    return None\n",
    });
    expect([...s.modules.keys()]).toEqual(["proj.settings"]);
  });
});
