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

it("does not blame the change for an edit of a migration that ten newer ones followed at the base (deployed), but does for one of the newest ten", async () => {
  const newer = `${header}    dependencies = [("shop", "0003_indexes")]\n    operations = [\n        migrations.AddField(model_name="tag", name="note", field=models.TextField(null=True)),\n    ]\n`;
  const edited = initRepo({
    "config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
    "shop/migrations/0002_tag.py": TAG,
    "shop/migrations/0003_indexes.py": INDEXES.replace('fields=["status"]', 'fields=["id"]'),
    "shop/migrations/0004_note.py": newer,
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`shop/migrations/00${10 + i}_step.py`, `${header}    dependencies = [("shop", "${i === 0 ? "0004_note" : `00${9 + i}_step`}")]\n    operations = []\n`])),
  });
  try {
    git(edited, "checkout", "--quiet", "-b", "feature");
    commitFiles(edited, { "shop/migrations/0003_indexes.py": INDEXES }, "index the status instead");
    const posted = await runCliJson(["diff", "--base", "main"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(posted.report.findings).toEqual([]);
    const all = await runCliJson(["diff", "--base", "main", "--filter", "all"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(all.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toContain("shop/migrations/0003_indexes.py:8 DJP201");
    // The newest ten migrations of the app at the base may not be deployed yet: a fix-up of one is judged as usual.
    const step = `${header}    dependencies = [("shop", "0018_step")]\n    operations = [\n        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="order_status_2")),\n    ]\n`;
    commitFiles(edited, { "shop/migrations/0019_step.py": step }, "and index it");
    const newest = await runCliJson(["diff", "--base", "main"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(newest.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["shop/migrations/0019_step.py:7 DJP201"]);
    // Two behind the newest (a feature's migrations fixed up together) is still one of the newest ten.
    commitFiles(edited, { "shop/migrations/0017_step.py": step.replace('"0018_step"', '"0016_step"').replace("order_status_2", "order_status_3") }, "and there");
    const recent = await runCliJson(["diff", "--base", "main"], { cwd: edited, rules: [indexBuiltUnderLock] });
    expect(recent.report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["shop/migrations/0017_step.py:7 DJP201", "shop/migrations/0019_step.py:7 DJP201"]);
  } finally {
    removeTempDir(edited);
  }
});
