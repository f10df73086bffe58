/**
 * Seeded generators of Python input for the benchmark (never analysed code from a real repository):
 * - `denseFile(bytes)`: one module of many small functions, each with a loop over a QuerySet that reads
 *   a relation, so the loop and instance helpers have work on every few lines (the superlinear case);
 * - `writeProject(dir, options)`: a Django project of apps with models (FKs, M2M), migrations, views,
 *   DRF serializers and viewsets, Celery tasks, settings and urls, of about the requested size.
 * The same seed gives the same bytes, so before/after runs compare the same input.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** mulberry32: small, fast, good enough to vary names and shapes deterministically. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const DENSE_MODELS = [
  "from django.db import models",
  "",
  "",
  "class Author(models.Model):",
  "    name = models.CharField(max_length=100)",
  "",
  "",
  "class Book(models.Model):",
  "    title = models.CharField(max_length=100)",
  "    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name='books')",
  "    tags = models.ManyToManyField('Tag')",
  "",
  "",
  "class Tag(models.Model):",
  "    label = models.CharField(max_length=30)",
  "",
].join("\n");

/**
 * One dense module of about `bytes` bytes, using `DENSE_MODELS`: many small functions, each with a
 * loop ("functions"), or the same functions as methods of one class ("methods").
 */
export function denseFile(bytes: number, seed = 1, shape: "functions" | "methods" = "functions"): string {
  const r = rng(seed);
  let head = "import requests\n\nfrom .models import Author, Book, Tag\n\n\n";
  if (shape === "methods") head += "class Service:\n";
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; ; i++) {
    let fn = denseFunction(r, i);
    if (shape === "methods") fn = asMethod(fn);
    if (size + fn.length > bytes) break;
    parts.push(fn);
    size += fn.length;
  }
  return parts.join("");
}

/** A one-app project whose `shop/views.py` is `denseFile(bytes)`; returns that file's path. */
export function writeDenseProject(dir: string, bytes: number, seed = 1, shape: "functions" | "methods" = "functions"): string {
  return writeShop(dir, denseFile(bytes, seed, shape));
}

/** The one-app project around a generated `shop/views.py`. */
function writeShop(dir: string, views: string): string {
  const files: Record<string, string> = {
    "manage.py": 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_settings")\n',
    "site_settings.py": 'INSTALLED_APPS = ["shop"]\n',
    "shop/__init__.py": "",
    "shop/apps.py": 'from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n',
    "shop/models.py": DENSE_MODELS,
    "shop/views.py": views,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return join(dir, "shop/views.py");
}

/**
 * One function of `lines` statements (the fuzzer's "long function" shape: single-row reads, loops over
 * a QuerySet reading a relation's key, rebinding, tests), so every rule's per-function questions span
 * the whole file. The case that took minutes at 2,000 lines while the same bytes as small functions did not.
 */
export function longFunction(lines: number, seed = 1): string {
  const r = rng(seed);
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    body.push(
      pick(r, [
        `    x${i} = Book.objects.filter(pk=${i}).first()`,
        `    for b in Book.objects.all():\n        total += b.author.id`,
        `    y = x${Math.max(0, i - 1)}`,
        `    if x${i % 7}: pass`,
      ]),
    );
  }
  return `from .models import Author, Book, Tag\n\n\ndef huge():\n    total = 0\n${body.join("\n")}\n    return total\n`;
}

/** A one-app project whose `shop/views.py` is `longFunction(lines)`; returns that file's path. */
export function writeLongFunctionProject(dir: string, lines: number, seed = 1): string {
  return writeShop(dir, longFunction(lines, seed));
}

