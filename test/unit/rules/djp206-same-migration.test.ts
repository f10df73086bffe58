/**
 * DJP206 round 15: SET NOT NULL on a column an earlier AddField of the same atomic migration added is info
 * (the AddField's ACCESS EXCLUSIVE lock is held until the transaction commits: the scan takes no new lock), with
 * the advice to give the column its final definition in the AddField; a non-atomic migration, or a column an
 * earlier migration added, keeps the level. The NOT VALID recipe follows the project's Django version.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n`;

const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(name="Report", fields=[("id", models.AutoField(primary_key=True)), ("owner", models.CharField(max_length=50, null=True))]),
    ]
`;

const change = (atomic: string) => `from django.db import migrations, models


def fill(apps, schema_editor):
    apps.get_model("audit", "Report").objects.update(location="here", owner="x")


class Migration(migrations.Migration):
${atomic}    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(model_name="report", name="location", field=models.CharField(max_length=50, null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(model_name="report", name="location", field=models.CharField(max_length=50)),
        migrations.AlterField(model_name="report", name="owner", field=models.CharField(max_length=50)),
    ]
`;

function project(requirements?: string): SourceText[] {
  return [
    { path: "config/settings.py", text: SETTINGS },
    { path: "audit/__init__.py", text: "" },
    { path: "audit/models.py", text: "from django.db import models\n\n\nclass Report(models.Model):\n    owner = models.CharField(max_length=50)\n    location = models.CharField(max_length=50)\n" },
    { path: "audit/migrations/__init__.py", text: "" },
    { path: "audit/migrations/0001_initial.py", text: INITIAL },
    ...(requirements ? [{ path: "requirements.txt", text: requirements }] : []),
  ];
}

async function run(atomic = "", requirements?: string) {
  const found = await runRuleOn(await loadRule("DJP206-column-rewrite-or-scan"), "audit/migrations/0002_location.py", change(atomic), project(requirements));
  return found.map((f) => ({ at: `${f.range.start.line} ${f.level}`, message: f.message })).sort((a, b) => parseInt(a.at, 10) - parseInt(b.at, 10));
}

describe("DJP206 on a column the same migration adds", () => {
  it("reports the SET NOT NULL of a column added earlier in the same atomic migration at info, with the AddField advice", async () => {
    const found = await run();
    expect(found.map((f) => f.at)).toEqual(["14 info", "15 warn"]);
    expect(found[0]!.message).toContain("Reported at info: `location` is added by this same migration (line 12)");
    expect(found[0]!.message).toContain("give the column its final definition in the AddField that adds it");
    expect(found[1]!.message).toContain("`AddConstraintNotValid` (Django ≥ 4.0)");
  });

  it("keeps the level in a non-atomic migration: each operation commits and takes its own lock", async () => {
    const found = await run("    atomic = False\n");
    expect(found.map((f) => f.at)).toEqual(["15 warn", "16 warn"]);
  });

  it("gives the SQL recipe when the project's Django is older than 4.0", async () => {
    const found = await run("", "Django==3.2.8\n");
    expect(found[1]!.message).toContain('`RunSQL("ALTER TABLE … ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID")`');
    expect(found[1]!.message).not.toContain("AddConstraintNotValid` (Django ≥ 4.0)");
  });
});
