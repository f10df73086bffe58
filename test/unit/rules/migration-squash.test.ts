/**
 * Squashes in the lock rules (rotation set 11): a squash runs only on a fresh database, so its operations
 * lock no table with rows. A squash that keeps `replaces` was known; one whose originals (and `replaces`)
 * were removed is known by its name: Django's `…squashed…`, or the naming of the project's own squashes
 * that still keep `replaces` (`0116_v330_to_v350` → `0002_v230_to_v330` is one too). A migration named
 * after what it does, or named like a squash in a project that has no such squash, still reports.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n`;

const migration = (deps: string, body: string, extra = ""): string => `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [${deps}]
${extra}
    operations = [
        ${body}
    ]
`;

const CREATE = (name: string) => `migrations.CreateModel(name="${name}", fields=[("id", models.AutoField(primary_key=True))]),`;
const NOT_NULL = `migrations.AddField(model_name="order", name="code", field=models.CharField(max_length=10, default="x")),`;

/** `billing` squashes by release and keeps `replaces` on its newest squash. */
function project(withBillingSquash: boolean): SourceText[] {
  const billing: SourceText[] = [
    { path: "billing/__init__.py", text: "" },
    { path: "billing/migrations/__init__.py", text: "" },
    { path: "billing/migrations/0001_initial.py", text: migration("", CREATE("Invoice"), "    initial = True\n") },
    { path: "billing/migrations/0002_invoice_a.py", text: migration(`("billing", "0001_initial")`, `migrations.AddField(model_name="invoice", name="a", field=models.IntegerField(null=True)),`) },
    {
      path: "billing/migrations/0003_v20_to_v30.py",
      text: migration(`("billing", "0001_initial")`, `migrations.AddField(model_name="invoice", name="a", field=models.IntegerField(null=True)),`, `    replaces = [("billing", "0002_invoice_a")]\n`),
    },
  ];
  return [
    { path: "config/settings.py", text: SETTINGS },
    { path: "config/__init__.py", text: "" },
    { path: "shop/__init__.py", text: "" },
    { path: "shop/migrations/__init__.py", text: "" },
    { path: "shop/migrations/0001_initial.py", text: migration("", CREATE("Order"), "    initial = True\n") },
    ...(withBillingSquash ? billing : []),
  ];
}

async function lines(name: string, withBillingSquash = true): Promise<string[]> {
  const rule = await loadRule("DJP205-not-null-column-without-db-default");
  const text = migration(`("shop", "0001_initial")`, NOT_NULL);
  const found = await runRuleOn(rule, `shop/migrations/${name}.py`, text, project(withBillingSquash));
  return found.map((f) => `${f.range.start.line} ${f.level}`);
}

describe("squashed migrations in the lock rules", () => {
  it("a migration named after what it does reports", async () => {
    expect(await lines("0002_order_code")).toEqual(["8 warn"]);
  });

  it("Django's squash naming, originals and `replaces` gone: silent", async () => {
    expect(await lines("0002_squashed_0009_order_code")).toEqual([]);
    expect(await lines("0002_initial_squashed_0009_order_code")).toEqual([]);
  });

  it("named like the project's squashes that keep `replaces`: silent", async () => {
    expect(await lines("0002_v10_to_v20")).toEqual([]);
  });

  it("the same name in a project with no such squash, or a name only close to the shape, still reports", async () => {
    expect(await lines("0002_v10_to_v20", false)).toEqual(["8 warn"]);
    expect(await lines("0002_order_v10_to_v20")).toEqual(["8 warn"]);
  });
});
