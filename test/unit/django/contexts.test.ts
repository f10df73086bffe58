import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import type { CodeContext } from "../../../src/analysis/django/types.js";
import { shopIndex } from "./shop-index.js";

function contextAt(path: string, text: string, snippet: string): CodeContext {
  const file = parsedFile(path, text);
  return createDjangoFacts(file, shopIndex).contextOf(nodeAt(file, snippet));
}

const flags = (c: CodeContext): string[] =>
  (["view", "serializer", "etl", "migration", "test"] as const).filter((k) => c[k]);

describe("contextOf", () => {
  it("recognises function views by request parameter or view decorators", () => {
    const text = [
      "from rest_framework.decorators import api_view",
      "def by_param(request, pk):",
      "    a()",
      "@api_view(['GET'])",
      "def by_decorator(req):",
      "    b()",
      "@login_required",
      "def by_login(r):",
      "    def nested():",
      "        c()",
      "def helper(data):",
      "    d()",
      "",
    ].join("\n");
    expect(flags(contextAt("shop/views.py", text, "a()"))).toEqual(["view"]);
    expect(flags(contextAt("shop/views.py", text, "b()"))).toEqual(["view"]);
    expect(flags(contextAt("shop/views.py", text, "c()"))).toEqual(["view"]);
    expect(flags(contextAt("shop/views.py", text, "d()"))).toEqual([]);
    const ctx = contextAt("shop/views.py", text, "c()");
    expect(ctx.function?.childForFieldName("name")?.text).toBe("nested");
  });

  it("recognises view classes by base names, DRF/Django mixins and same-file bases", () => {
    const text = [
      "from rest_framework import viewsets, mixins, generics",
      "from django.views.generic import ListView",
      "from myproject.utils import CacheMixin",
      "class A(viewsets.ModelViewSet):",
      "    def list(self, request):",
      "        a()",
      "class B(ListView):",
      "    def get_context_data(self):",
      "        b()",
      "class C(mixins.ListModelMixin):",
      "    def f(self):",
      "        c()",
      "class D(CacheMixin):",
      "    def f(self):",
      "        d()",
      "class Base(generics.GenericAPIView):",
      "    pass",
      "class E(Base):",
      "    def f(self):",
      "        e()",
      "",
    ].join("\n");
    expect(contextAt("shop/views.py", text, "a()").view).toBe(true);
    expect(contextAt("shop/views.py", text, "b()").view).toBe(true);
    expect(contextAt("shop/views.py", text, "c()").view).toBe(true);
    expect(contextAt("shop/views.py", text, "d()").view).toBe(false);
    expect(contextAt("shop/views.py", text, "e()").view).toBe(true);
    expect(contextAt("shop/views.py", text, "e()").cls?.childForFieldName("name")?.text).toBe("E");
  });

  it("takes a `request` parameter for an HTTP request only when nothing shows it is a model row", () => {
    const text = [
      "def saved(request):",
      "    request.status = 'done'",
      "    request.save()",
      "    a()",
      "def filtered(request):",
      "    Job.objects.filter(request=request)",
      "    b()",
      "def by_fk_id(request):",
      "    c(request.job_id)",
      "def by_get(request):",
      "    d(request.GET)",
      "def passed_on(request):",
      "    e(request)",
      "def answers(request):",
      "    f()",
      "    return JsonResponse({})",
      "",
    ].join("\n");
    const at = (snippet: string) => contextAt("shop/helpers.py", text, snippet);
    for (const row of ["a()", "b()", "c(request.job_id)"]) expect([at(row).view, at(row).request], row).toEqual([false, false]);
    expect([at("d(request.GET)").view, at("d(request.GET)").request]).toEqual([true, true]);
    // Unproven: still a view for the ORM rules' levels, but not request-time for DJP601.
    expect([at("e(request)").view, at("e(request)").request]).toEqual([true, false]);
    expect([at("f()").view, at("f()").request]).toEqual([true, true]);
  });

  it("takes a method that reads the HTTP request its object holds as request-time (a form's clean_*)", () => {
    const text = [
      "class ClaimForm(forms.Form):",
      "    def clean_token(self):",
      "        g(self.request.user)",
      "class Job:",
      "    def notify(self):",
      "        self.request.save()",
      "        h(self.request.user)",
      "    def other(self):",
      "        k(self.request)",
      "",
    ].join("\n");
    const at = (snippet: string) => contextAt("shop/forms.py", text, snippet);
    expect(at("g(self.request.user)").request).toBe(true);
    expect(at("h(self.request.user)").request).toBe(false);
    expect(at("k(self.request)").request).toBe(false);
  });

  it("recognises serializers, including same-file serializer bases", () => {
    const text = [
      "from rest_framework import serializers",
      "class S(serializers.ModelSerializer):",
      "    def get_x(self, obj):",
      "        a()",
      "class T(S):",
      "    def get_y(self, obj):",
      "        b()",
      "class U:",
      "    def get_z(self, obj):",
      "        c()",
      "",
    ].join("\n");
    expect(flags(contextAt("shop/serializers.py", text, "a()"))).toEqual(["serializer"]);
    expect(flags(contextAt("shop/serializers.py", text, "b()"))).toEqual(["serializer"]);
    expect(flags(contextAt("shop/serializers.py", text, "c()"))).toEqual([]);
  });

  it("recognises ETL: management commands, Celery tasks, RunPython functions, etl modules", () => {
    const command = "from django.core.management.base import BaseCommand\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n        a()\n";
    expect(flags(contextAt("shop/management/commands/load.py", command, "a()"))).toEqual(["etl"]);
    expect(flags(contextAt("shop/commands.py", command, "a()"))).toEqual([]);

    const tasks = [
      "from celery import shared_task",
      "from proj.celery import app",
      "@shared_task",
      "def t1():",
      "    a()",
      "@app.task(bind=True)",
      "def t2(self):",
      "    b()",
      "@task",
      "def t3():",
      "    c()",
      "def plain():",
      "    d()",
      "",
    ].join("\n");
    expect(contextAt("shop/tasks.py", tasks, "a()").etl).toBe(true);
    expect(contextAt("shop/tasks.py", tasks, "b()").etl).toBe(true);
    expect(contextAt("shop/tasks.py", tasks, "c()").etl).toBe(false);
    expect(contextAt("shop/tasks.py", tasks, "d()").etl).toBe(false);

    const migration = [
      "from django.db import migrations",
      "def forwards(apps, schema_editor):",
      "    a()",
      "def unrelated():",
      "    b()",
      "class Migration(migrations.Migration):",
      "    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]",
      "",
    ].join("\n");
    expect(flags(contextAt("shop/migrations/0002_fill.py", migration, "a()"))).toEqual(["etl", "migration"]);
    expect(flags(contextAt("shop/migrations/0002_fill.py", migration, "b()"))).toEqual(["migration"]);

    expect(contextAt("shop/etl/orders.py", "x = 1\n", "1").etl).toBe(true);
    expect(contextAt("shop/importers.py", "x = 1\n", "1").etl).toBe(true);
    expect(contextAt("shop/important.py", "x = 1\n", "1").etl).toBe(false);
  });

  it("recognises test paths", () => {
    for (const path of ["shop/tests/test_views.py", "shop/tests/factories.py", "shop/test_models.py", "shop/tests.py", "conftest.py"]) {
      expect(contextAt(path, "x = 1\n", "1").test, path).toBe(true);
    }
    for (const path of ["shop/views.py", "shop/testing_utils.py", "shop/contest.py"]) {
      expect(contextAt(path, "x = 1\n", "1").test, path).toBe(false);
    }
  });
});
