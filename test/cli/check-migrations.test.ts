/** Whole-repository `check` and the migration window: old, applied migrations are not reported; diff mode is unaffected. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { locations, runCliJson } from "./run-cli.js";
import indexBuiltUnderLock from "../../rules/DJP201-index-built-under-lock/rule.js";
import { migrationsInWindow } from "../../src/report/migration-window.js";

const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("status", models.CharField(max_length=9)), ("code", models.CharField(max_length=9))]),
    ]
`;
const addIndex = (n: number, prev: string, field: string): string => `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "${prev}")]
    operations = [
        migrations.AddIndex(model_name="order", index=models.Index(fields=["${field}"], name="idx_${n}")),
    ]
`;

let project: string;
beforeAll(() => {
  project = makeTempDir("djperf-migwindow-");
  writeFiles(project, {
    "manage.py": "import sys\n",
    "config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}\n',
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
    "shop/migrations/0002_status_idx.py": addIndex(2, "0001_initial", "status"),
    "shop/migrations/0003_code_idx.py": addIndex(3, "0002_status_idx", "code"),
  });
});
afterAll(() => removeTempDir(project));

const rules = [indexBuiltUnderLock];

describe("djperf check: migration window", () => {
  it("reports only the newest migration of each app by default, and says how many it left out", async () => {
    const run = await runCliJson(["check"], { cwd: project, rules });
    expect(locations(run.report)).toEqual(["shop/migrations/0003_code_idx.py:7 DJP201"]);
    expect(run.stderr).toMatch(/1 migration finding in older, already-applied migrations not shown/);
  });

  it("reports every migration with `check_latest: all`, and those after `since`", async () => {
    const all = join(project, "all.yml");
    writeFileSync(all, "migrations:\n  check_latest: all\n");
    const everything = await runCliJson(["check", "--config", all], { cwd: project, rules });
    expect(locations(everything.report)).toEqual(["shop/migrations/0002_status_idx.py:7 DJP201", "shop/migrations/0003_code_idx.py:7 DJP201"]);
    const since = join(project, "since.yml");
    writeFileSync(since, "migrations:\n  since:\n    shop: 0001_initial\n");
    const after = await runCliJson(["check", "--config", since], { cwd: project, rules });
    expect(locations(after.report)).toEqual(["shop/migrations/0002_status_idx.py:7 DJP201", "shop/migrations/0003_code_idx.py:7 DJP201"]);
  });

  it("keeps the newest N per folder, by migration name", () => {
    const paths = ["a/migrations/0001_x.py", "a/migrations/0010_y.py", "a/migrations/0002_z.py", "b/db_migrations/0001_b.py", "a/views.py"];
    expect([...migrationsInWindow(paths, { check_latest: 2, since: {} })].sort()).toEqual(["a/migrations/0002_z.py", "a/migrations/0010_y.py", "b/db_migrations/0001_b.py"]);
    expect([...migrationsInWindow(paths, { check_latest: 1, since: { a: "0001_x" } })].sort()).toEqual(["a/migrations/0002_z.py", "a/migrations/0010_y.py", "b/db_migrations/0001_b.py"]);
  });

  it("takes every ancestor of an applied migration as applied: an unnumbered module, another app's newest", () => {
    const paths = [
      "shop/migrations/0001_initial.py",
      "shop/migrations/fix_prices.py",
      "shop/migrations/0002_after_fix.py",
      "shop/migrations/0003_newest.py",
      "public/migrations/0001_initial.py",
      "public/migrations/0002_drop_table.py",
      "orgs/migrations/0001_initial.py",
      "orgs/migrations/0002_needs_public.py",
      "orgs/migrations/0003_newest.py",
      "lone/migrations/0001_initial.py",
      "lone/migrations/cleanup.py",
    ];
    const graph = new Map([
      ["shop/migrations/0001_initial.py", []],
      ["shop/migrations/fix_prices.py", [{ app: "shop", name: "0001_initial" }]],
      ["shop/migrations/0002_after_fix.py", [{ app: "shop", name: "fix_prices" }]],
      ["shop/migrations/0003_newest.py", [{ app: "shop", name: "0002_after_fix" }]],
      ["public/migrations/0001_initial.py", []],
      ["public/migrations/0002_drop_table.py", [{ app: "public", name: "0001_initial" }]],
      ["orgs/migrations/0001_initial.py", []],
      ["orgs/migrations/0002_needs_public.py", [{ app: "orgs", name: "0001_initial" }, { app: "public", name: "0002_drop_table" }]],
      ["orgs/migrations/0003_newest.py", [{ app: "orgs", name: "0002_needs_public" }]],
      ["lone/migrations/0001_initial.py", []],
      ["lone/migrations/cleanup.py", [{ app: "lone", name: "0001_initial" }]],
    ]);
    // Without the graph: the unnumbered modules are not in the window's reckoning, public's newest is kept.
    expect([...migrationsInWindow(paths, { check_latest: 1, since: {} })].sort()).toEqual(["lone/migrations/0001_initial.py", "orgs/migrations/0003_newest.py", "public/migrations/0002_drop_table.py", "shop/migrations/0003_newest.py"]);
    // With it: fix_prices ran before 0002_after_fix, public's 0002 before orgs' 0002; lone's cleanup has no dependent.
    expect([...migrationsInWindow(paths, { check_latest: 1, since: {} }, graph)].sort()).toEqual(["lone/migrations/0001_initial.py", "lone/migrations/cleanup.py", "orgs/migrations/0003_newest.py", "shop/migrations/0003_newest.py"]);
    // An app named in `since`: the team says what is applied; nothing of it is hidden by another app's history.
    expect([...migrationsInWindow(paths, { check_latest: 1, since: { public: "0001_initial" } }, graph)].sort()).toEqual(["lone/migrations/0001_initial.py", "lone/migrations/cleanup.py", "orgs/migrations/0003_newest.py", "public/migrations/0002_drop_table.py", "shop/migrations/0003_newest.py"]);
  });

  it("hides findings in an unnumbered migration a newer one depends on (whole-repository check)", async () => {
    const dir = makeTempDir("djperf-migwindow-graph-");
    try {
      writeFiles(dir, {
        "manage.py": "import sys\n",
        "config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}\n',
        "shop/__init__.py": "",
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": INITIAL,
        "shop/migrations/status_idx.py": addIndex(2, "0001_initial", "status"),
        "shop/migrations/0002_code_idx.py": addIndex(3, "status_idx", "code"),
        "shop/migrations/0003_total_idx.py": addIndex(4, "0002_code_idx", "total"),
      });
      const run = await runCliJson(["check"], { cwd: dir, rules });
      expect(locations(run.report)).toEqual(["shop/migrations/0003_total_idx.py:7 DJP201"]);
      expect(run.stderr).toMatch(/2 migration findings in older, already-applied migrations not shown/);
    } finally {
      removeTempDir(dir);
    }
  });
});
