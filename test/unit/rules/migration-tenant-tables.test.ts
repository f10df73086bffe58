/**
 * Per-tenant schemas (django-tenants / django-tenant-schemas) in the lock rules DJP203, DJP205 and
 * DJP206: a table of an app listed in TENANT_APPS and not in SHARED_APPS exists once per tenant. It is
 * reported at info only when the size evidence says small (a form lists every row; `small_models`); a
 * per-tenant table without evidence keeps warn and says it is per tenant; a shared app's table, or
 * settings whose lists cannot be read, change nothing.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { configSchema } from "../../../src/config/schema.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const SETTINGS = (shared: string) => `DATABASES = {"default": {"ENGINE": "django_tenants.postgresql_backend"}}
SHARED_APPS = ${shared}
TENANT_APPS = ["django.contrib.contenttypes", "events.apps.EventsConfig"]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
`;

const MODELS = `from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=50)


class Attendee(models.Model):
    name = models.CharField(max_length=50)
`;

const FORMS = `from django import forms

from events.models import Category


class PickCategory(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all())
`;

const INITIAL = (app: string, models: string[]) => `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
${models.map((m) => `        migrations.CreateModel(name="${m}", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=50))]),`).join("\n")}
    ]
`;

const HEAD = "events/migrations/0002_flags.py";
const EVENTS = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.AddField(model_name="category", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="attendee", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="category", name="rank", field=models.IntegerField(default=0)),
        migrations.AddField(model_name="attendee", name="rank", field=models.IntegerField(default=0)),
    ]
`;

function project(shared: string): SourceText[] {
  return [
    { path: "config/settings.py", text: SETTINGS(shared) },
    { path: "config/__init__.py", text: "" },
    { path: "events/__init__.py", text: "" },
    { path: "events/apps.py", text: 'from django.apps import AppConfig\n\n\nclass EventsConfig(AppConfig):\n    name = "events"\n' },
    { path: "events/models.py", text: MODELS },
    { path: "events/forms.py", text: FORMS },
    { path: "events/migrations/__init__.py", text: "" },
    { path: "events/migrations/0001_initial.py", text: INITIAL("events", ["Category", "Attendee"]) },
  ];
}

const TENANT_ONLY = '["django_tenants", "customers", "django.contrib.contenttypes"]';

async function run(folder: string, shared = TENANT_ONLY, config: Record<string, unknown> = {}) {
  const found = await runRuleOn(await loadRule(folder), HEAD, EVENTS, project(shared), configSchema.parse(config));
  return found.map((f) => ({ at: `${f.range.start.line} ${f.level}`, message: f.message })).sort((a, b) => a.at.localeCompare(b.at));
}

describe("per-tenant tables in the lock rules", () => {
  it("DJP203: info on a tenant-only table a form lists whole, warn with the per-tenant note on one without evidence", async () => {
    const found = await run("DJP203-field-adds-index-or-fk");
    expect(found.map((f) => f.at)).toEqual(["8 info", "9 warn"]);
    expect(found[0]!.message).toMatch(/Reported at info: the table is per tenant \(the app is in `TENANT_APPS`, not `SHARED_APPS`\).*Category holds few rows: a form lists every row of it/);
    expect(found[1]!.message).toContain("nothing in the code shows how few, so the level stays");
  });

  it("DJP205: the same rating", async () => {
    expect((await run("DJP205-not-null-column-without-db-default")).map((f) => f.at)).toEqual(["10 info", "11 warn"]);
  });

  it("small_models is evidence too; large_models wins over the per-tenant rating", async () => {
    expect((await run("DJP205-not-null-column-without-db-default", TENANT_ONLY, { small_models: ["events.Attendee"] })).map((f) => f.at)).toEqual(["10 info", "11 info"]);
    expect((await run("DJP205-not-null-column-without-db-default", TENANT_ONLY, { large_models: ["events.Category"] })).map((f) => f.at)).toEqual(["10 block", "11 warn"]);
  });

  it("an app in SHARED_APPS too, or a SHARED_APPS the reader cannot see whole, is not per tenant: only the size evidence counts", async () => {
    // Category is listed whole in a form (small); Attendee has no evidence either way.
    const shared = await run("DJP203-field-adds-index-or-fk", '["django_tenants", "events"]');
    expect(shared.map((f) => f.at)).toEqual(["8 info", "9 warn"]);
    expect(shared[0]!.message).toContain("Category holds few rows");
    expect(shared.map((f) => f.message).join("\n")).not.toContain("per tenant");
    const open = await run("DJP203-field-adds-index-or-fk", '["django_tenants"] + EXTRA_SHARED');
    expect(open.map((f) => f.at)).toEqual(["8 info", "9 warn"]);
    expect(open.map((f) => f.message).join("\n")).not.toContain("per tenant");
  });
});
