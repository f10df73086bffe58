/**
 * The pull request's own columns in DJP205 and DJP206 (DJP207 has its own test), and the
 * `migrations.deploy: stop-migrate-start` config fact. A column an earlier migration of the same change
 * added is unknown to the previous release: making it NOT NULL breaks that release's inserts (DJP205,
 * not DJP206's scan advice for a column production already has), and a type change of it is best folded
 * into the migration that adds it. Both migrations in the base: the column is production's, as before.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { configSchema } from "../../../src/config/schema.js";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const PROJECT = "DJP205-not-null-column-without-db-default";
const ADDS = "shop/migrations/0003_note.py";
const HEAD = "shop/migrations/0004_tighten.py";

const migration = (deps: string, ops: string[]): string =>
  `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "${deps}")]\n\n    operations = [\n${ops.map((o) => `        ${o}`).join("\n")}\n    ]\n`;

const CHANGE: SourceText[] = [
  {
    path: ADDS,
    text: migration("0002_order_old_idx", [
      `migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),`,
      `migrations.AddField(model_name="order", name="code", field=models.CharField(max_length=20, null=True)),`,
      `migrations.AddField(model_name="order", name="gift", field=models.BooleanField(null=True)),`,
    ]),
  },
  {
    path: HEAD,
    text: migration("0003_note", [
      // line 8: NOT NULL on the change's own column, no database default
      `migrations.AlterField(model_name="order", name="note", field=models.TextField(default="")),`,
      // line 9: a type change of the change's own column
      `migrations.AlterField(model_name="order", name="code", field=models.IntegerField(null=True)),`,
      // line 10: NOT NULL with a database default: old inserts get a value; only the scan is left
      `migrations.AlterField(model_name="order", name="gift", field=models.BooleanField(default=False, db_default=False)),`,
    ]),
  },
];

async function run(folder: string, added: string[], config: Record<string, unknown> = {}, extra: SourceText[] = CHANGE, changed?: string[]) {
  const head = extra.find((s) => s.path === HEAD)!;
  const found = await runRuleOn(await loadRule(folder), HEAD, head.text, [...projectSources(PROJECT), ...extra], configSchema.parse(config), { added, ...(changed ? { changed } : {}) });
  return found.map((f) => ({ line: f.range.start.line, id: f.messageId, level: f.level, message: f.message })).sort((a, b) => a.line - b.line);
}

describe("DJP205/DJP206: a column an earlier migration of the same change added", () => {
  it("DJP205 reports NOT NULL without a database default on the change's column; DJP206 leaves that one to it", async () => {
    const notNull = await run(PROJECT, [ADDS, HEAD]);
    expect(notNull.map((f) => `${f.line} ${f.id}`)).toEqual(["8 notNullOfTheChange"]);
    expect(notNull[0]!.message).toContain("`0003_note.py`, a migration of this change, adds it");
    const rewrite = await run("DJP206-column-rewrite-or-scan", [ADDS, HEAD]);
    expect(rewrite.map((f) => `${f.line} ${f.id}`)).toEqual(["9 rewrite", "10 notNull"]);
    // The type change of a column nothing deployed uses: fold it into the migration that adds it.
    expect(rewrite[0]!.message).toContain("the column is new in this change (`0003_note.py` adds it)");
    expect(rewrite[0]!.message).not.toContain("write to both columns");
  });

  it("with the column already in the base, DJP205 is silent and DJP206 reports the scans and the rewrite as before", async () => {
    expect(await run(PROJECT, [HEAD])).toEqual([]);
    const rewrite = await run("DJP206-column-rewrite-or-scan", [HEAD]);
    expect(rewrite.map((f) => `${f.line} ${f.id}`)).toEqual(["8 notNull", "9 rewrite", "10 notNull"]);
    expect(rewrite[1]!.message).toContain("write to both columns");
  });
});

describe("migrations.deploy: stop-migrate-start", () => {
  const STOPPED = { migrations: { deploy: "stop-migrate-start" } };
  const DROP: SourceText[] = [
    {
      path: HEAD,
      text: migration("0002_order_old_idx", [
        `migrations.RemoveField(model_name="order", name="status"),`,
        `migrations.AddField(model_name="order", name="is_gift", field=models.BooleanField(default=False)),`,
        `migrations.AddField(model_name="order", name="memo", field=models.TextField(null=True, default="")),`,
      ]),
    },
  ];
  const changed = [HEAD, "shop/models.py"];

  it("moves DJP207 to info and says why; rolling (the default) keeps warn", async () => {
    const rolling = await run("DJP207-backward-incompatible-schema-change", [HEAD], {}, DROP, changed);
    expect(rolling.map((f) => `${f.line} ${f.level}`)).toEqual(["8 warn"]);
    const stopped = await run("DJP207-backward-incompatible-schema-change", [HEAD], STOPPED, DROP, changed);
    expect(stopped.map((f) => `${f.line} ${f.level}`)).toEqual(["8 info"]);
    expect(stopped[0]!.message).toContain("deploys stop-migrate-start (`migrations.deploy`)");
  });

  it("moves DJP205's old-code inserts to info, and keeps the PostgreSQL < 11 rewrite (a lock, not the old code) at warn", async () => {
    const rolling = await run(PROJECT, [HEAD], { database: { postgres_version: 10 } }, DROP, changed);
    expect(rolling.map((f) => `${f.line} ${f.id} ${f.level}`)).toEqual(["9 noDbDefault warn", "10 defaultRewrite warn"]);
    const stopped = await run(PROJECT, [HEAD], { ...STOPPED, database: { postgres_version: 10 } }, DROP, changed);
    expect(stopped.map((f) => `${f.line} ${f.id} ${f.level}`)).toEqual(["9 noDbDefault info", "10 defaultRewrite warn"]);
  });
});

describe("migrations.deploy: migrate-after-deploy", () => {
  const AFTER = { migrations: { deploy: "migrate-after-deploy" } };
  const OPS: SourceText[] = [
    {
      path: HEAD,
      text: migration("0002_order_old_idx", [
        `migrations.RemoveField(model_name="order", name="status"),`,
        `migrations.AddField(model_name="order", name="is_gift", field=models.BooleanField(default=False)),`,
        `migrations.RenameField(model_name="order", old_name="created", new_name="placed"),`,
      ]),
    },
  ];
  const changed = [HEAD, "shop/models.py"];

  it("DJP207: a drop is info (no old code runs); a rename keeps warn and says the new release breaks until the migration runs", async () => {
    const rolling = await run("DJP207-backward-incompatible-schema-change", [HEAD], {}, OPS, changed);
    expect(rolling.map((f) => `${f.line} ${f.level}`)).toEqual(["8 warn", "10 warn"]);
    const after = await run("DJP207-backward-incompatible-schema-change", [HEAD], AFTER, OPS, changed);
    expect(after.map((f) => `${f.line} ${f.level}`)).toEqual(["8 info", "10 warn"]);
    expect(after[0]!.message).toContain("migrates after the new release has replaced the old one (`migrations.deploy: migrate-after-deploy`)");
    expect(after[1]!.message).toContain("the new release, serving before this migration runs, uses the new name and fails until it has run");
  });

  it("DJP205: the old code's inserts are info", async () => {
    const rolling = await run(PROJECT, [HEAD], {}, OPS, changed);
    expect(rolling.map((f) => `${f.line} ${f.id} ${f.level}`)).toEqual(["9 noDbDefault warn"]);
    const after = await run(PROJECT, [HEAD], AFTER, OPS, changed);
    expect(after.map((f) => `${f.line} ${f.id} ${f.level}`)).toEqual(["9 noDbDefault info"]);
  });
});
