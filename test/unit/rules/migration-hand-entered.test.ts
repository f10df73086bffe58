/**
 * Hand-entered tables (rotation set 12, src/analysis/django/hand-entered.ts): a model registered in the admin
 * whose rows no code outside the admin, the tests and the migrations inserts holds what staff typed, so the
 * lock rules and DJP208 report it at info; django-simple-history's `HistoricalM` of such a model too. A model
 * the site's code creates (a manager call, a constructor, a reverse accessor, a form or serializer a writable
 * view uses) or an admin that imports rows keeps the warning.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { configSchema } from "../../../src/config/schema.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { initialMigration } from "../../helpers/models.js";

const SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n`;

/** Plain models (one title column), then the ones with a relation or a history. */
const PLAIN = ["Note", "Letter", "Tag", "Topic", "Entry", "Shelf"];
const MODELS = `from django.db import models
from simple_history.models import HistoricalRecords

${PLAIN.map((m) => `class ${m}(models.Model):\n    title = models.CharField(max_length=50)\n`).join("\n")}

class Item(models.Model):
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)

${["Reviewer", "Pet"].map((m) => `class ${m}(models.Model):\n    title = models.CharField(max_length=50)\n    history = HistoricalRecords()\n`).join("\n")}`;

const ADMIN = `from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from clinic.forms import NoteForm
from clinic.models import Entry, Item, Letter, Note, Pet, Reviewer, Shelf, Tag, Topic


class NoteAdmin(admin.ModelAdmin):
    form = NoteForm


class ItemInline(admin.TabularInline):
    model = Item


@admin.register(Shelf)
class ShelfAdmin(admin.ModelAdmin):
    inlines = [ItemInline]


@admin.register(Entry)
class EntryAdmin(ImportExportModelAdmin):
    pass


admin.site.register(Note, NoteAdmin)
admin.site.register([Letter, Tag, Topic, Reviewer, Pet])
`;

const FORMS = `from django import forms

from clinic.models import Note


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = "__all__"

    def save(self, *args, **kwargs):
        return super(NoteForm, self).save(*args, **kwargs)
`;

const SERIALIZERS = `from rest_framework import serializers

from clinic.models import Tag, Topic


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = "__all__"


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = "__all__"
`;

const VIEWS = `from rest_framework import viewsets

from clinic.models import Letter, Pet, Shelf, Tag, Topic
from clinic.serializers import TagSerializer, TopicSerializer


class TagViewSet(viewsets.ModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer


class BaseTopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.all()

    def get_serializer_class(self):
        return TopicSerializer


def write(request, shelf_id):
    Letter.objects.create(title=request.GET["t"])
    Shelf.objects.get(pk=shelf_id).item_set.create()
    Pet(title="x").save()
`;

const TESTS = `from clinic.models import Note


def test_note():
    Note.objects.create(title="x")
`;

const MODEL_NAMES = ["Note", "Letter", "Tag", "Topic", "Entry", "Shelf", "Item", "Reviewer", "Pet", "HistoricalReviewer", "HistoricalPet"];

const INITIAL = initialMigration(MODEL_NAMES);

const HEAD = "clinic/migrations/0002_more.py";
const CHANGE = `from django.db import migrations, models


def backfill(apps, schema_editor):
    Note = apps.get_model("clinic", "Note")
    Letter = apps.get_model("clinic", "Letter")
    for note in Note.objects.all():
        note.save()
    for letter in Letter.objects.all():
        letter.save()


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [
${MODEL_NAMES.map((m) => `        migrations.AddField(model_name="${m.toLowerCase()}", name="code", field=models.CharField(max_length=10, unique=True, default="x")),`).join("\n")}
        migrations.RunPython(backfill),
    ]
`;

function project(): SourceText[] {
  return [
    { path: "config/settings.py", text: SETTINGS },
    { path: "config/__init__.py", text: "" },
    { path: "clinic/__init__.py", text: "" },
    { path: "clinic/models.py", text: MODELS },
    { path: "clinic/admin.py", text: ADMIN },
    { path: "clinic/forms.py", text: FORMS },
    { path: "clinic/serializers.py", text: SERIALIZERS },
    { path: "clinic/views.py", text: VIEWS },
    { path: "clinic/tests/test_notes.py", text: TESTS },
    { path: "clinic/migrations/__init__.py", text: "" },
    { path: "clinic/migrations/0001_initial.py", text: INITIAL },
  ];
}

async function run(folder: string) {
  const found = await runRuleOn(await loadRule(folder), HEAD, CHANGE, project(), configSchema.parse({}));
  return found.map((f) => ({ at: `${f.range.start.line} ${f.level}`, message: f.message })).sort((a, b) => parseInt(a.at, 10) - parseInt(b.at, 10));
}

describe("hand-entered tables in the migration rules", () => {
  it("DJP203: admin-only tables (a form only the admin uses, a serializer only a read-only view uses, an inline) and the history of one are info", async () => {
    const found = await run("DJP203-field-adds-index-or-fk");
    // Note, Letter, Tag, Topic, Entry, Shelf, Item, Reviewer, Pet, HistoricalReviewer, HistoricalPet
    expect(found.map((f) => f.at)).toEqual(["17 info", "18 warn", "19 warn", "20 info", "21 warn", "22 info", "23 warn", "24 info", "25 warn", "26 info", "27 warn"]);
    expect(found[0]!.message).toContain("Note's rows are entered by hand in the admin (clinic/admin.py:26)");
    expect(found[9]!.message).toContain("it is the edit history of Reviewer (`HistoricalRecords`");
  });

  it("DJP205 and DJP208: the same evidence", async () => {
    expect((await run("DJP205-not-null-column-without-db-default")).map((f) => f.at)).toEqual(["17 info", "18 warn", "19 warn", "20 info", "21 warn", "22 info", "23 warn", "24 info", "25 warn", "26 info", "27 warn"]);
    expect((await run("DJP208-unbatched-data-migration")).map((f) => f.at)).toEqual(["8 info", "10 warn"]);
  });
});
