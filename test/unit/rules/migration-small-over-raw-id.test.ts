/**
 * The lock rules weigh the size evidence by what a lock costs (round 11): a scan or an index build is slow
 * only on a table of very many rows. A table the project lists whole in one widget (an admin sidebar
 * filter) is small even when another admin picks it through a raw id box (more rows than a select shows,
 * not very many: rotation set 10, a product table of a few thousand rows at warn); rows streamed with
 * `.iterator()` (very many) keep the level. The evidence is about today's model of that name: when a later
 * migration renames the historical model away (and another takes its name), it says nothing.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = `from django.db import models


class Shelf(models.Model):
    name = models.CharField(max_length=50, null=True)


class Book(models.Model):
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)


class Crate(models.Model):
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)
`;

const ADMIN = `from django.contrib import admin

from library.models import Book, Crate


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_filter = ("shelf",)


@admin.register(Crate)
class CrateAdmin(admin.ModelAdmin):
    raw_id_fields = ("shelf",)
`;

const STREAMED = `from library.models import Shelf


def relabel():
    for shelf in Shelf.objects.filter(name__isnull=True).iterator():
        shelf.save()
`;

const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(name="Shelf", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=50, null=True))]),
    ]
`;

const RENAMED_LATER = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0002_shelf_code")]

    operations = [
        migrations.RenameModel(old_name="Shelf", new_name="Placement"),
        migrations.CreateModel(name="Shelf", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=50, null=True))]),
    ]
`;

const HEAD = "library/migrations/0002_shelf_code.py";
const CHANGE = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.AddField(model_name="shelf", name="code", field=models.CharField(max_length=10, unique=True, null=True)),
    ]
`;

/** One admin both lists every shelf in its sidebar and picks the shelf by raw id (rotation set 12, open-zaak's Besluit). */
const ADMIN_BOTH = `from django.contrib import admin

from library.models import Book


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_filter = ("shelf",)
    raw_id_fields = ("shelf",)
`;

function project(extra: SourceText[], admin = ADMIN): SourceText[] {
  return [
    { path: "config/__init__.py", text: "" },
    { path: "config/settings.py", text: `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n` },
    { path: "library/__init__.py", text: "" },
    { path: "library/models.py", text: MODELS },
    { path: "library/admin.py", text: admin },
    { path: "library/migrations/__init__.py", text: "" },
    { path: "library/migrations/0001_initial.py", text: INITIAL },
    ...extra,
  ];
}

async function levels(extra: SourceText[], admin?: string): Promise<string[]> {
  const found = await runRuleOn(await loadRule("DJP203-field-adds-index-or-fk"), HEAD, CHANGE, project(extra, admin));
  return found.map((f) => `${f.level} ${f.message}`);
}

describe("lock rules: small evidence against a raw id box", () => {
  it("an admin sidebar lists every shelf: info, though another admin picks shelves by raw id", async () => {
    const [finding] = await levels([]);
    expect(finding).toMatch(/^info /);
    expect(finding).toContain("Shelf holds few rows: its admin lists every row of it to pick Book.shelf");
  });

  it("a later migration renames the historical Shelf away: today's Shelf is another table, the level stays", async () => {
    const [finding] = await levels([{ path: "library/migrations/0003_placement.py", text: RENAMED_LATER }]);
    expect(finding).toMatch(/^warn /);
  });

  it("shelves streamed with .iterator() (very many rows): the level stays", async () => {
    const [finding] = await levels([{ path: "library/jobs.py", text: STREAMED }]);
    expect(finding).toMatch(/^warn /);
  });

  it("the admin that lists every shelf in its sidebar also picks the shelf by raw id: no evidence either way, the level stays", async () => {
    const [finding] = await levels([], ADMIN_BOTH);
    expect(finding).toMatch(/^warn /);
  });
});
