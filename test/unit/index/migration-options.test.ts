/**
 * CreateModel options in the replayed state, the models.py fallback for a table's existence, and the
 * configuration facts the migration rules read (database.postgres_version, large_models).
 */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { migrationView, tableOf } from "../../../src/analysis/django/migration-ops.js";
import { configSchema } from "../../../src/config/schema.js";
import type { AnyRule } from "../../../src/analysis/rule.js";
import notNull from "../../../rules/DJP205-not-null-column-without-db-default/rule.js";
import columnRewrite from "../../../rules/DJP206-column-rewrite-or-scan/rule.js";
import { loadProject } from "./load-project.js";

const SECOND = "catalog/migrations/0002_legacy_flag.py";

describe("CreateModel options", () => {
  it("carries db_table, indexes, constraints, unique_together and index_together into the state", async () => {
    const index = await buildProjectIndex(loadProject("migration_options"));
    const before = index.migrations.stateBefore(SECOND);
    if (before.status !== "known") throw new Error(before.reason);
    const product = before.state.model("catalog", "product")!;
    expect(product.dbTable).toBe("catalog_items");
    expect(product.indexes.map((i) => `${i.kind}(${i.fields.join(",")}) ${i.name ?? ""}`)).toEqual(["Index(sku) sku_idx"]);
    expect(product.constraints.map((i) => `${i.kind}(${i.fields.join(",")}) ${i.name ?? ""}`)).toEqual(["UniqueConstraint(sku,shop) sku_shop_uniq"]);
    expect(product.uniqueTogether).toEqual([["kind", "colour"]]);
    expect(product.indexTogether).toEqual([["shop", "kind"]]);
  });
});

describe("models.py fallback", () => {
  async function tables(added: string[] = []) {
    const sources = loadProject("migration_options");
    const index = await buildProjectIndex(sources, { added });
    const text = sources.find((s) => s.path === SECOND)!.text;
    const view = migrationView(parseFile(SECOND, text), index)!;
    return view.ops.map((op) => {
      const t = tableOf(view, index, op, ["legacy", "ghost", "fresh"][op.index]!);
      return t.status === "existing" ? `existing${t.model.fromModels ? " (models.py)" : ""}` : t.status;
    });
  }

  it("answers existence from models.py when the history has no CreateModel, and never for a model the change creates", async () => {
    // legacy: only models.py knows it; ghost: nobody does; fresh: created later, by a migration of the change.
    expect(await tables()).toEqual(["existing (models.py)", "unknown", "existing (models.py)"]);
    expect(await tables(["catalog/migrations/0003_fresh.py"])).toEqual(["existing (models.py)", "unknown", "unknown"]);
  });
});

describe("configuration facts in the migration rules", () => {
  const ALTER = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AddField(model_name="product", name="note", field=models.TextField(null=True, default="")),
        migrations.AddField(model_name="product", name="gift", field=models.BooleanField(default=False)),
        migrations.AlterField(model_name="product", name="shop", field=models.BigIntegerField()),
    ]
`;
  async function run(rule: AnyRule, config: Record<string, unknown>) {
    const path = "catalog/migrations/0002_alter.py";
    const sources = [...loadProject("migration_options").filter((s) => !s.path.includes("0002") && !s.path.includes("0003")), { path, text: ALTER }, { path: "config/settings.py", text: 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n' }];
    const index = await buildProjectIndex(sources);
    const file = parseFile(path, ALTER);
    return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [rule], config: configSchema.parse(config) }).findings;
  }

  it("postgres_version: below 11 a nullable AddField with a default rewrites; from 11 the rewrite is not mentioned", async () => {
    const old = await run(notNull, { database: { postgres_version: 10 } });
    expect(old.map((f) => `${f.range.start.line} ${f.messageId}`)).toEqual(["8 defaultRewrite", "9 noDbDefault"]);
    expect(old[1]!.message).toMatch(/on PostgreSQL 10 the ADD COLUMN also rewrites/);
    const modern = await run(notNull, { database: { postgres_version: 16 } });
    expect(modern.map((f) => `${f.range.start.line} ${f.messageId}`)).toEqual(["9 noDbDefault"]);
    expect(modern[0]!.message).not.toMatch(/rewrites/);
    const unset = await run(notNull, {});
    expect(unset[0]!.message).toMatch(/PostgreSQL < 11 also rewrites/);
  });

  it("DJP206 reports the integer → bigint rewrite at warn on a table not declared large", async () => {
    const [finding] = await run(columnRewrite, {});
    expect(finding?.messageId).toBe("rewrite");
    expect(finding?.level).toBe("warn");
  });

  it("large_models: a table declared large is reported one level higher, and the message says why", async () => {
    const plain = await run(columnRewrite, { large_models: ["catalog.Other"] });
    expect(plain.map((f) => f.level)).toEqual(["warn"]);
    const large = await run(columnRewrite, { large_models: ["catalog.Product"] });
    expect(large.map((f) => f.level)).toEqual(["block"]);
    expect(large[0]!.message).toMatch(/`catalog.Product` is listed in `large_models`, so this is reported at block\./);
    const byName = await run(notNull, { large_models: ["product"] });
    expect(byName.map((f) => f.level)).toEqual(["block"]);
  });
});
