/**
 * Version-aware recipes in the migration rules (round 13, rotation set 12: cla_backend on Django 1.8 was told
 * to use `AddIndexConcurrently` (3.0) and `atomic = False` (1.10)). The findings are the same on every
 * version; only the recipe changes: the concurrent operations when the Django is new enough or unknown,
 * `RunSQL` inside `SeparateDatabaseAndState` before 3.0, SQL outside the migrations before 1.10.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { initialMigration } from "../../helpers/models.js";

const MODELS = `from django.db import models


class Order(models.Model):
    name = models.CharField(max_length=50, null=True)
`;

const HEAD = "shop/migrations/0002_more.py";
const CHANGE = `from django.db import migrations, models


def backfill(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.all():
        order.save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AlterField(model_name="order", name="name", field=models.CharField(max_length=50, null=True, db_index=True)),
        migrations.RunPython(backfill),
    ]
`;

function project(django: string | undefined): SourceText[] {
  return [
    { path: "config/__init__.py", text: "" },
    { path: "config/settings.py", text: `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n` },
    { path: "shop/__init__.py", text: "" },
    { path: "shop/models.py", text: MODELS },
    { path: "shop/migrations/__init__.py", text: "" },
    { path: "shop/migrations/0001_initial.py", text: initialMigration(["Order"]) },
    ...(django ? [{ path: "requirements.txt", text: `Django==${django}\npsycopg2==2.8.6\n` }] : []),
  ];
}

async function messages(folder: string, django: string | undefined): Promise<string[]> {
  const found = await runRuleOn(await loadRule(folder), HEAD, CHANGE, project(django));
  return found.map((f) => `${f.level} ${f.message}`);
}

describe("migration recipes follow the project's Django", () => {
  it("DJP203: AddIndexConcurrently on 3.0+ or unknown, RunSQL in SeparateDatabaseAndState on 1.10–2.2, SQL outside the migrations on 1.8", async () => {
    for (const version of ["4.2.7", undefined]) {
      const [m] = await messages("DJP203-field-adds-index-or-fk", version);
      expect(m).toContain("`AddIndexConcurrently` from `django.contrib.postgres.operations` in a migration with `atomic = False`");
    }
    const [old] = await messages("DJP203-field-adds-index-or-fk", "2.2.28");
    expect(old).toContain('`SeparateDatabaseAndState(state_operations=[…the operation…], database_operations=[RunSQL("CREATE INDEX CONCURRENTLY …"');
    expect(old).toContain("older than 3.0");
    const [ancient] = await messages("DJP203-field-adds-index-or-fk", "1.8.19");
    expect(ancient).toContain("outside the migrations");
    expect(ancient).not.toContain("AddIndexConcurrently");
    expect(ancient).not.toContain("atomic = False");
  });

  it("DJP208: no atomic = False, iterator(chunk_size) or bulk_update advised to a Django 1.8 project", async () => {
    const [modern] = await messages("DJP208-unbatched-data-migration", "4.2.7");
    expect(modern).toContain("`bulk_update(objs, fields, batch_size=1000)`");
    expect(modern).toContain("`atomic = False`");
    const [ancient] = await messages("DJP208-unbatched-data-migration", "1.8.19");
    expect(ancient).toMatch(/^warn /);
    expect(ancient).not.toMatch(/bulk_update\(objs|\.iterator\(chunk_size=2000\)|with `atomic = False`/);
    expect(ancient).toContain("management command run after the deploy");
    expect(ancient).toContain("predates `atomic = False` (1.10), `iterator(chunk_size=…)` (2.0), `bulk_update` (2.2)");
  });
});
