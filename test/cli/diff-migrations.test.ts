/**
 * The change's added files reach the migration rules through `djperf diff` (GitSource → runChangeAnalysis
 * → the index): a table created by a migration the same change adds is new, so indexing it is not
 * reported; an index on a table an earlier commit created is.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import indexBuiltUnderLock from "../../rules/DJP201-index-built-under-lock/rule.js";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { runCliJson } from "./run-cli.js";

const header = 'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n';

const INITIAL = `${header}    initial = True\n    dependencies = []\n    operations = [\n        migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("status", models.CharField(max_length=9))]),\n    ]\n`;
const TAG = `${header}    dependencies = [("shop", "0001_initial")]\n    operations = [\n        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True)), ("label", models.CharField(max_length=9))]),\n    ]\n`;
const INDEXES = `${header}    dependencies = [("shop", "0002_tag")]\n    operations = [\n        migrations.AddIndex(model_name="tag", index=models.Index(fields=["label"], name="tag_label")),\n        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="order_status")),\n    ]\n`;

let repo: string;

beforeAll(() => {
  repo = initRepo({
    "config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
  });
  git(repo, "checkout", "--quiet", "-b", "feature");
  commitFiles(repo, { "shop/migrations/0002_tag.py": TAG, "shop/migrations/0003_indexes.py": INDEXES }, "tags and indexes");
});

afterAll(() => removeTempDir(repo));

it("exempts tables created by migrations the change adds, not older ones", async () => {
  const run = await runCliJson(["diff", "--base", "main", "--filter", "all"], { cwd: repo, rules: [indexBuiltUnderLock] });
  expect(run.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["shop/migrations/0003_indexes.py:8 DJP201"]);
});

it("without the change (djperf check), the earlier migration's table counts as existing", async () => {
  const run = await runCliJson(["check", "."], { cwd: repo, rules: [indexBuiltUnderLock] });
  expect(run.report.findings.map((f) => `${f.path}:${f.line}`).sort()).toEqual(["shop/migrations/0003_indexes.py:7", "shop/migrations/0003_indexes.py:8"]);
});

it("does not blame the change for a migration it edits but did not add: databases deployed since the base applied it already", async () => {
  const edited = initRepo({
    "config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
    "shop/migrations/0002_tag.py": TAG,
    "shop/migrations/0003_indexes.py": INDEXES.replace('fields=["status"]', 'fields=["id"]'),
  });
  try {
    git(edited, "checkout", "--quiet", "-b", "feature");
    commitFiles(edited, { "shop/migrations/0003_indexes.py": INDEXES }, "index the status instead");
    const posted = await runCliJson(["diff", "--base", "main"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(posted.report.findings).toEqual([]);
    const all = await runCliJson(["diff", "--base", "main", "--filter", "all"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(all.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toContain("shop/migrations/0003_indexes.py:8 DJP201");
    // The same operation in a migration the change adds is reported.
    commitFiles(edited, { "shop/migrations/0004_more.py": INDEXES.replace('("shop", "0002_tag")', '("shop", "0003_indexes")').replace(/name="(\w+)"\)/g, 'name="$1_2")') }, "one more");
    const added = await runCliJson(["diff", "--base", "main"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(added.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["shop/migrations/0004_more.py:7 DJP201", "shop/migrations/0004_more.py:8 DJP201"]);
  } finally {
    removeTempDir(edited);
  }
});
