/**
 * Small-table evidence in the lock rules (issue 8, branch i8d): a singleton table (`M.objects.get()` with no
 * filter, or the model's own `cls.objects.get(pk=1)`, or a library settings base such as wagtail's
 * `BaseGenericSetting`), and a key–value settings table (its own columns a
 * key and a value, no owner it must belong to) are rated info; a literal-key read outside the model's
 * class, a `get()` after the code counted the rows, an attribute table with a required owner, and a primary key's type change on a small table that a
 * large table points at keep the warning.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { configSchema } from "../../../src/config/schema.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { initialMigration } from "../../helpers/models.js";

const SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n`;

const MODELS = `from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting


class Clinic(models.Model):
    title = models.CharField(max_length=50)

    @classmethod
    def current(cls):
        return cls.objects.get(pk=1)


class Preference(models.Model):
    key = models.CharField(max_length=100)
    value = models.JSONField(null=True)
    owner = models.ForeignKey("auth.User", null=True, on_delete=models.CASCADE)


class PetAttribute(models.Model):
    pet = models.ForeignKey("Pet", on_delete=models.CASCADE)
    key = models.CharField(max_length=100)
    value = models.TextField()


class Pet(models.Model):
    name = models.CharField(max_length=50)


class Ward(models.Model):
    title = models.CharField(max_length=50)


class Banner(models.Model):
    text = models.CharField(max_length=50)


class Visit(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE)


class Notice(BaseGenericSetting):
    text = models.CharField(max_length=50)
`;

const VIEWS = `from clinic.models import Banner, Pet, Visit, Ward


def home(request):
    banner = Banner.objects.get()
    first = Pet.objects.get(pk=1)
    return banner, first


def only_ward():
    if Ward.objects.count() > 1:
        raise ValueError("name the ward")
    return Ward.objects.get()


def wards(request):
    return list(Ward.objects.get(pk=1).visit_set.all()), Visit.objects.all().iterator()
`;

const INITIAL = initialMigration;

const HEAD = "clinic/migrations/0002_more.py";
const CHANGE = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [
        migrations.AddField(model_name="clinic", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="preference", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="petattribute", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="pet", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="banner", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AlterField(model_name="ward", name="id", field=models.BigAutoField(primary_key=True)),
        migrations.AlterField(model_name="banner", name="id", field=models.BigAutoField(primary_key=True)),
        migrations.AddField(model_name="ward", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
        migrations.AddField(model_name="notice", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
    ]
`;

function project(): SourceText[] {
  return [
    { path: "config/settings.py", text: SETTINGS },
    { path: "config/__init__.py", text: "" },
    { path: "clinic/__init__.py", text: "" },
    { path: "clinic/models.py", text: MODELS },
    { path: "clinic/views.py", text: VIEWS },
    { path: "clinic/migrations/__init__.py", text: "" },
    { path: "clinic/migrations/0001_initial.py", text: INITIAL(["Clinic", "Preference", "PetAttribute", "Pet", "Ward", "Banner", "Visit", "Notice"]) },
  ];
}

async function run(folder: string, config: Record<string, unknown> = {}) {
  const found = await runRuleOn(await loadRule(folder), HEAD, CHANGE, project(), configSchema.parse(config));
  return found.map((f) => ({ at: `${f.range.start.line} ${f.level}`, message: f.message })).sort((a, b) => parseInt(a.at, 10) - parseInt(b.at, 10));
}

describe("small-table evidence in the lock rules", () => {
  it("DJP203: a singleton (own literal-key accessor, or get() with no filter) and a key–value table are info; a literal key read elsewhere and an owned attribute table stay warn", async () => {
    const found = await run("DJP203-field-adds-index-or-fk");
    expect(found.map((f) => f.at)).toEqual(["8 info", "9 info", "10 warn", "11 warn", "12 info", "15 warn", "16 info"]);
    expect(found[0]!.message).toMatch(/Clinic holds few rows: the code reads it as one row \(`get\(pk=1\)`, clinic\/models\.py:10\)/);
    expect(found[1]!.message).toMatch(/Preference holds few rows: Preference is a key–value table/);
    expect(found[4]!.message).toMatch(/Banner holds few rows: the code reads it as one row \(`get\(\)`, clinic\/views\.py:5\)/);
    // A library settings base (wagtail's BaseGenericSetting, django-solo's SingletonModel): one row.
    expect(found[6]!.message).toMatch(/Notice holds few rows: Notice is a settings singleton \(it extends `BaseGenericSetting`, one row/);
  });

  it("DJP206: a primary key's type change on a small table is info unless a large table points at it", async () => {
    // Ward is read by a literal key outside its class, and by get() after counting its rows (no evidence); Visit, which points at it, is streamed:
    // warn. Banner, a singleton nobody points at: info.
    const found = await run("DJP206-column-rewrite-or-scan");
    expect(found.map((f) => f.at)).toEqual(["13 warn", "14 info"]);
    expect(found[0]!.message).toContain("the new type is written into the foreign keys to Ward as well, and Visit (a large table) holds one");
    // small_models says Ward is small, but the rewrite of Visit's key column is not: still warn.
    const small = await run("DJP206-column-rewrite-or-scan", { small_models: ["clinic.Ward"] });
    expect(small.map((f) => f.at)).toEqual(["13 warn", "14 info"]);
  });

  it("large_models wins over the evidence", async () => {
    expect((await run("DJP203-field-adds-index-or-fk", { large_models: ["clinic.Clinic"] })).map((f) => f.at)).toEqual(["8 block", "9 info", "10 warn", "11 warn", "12 info", "15 warn", "16 info"]);
  });
});