/** A generated function as a method: indented one level, `self` first. */
function asMethod(fn: string): string {
  return fn
    .replace(/\(/, "(self, ")
    .split("\n")
    .map((line) => (line ? `    ${line}` : line))
    .join("\n");
}

function denseFunction(r: () => number, i: number): string {
  switch (Math.floor(r() * 5)) {
    case 0:
      return `def titles_${i}(limit):\n    out = []\n    for book in Book.objects.filter(id__gt=limit):\n        out.append(book.author.name)\n    return out\n\n\n`;
    case 1:
      return `def count_${i}(author_id):\n    total = 0\n    for author in Author.objects.all():\n        total += author.books.count()\n    return total\n\n\n`;
    case 2:
      return `def names_${i}(ids):\n    return [b.author.name for b in Book.objects.filter(pk__in=ids) if b.title]\n\n\n`;
    case 3:
      return `def tag_${i}(book_id):\n    book = Book.objects.get(pk=book_id)\n    for tag in book.tags.all():\n        if tag.label == "x${i}":\n            tag.save()\n    return book\n\n\n`;
    default:
      return `def fetch_${i}(request, urls):\n    n = 0\n    while n < len(urls):\n        requests.get(urls[n])\n        n += 1\n    return n\n\n\n`;
  }
}

export interface ProjectOptions {
  /** Number of Django apps; each app gives 14 Python files. */
  apps: number;
  /** Models per app. */
  models: number;
  seed: number;
}

/** Options for about `files` Python files (≈ 210 lines each, like a large e-commerce project: 4,000 files ≈ 850k lines). */
export function projectOptionsFor(files: number, seed = 7): ProjectOptions {
  return { apps: Math.max(1, Math.round(files / 14)), models: 28, seed };
}

const FIELD_KINDS = [
  "models.CharField(max_length=120)",
  "models.IntegerField(default=0)",
  "models.DecimalField(max_digits=10, decimal_places=2)",
  "models.DateTimeField(auto_now_add=True)",
  "models.BooleanField(default=False)",
  "models.TextField(blank=True)",
];

/** Writes the project under `dir` and returns its Python file count and line count. */
export function writeProject(dir: string, options: ProjectOptions): { files: number; lines: number } {
  const r = rng(options.seed);
  let files = 0;
  let lines = 0;
  const write = (path: string, text: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    if (path.endsWith(".py")) {
      files++;
      lines += text.split("\n").length;
    }
  };
  const apps = Array.from({ length: options.apps }, (_, i) => `app${i}`);
  write("manage.py", `import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`);
  write("requirements.txt", "Django==5.1\ndjangorestframework==3.15\ncelery==5.4\n");
  write("project/__init__.py", "from .celery import app as celery_app\n\n__all__ = ('celery_app',)\n");
  write("project/celery.py", `import os\nfrom celery import Celery\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")\napp = Celery("project")\napp.config_from_object("django.conf:settings", namespace="CELERY")\napp.autodiscover_tasks()\n`);
  write("project/settings.py", settings(apps));
  write("project/urls.py", `from django.urls import include, path\n\nurlpatterns = [\n${apps.map((a) => `    path("${a}/", include("${a}.urls")),`).join("\n")}\n]\n`);
  for (const [ai, app] of apps.entries()) {
    const models = Array.from({ length: options.models }, (_, m) => `${cap(app)}Item${m}`);
    const other = ai > 0 ? apps[Math.floor(r() * ai)] : undefined;
    write(`${app}/__init__.py`, "");
    write(`${app}/apps.py`, `from django.apps import AppConfig\n\n\nclass ${cap(app)}Config(AppConfig):\n    name = "${app}"\n    default_auto_field = "django.db.models.BigAutoField"\n`);
    write(`${app}/models.py`, modelsModule(r, app, models, other));
    write(`${app}/migrations/__init__.py`, "");
    write(`${app}/migrations/0001_initial.py`, migration(r, app, models));
    write(`${app}/migrations/0002_extra.py`, `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("${app}", "0001_initial")]\n    operations = [\n${models.map((m) => `        migrations.AddField(model_name="${m.toLowerCase()}", name="extra", field=models.IntegerField(default=0)),`).join("\n")}\n    ]\n`);
    write(`${app}/views.py`, viewsModule(r, app, models));
    write(`${app}/serializers.py`, serializersModule(app, models));
    write(`${app}/api.py`, apiModule(app, models));
    write(`${app}/tasks.py`, tasksModule(r, app, models));
    write(`${app}/admin.py`, `from django.contrib import admin\n\nfrom .models import ${models.join(", ")}\n\n${models.map((m) => `\n@admin.register(${m})\nclass ${m}Admin(admin.ModelAdmin):\n    list_display = ("id", "name", "parent")\n    list_select_related = ("parent",)\n`).join("\n")}`);
    write(`${app}/urls.py`, `from django.urls import path\n\nfrom . import views\n\nurlpatterns = [\n${models.map((m, i) => `    path("${m.toLowerCase()}/", views.list_${i}),`).join("\n")}\n]\n`);
    write(`${app}/services.py`, servicesModule(r, app, models));
    write(`${app}/tests.py`, `from django.test import TestCase\n\nfrom .models import ${models[0]}\n\n\nclass Smoke(TestCase):\n    def test_create(self):\n        for i in range(10):\n            ${models[0]}.objects.create(name=str(i))\n        self.assertEqual(${models[0]}.objects.count(), 10)\n`);
  }
  return { files, lines };
}

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

function settings(apps: string[]): string {
  return `import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
${apps.map((a) => `    "${a}",`).join("\n")}
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "CONN_MAX_AGE": 60}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://localhost:6379"}}
CELERY_BROKER_URL = "redis://localhost:6379/0"
REST_FRAMEWORK = {"DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination", "PAGE_SIZE": 50}
`;
}

function modelsModule(r: () => number, app: string, models: string[], other: string | undefined): string {
  const out = ["from django.db import models", ""];
  if (other) out.push(`from ${other}.models import ${cap(other)}Item0`, "");
  for (const [i, m] of models.entries()) {
    const parent = i > 0 ? models[i - 1]! : other ? `${cap(other)}Item0` : '"self"';
    out.push("", `class ${m}Manager(models.Manager):`, "    def active(self):", "        return self.filter(is_active=True)", "", "");
    out.push(`class ${m}(models.Model):`, "    name = models.CharField(max_length=200)", "    is_active = models.BooleanField(default=True)");
    out.push(`    parent = models.ForeignKey(${parent}, null=True, on_delete=models.SET_NULL, related_name="${m.toLowerCase()}_children")`);
    if (i > 1) out.push(`    links = models.ManyToManyField(${models[i - 2]}, blank=True, related_name="${m.toLowerCase()}_links")`);
    for (let f = 0; f < 6; f++) out.push(`    field_${f} = ${pick(r, FIELD_KINDS)}`);
    out.push("", "    objects = " + `${m}Manager()`, "", "    class Meta:", `        ordering = ["-id"]`, `        indexes = [models.Index(fields=["name"])]`, "");
    out.push("    def __str__(self):", "        return self.name", "");
    out.push("    def label(self):", `        return f"{self.name} ({self.parent.name if self.parent else '-'})"`, "");
  }
  return out.join("\n") + "\n";
}

function migration(r: () => number, app: string, models: string[]): string {
  const ops = models.map((m) => {
    const fields = [`("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False))`, `("name", models.CharField(max_length=200))`];
    for (let f = 0; f < 6; f++) fields.push(`("field_${f}", ${pick(r, FIELD_KINDS)})`);
    return `        migrations.CreateModel(\n            name="${m}",\n            fields=[\n${fields.map((f) => `                ${f},`).join("\n")}\n            ],\n        ),`;
  });
  return `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [\n${ops.join("\n")}\n    ]\n`;
}

function viewsModule(r: () => number, app: string, models: string[]): string {
  const out = ["from django.http import JsonResponse", "from django.shortcuts import get_object_or_404", "", `from .models import ${models.join(", ")}`, ""];
  for (const [i, m] of models.entries()) {
    const shape = Math.floor(r() * 3);
    out.push("", `def list_${i}(request):`);
    if (shape === 0) out.push(`    rows = []`, `    for item in ${m}.objects.filter(is_active=True):`, `        rows.append({"name": item.name, "parent": item.parent.name if item.parent else None})`, `    return JsonResponse({"rows": rows})`);
    else if (shape === 1) out.push(`    items = ${m}.objects.select_related("parent").all()[:100]`, `    return JsonResponse({"rows": [{"name": i.name, "parent": i.parent_id} for i in items]})`);
    else out.push(`    total = len(${m}.objects.all())`, `    return JsonResponse({"total": total})`);
    out.push("", "", `def detail_${i}(request, pk):`, `    item = get_object_or_404(${m}, pk=pk)`, `    children = list(item.${m.toLowerCase()}_children.all())`, `    return JsonResponse({"name": item.name, "children": len(children)})`, "");
  }
  return out.join("\n") + "\n";
}

function serializersModule(app: string, models: string[]): string {
  const out = ["from rest_framework import serializers", "", `from .models import ${models.join(", ")}`, ""];
  for (const m of models) {
    out.push("", `class ${m}Serializer(serializers.ModelSerializer):`, "    parent_name = serializers.SerializerMethodField()", "", "    class Meta:", `        model = ${m}`, `        fields = ["id", "name", "parent", "parent_name"]`, "", "    def get_parent_name(self, obj):", "        return obj.parent.name if obj.parent else None", "");
  }
  return out.join("\n") + "\n";
}

function apiModule(app: string, models: string[]): string {
  const out = ["from rest_framework import viewsets", "", `from .models import ${models.join(", ")}`, `from .serializers import ${models.map((m) => `${m}Serializer`).join(", ")}`, ""];
  for (const m of models) {
    out.push("", `class ${m}ViewSet(viewsets.ModelViewSet):`, `    queryset = ${m}.objects.all()`, `    serializer_class = ${m}Serializer`, "");
  }
  return out.join("\n") + "\n";
}

function tasksModule(r: () => number, app: string, models: string[]): string {
  const out = ["from celery import shared_task", "", `from .models import ${models.join(", ")}`, ""];
  for (const [i, m] of models.entries()) {
    out.push("", "@shared_task", `def refresh_${i}(ids):`, `    for item in ${m}.objects.filter(pk__in=ids):`, `        item.field_0 = ${Math.floor(r() * 100)}`, "        item.save()", "");
  }
  return out.join("\n") + "\n";
}

function servicesModule(r: () => number, app: string, models: string[]): string {
  const out = ["import logging", "", "from django.db import transaction", "", `from .models import ${models.join(", ")}`, "", "logger = logging.getLogger(__name__)", ""];
  for (const [i, m] of models.entries()) {
    out.push("", `def sync_${i}(rows):`, "    created = 0", "    with transaction.atomic():", "        for row in rows:", `            obj, made = ${m}.objects.get_or_create(name=row["name"])`, "            created += int(made)", `    logger.info("synced %s", created)`, "    return created", "");
    out.push("", `def summary_${i}():`, `    qs = ${m}.objects.filter(is_active=True)`, "    if qs.count() > 0:", `        return [x.name for x in qs.order_by("name")[:${10 + Math.floor(r() * 90)}]]`, "    return []", "");
  }
  return out.join("\n") + "\n";
}
