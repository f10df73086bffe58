/** A one-app mini project whose `shop.Order` table an initial migration creates, for the migration rules' unit tests. */
import type { SourceText } from "../../../src/analysis/source-file.js";

const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("created", models.DateTimeField())]),
    ]
`;

/** The project with `settings` as config/settings.py and `files` (path → text) beside it. */
export function orderProject(settings: string, files: Record<string, string> = {}): SourceText[] {
  return [
    { path: "config/__init__.py", text: "" },
    { path: "config/settings.py", text: settings },
    { path: "shop/__init__.py", text: "" },
    { path: "shop/migrations/__init__.py", text: "" },
    { path: "shop/migrations/0001_initial.py", text: INITIAL },
    ...Object.entries(files).map(([path, text]) => ({ path, text })),
  ];
}

/** A migration after 0001_initial with these operations (one a line). */
export function orderMigration(ops: string[]): string {
  return `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
${ops.map((op) => `        ${op},`).join("\n")}
    ]
`;
}
