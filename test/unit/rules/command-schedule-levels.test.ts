/**
 * Levels that depend on how a management command runs (src/analysis/django/command-schedule.ts, rotation
 * set 11): DJP505 at info in a command run by hand (a terminal prompt, or nothing of the repository's
 * schedule files runs it while they run other commands of the project), warn in a scheduled one;
 * DJP504's whole-table loop at warn in a scheduled command over rows with a JSON document. Also DJP601
 * at warn for a task called without `.delay()` inside `on_commit` on a staff page, and the index's
 * reading of schedule and deployment files (command-runs.ts).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { commandRuns, isCommandRunFile } from "../../../src/analysis/index/command-runs.js";
import type { SourceText } from "../../../src/analysis/source-file.js";

const MODELS: SourceText = {
  path: "shop/models.py",
  text: `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Role(models.Model):
    name = models.CharField(max_length=100)
    metadata = models.JSONField(default=dict)
`,
};

/** A command that replaces every customer from a remote CSV in one transaction. */
const IMPORT = `import csv

import requests
from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Customer


class Command(BaseCommand):
    @transaction.atomic
    def handle(self, *args, **options):
        Customer.objects.all().delete()
        response = requests.get("https://example.org/customers.csv", timeout=10)
        for row in csv.DictReader(response.text.splitlines()):
            Customer.objects.create(name=row["name"])
`;

const SAM_TEMPLATE: SourceText = {
  path: "sam-template.yaml",
  text: `Resources:
  ImportOrdersRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 * * * ? *)
      Targets:
        - Id: JobsQueue
          Input: '{"command": "import_orders", "args": ["--recent"]}'
`,
};

const DEPLOY_ONLY: SourceText = { path: "Procfile", text: "release: python manage.py migrate\nweb: gunicorn shop.wsgi\n" };

async function levelsOf(path: string, text: string, project: SourceText[]): Promise<string[]> {
  const rule = await loadRule("DJP505-long-transaction");
  return (await runRuleOn(rule, path, text, [MODELS, ...project])).map((f) => f.level);
}

describe("DJP505 in commands run by hand or on a schedule", () => {
  it("reports a command nothing schedules at info when the repository shows its schedules", async () => {
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/import_customers.py", IMPORT, [MODELS, SAM_TEMPLATE]);
    expect(findings.map((f) => f.level)).toEqual(["info", "info"]);
    expect(findings[0]?.message).toContain("`sam-template.yaml` runs `import_orders`, not this one");
  });

  it("keeps warn for the command the schedule runs", async () => {
    expect(await levelsOf("shop/management/commands/import_orders.py", IMPORT, [SAM_TEMPLATE])).toEqual(["warn", "warn"]);
  });

  it("keeps warn when the repository shows no schedule of the project's commands", async () => {
    expect(await levelsOf("shop/management/commands/import_customers.py", IMPORT, [])).toEqual(["warn", "warn"]);
    expect(await levelsOf("shop/management/commands/import_customers.py", IMPORT, [DEPLOY_ONLY])).toEqual(["warn", "warn"]);
  });

  it("keeps warn for a command the project's code calls", async () => {
    const tasks = { path: "shop/tasks.py", text: `from celery import shared_task\nfrom django.core.management import call_command\n\n\n@shared_task\ndef nightly():\n    call_command("import_customers")\n` };
    expect(await levelsOf("shop/management/commands/import_customers.py", IMPORT, [SAM_TEMPLATE, tasks])).toEqual(["warn", "warn"]);
  });

  it("keeps warn for a command a crontab runs", async () => {
    const crontab = { path: "deploy/crontab", text: "# m h dom mon dow command\n15 2 * * * cd /srv/shop && ./manage.py import_customers --quiet\n" };
    expect(await levelsOf("shop/management/commands/import_customers.py", IMPORT, [SAM_TEMPLATE, crontab])).toEqual(["warn", "warn"]);
  });

  it("reports a command that asks at the terminal at info, schedule files or not", async () => {
    const prompted = IMPORT.replace("        Customer.objects.all().delete()", '        if input("Replace every customer? [y/N] ") != "y":\n            return\n        Customer.objects.all().delete()');
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/import_customers.py", prompted, [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["info", "info"]);
    expect(findings[0]?.message).toContain("asks the operator at the terminal (`input(...)`)");
  });

  it("keeps warn for a prompt the command can skip (`--yes`)", async () => {
    const skippable = IMPORT.replace(
      "    @transaction.atomic",
      '    def add_arguments(self, parser):\n        parser.add_argument("--yes", action="store_true")\n\n    @transaction.atomic',
    ).replace("        Customer.objects.all().delete()", '        if not options["yes"] and input("Sure? ") != "y":\n            return\n        Customer.objects.all().delete()');
    expect(await levelsOf("shop/management/commands/import_customers.py", skippable, [])).toEqual(["warn", "warn"]);
  });
});

const ROLE_TAGS = (doc: string, qs: string) => `from django.core.management.base import BaseCommand

from shop.models import Role


class Command(BaseCommand):
    """Copy each role's tags out of its metadata.${doc}"""

    def handle(self, *args, **options):
        for role in ${qs}:
            print(role.metadata.get("tags"))
`;

describe("DJP504 whole-table loops in scheduled commands", () => {
  it("reports a scheduled command over rows with a JSON document at warn, saying why", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const findings = await runRuleOn(rule, "shop/management/commands/copy_role_tags.py", ROLE_TAGS(" Run nightly.", "Role.objects.all()"), [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["warn"]);
    expect(findings[0]?.message).toContain("every Role row carries its `metadata` document");
  });

  it("keeps info when only another command calls it (that one may be run by hand)", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const caller = { path: "shop/management/commands/setup_demo.py", text: `from django.core.management import call_command\nfrom django.core.management.base import BaseCommand\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n        call_command("copy_role_tags")\n` };
    const findings = await runRuleOn(rule, "shop/management/commands/copy_role_tags.py", ROLE_TAGS("", "Role.objects.all()"), [MODELS, caller]);
    expect(findings.map((f) => f.level)).toEqual(["info"]);
  });

  it("keeps info without a schedule, or when the document is deferred", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const unscheduled = await runRuleOn(rule, "shop/management/commands/copy_role_tags.py", ROLE_TAGS("", "Role.objects.all()"), [MODELS]);
    const deferred = await runRuleOn(rule, "shop/management/commands/copy_role_tags.py", ROLE_TAGS(" Run nightly.", 'Role.objects.defer("name")'), [MODELS]);
    expect([...unscheduled, ...deferred].map((f) => f.level)).toEqual(["info", "info"]);
  });
});

describe("DJP504 whole-file reads in commands run by hand", () => {
  const READ = `import csv

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--csv-path")

    def handle(self, *args, **options):
        with open(options["csv_path"], newline="") as handle:
            rows = list(csv.DictReader(handle))
        self.stdout.write(str(rows[0]))
`;

  it("reports at info when nothing schedules the command, warn when the schedule runs it", async () => {
    const rule = await loadRule("DJP504-unchunked-large-input");
    const byHand = await runRuleOn(rule, "shop/management/commands/import_tribes.py", READ, [MODELS, SAM_TEMPLATE]);
    const scheduled = await runRuleOn(rule, "shop/management/commands/import_orders.py", READ, [MODELS, SAM_TEMPLATE]);
    expect([...byHand, ...scheduled].map((f) => f.level)).toEqual(["info", "warn"]);
  });
});

describe("DJP601: a task called without .delay() inside on_commit on a staff page", () => {
  const admin = (queued: string) => `from django.contrib import admin
from django.db import transaction

from shop.tasks import rebuild_assets


class AssetsAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: ${queued})
`;
  const tasks = { path: "shop/tasks.py", text: "from celery import shared_task\n\n\n@shared_task\ndef rebuild_assets(pk):\n    pass\n" };

  it("reports at warn: the author meant to queue it", async () => {
    const rule = await loadRule("DJP601-heavy-work-in-request");
    const findings = await runRuleOn(rule, "shop/admin.py", admin("rebuild_assets(obj.pk)"), [MODELS, tasks]);
    expect(findings.map((f) => f.level)).toEqual(["warn"]);
  });

  it("stays silent once it is queued", async () => {
    const rule = await loadRule("DJP601-heavy-work-in-request");
    expect(await runRuleOn(rule, "shop/admin.py", admin("rebuild_assets.delay(obj.pk)"), [MODELS, tasks])).toEqual([]);
  });
});

describe("command-runs: what schedule and deployment files run", () => {
  it("selects schedule and deployment files, not tool configuration", () => {
    const files = ["sam-template.yaml", "deploy/crontab", "api.ini", "bin/run_jobs.sh", ".github/workflows/daily.yaml", "k8s/jobs/import.yaml", "serverless.yml"];
    expect(files.filter((f) => isCommandRunFile(f))).toEqual(files);
    expect(["tox.ini", "pytest.ini", "setup.cfg", "docs/conf.yaml", "mkdocs.yml"].filter((f) => isCommandRunFile(f))).toEqual([]);
  });

  it("reads runner lines, job inputs and lists", () => {
    const names = (path: string, text: string) => commandRuns(path, text).map((r) => `${r.name}:${r.line}`);
    expect(names("api.ini", "[uwsgi]\ncron = -1 -1 -1 -1 -1 %d/venv/bin/python %d/manage.py run_scheduled_commands\n")).toEqual(["run_scheduled_commands:2"]);
    expect(names("sam-template.yaml", SAM_TEMPLATE.text)).toEqual(["import_orders:8"]);
    expect(names("k8s/cron.yaml", 'args: ["python", "manage.py", "--settings=shop.prod", "purge_sessions"]\n')).toEqual(["purge_sessions:1"]);
    expect(names(".github/workflows/daily.yaml", "    run: cf run-task shop --command 'umask 002 && ./manage.py send_reminders'\n# ./manage.py old_job\n")).toEqual(["send_reminders:1"]);
    expect(names(".github/workflows/migrate.yaml", `          cf_command: "run-task shop --command 'python manage.py load' --name fixtures"\n`)).toEqual(["load:1"]);
  });

  it("reads a Helm template's CronJob and argument lists written one item a line", () => {
    expect(isCommandRunFile("helm_deploy/shop/templates/cron.yaml")).toBe(true);
    expect(isCommandRunFile("helm_deploy/shop/values.yaml")).toBe(true);
    expect(isCommandRunFile("shop-helm/values.yaml")).toBe(true);
    const names = (path: string, text: string) => commandRuns(path, text).map((r) => `${r.name}:${r.line}`);
    const helm = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {{ .Release.Name }}-fix-codes\nspec:\n  schedule: "0 5 3 * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: fix\n            image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n            command: ["python", "manage.py", "fix_missing_codes"]\n`;
    expect(names("helm_deploy/shop/templates/cron.yaml", helm)).toEqual(["fix_missing_codes:14"]);
    const yamlList = `          containers:\n          - name: purge\n            command:\n            - python\n            - manage.py\n            - --settings=shop.prod\n            - purge_sessions\n`;
    expect(names("k8s/cron.yaml", yamlList)).toEqual(["purge_sessions:7"]);
    const jsonArray = `{"containerDefinitions": [{"command": [\n  "python",\n  "manage.py",\n  "import_orders"\n]}]}\n`;
    expect(names("ecs-task-definition.json", jsonArray)).toEqual(["import_orders:4"]);
    // A templated command names nothing.
    expect(names("k8s/cron.yaml", `command:\n- python\n- manage.py\n- {{ .Values.job.command }}\n`)).toEqual([]);
  });
});

describe("loop impact in a management command a schedule runs", () => {
  const ORDERS: SourceText = {
    path: "shop/models.py",
    text: `from django.db import models\n\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=100)\n\n\nclass Order(models.Model):\n    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)\n`,
  };
  const COMMAND = `from django.core.management.base import BaseCommand\n\nfrom shop.models import Order\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n        for order in Order.objects.all():\n            print(order.customer.name)\n`;
  const messages = async (project: SourceText[]) => (await runRuleOn(await loadRule("DJP101-lazy-relation-in-loop"), "shop/management/commands/fix_orders.py", COMMAND, [ORDERS, ...project])).map((f) => f.message);

  it("says a schedule runs the command instead of 'run by hand'", async () => {
    const cron: SourceText = { path: "helm_deploy/shop/templates/cron.yaml", text: `kind: CronJob\nspec:\n  schedule: "0 5 3 * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - command: ["python", "manage.py", "fix_orders"]\n` };
    const [message] = await messages([cron]);
    expect(message).toContain("a batch job off the request path (`helm_deploy/shop/templates/cron.yaml` runs it (line 9))");
    expect(message).not.toContain("run by hand");
  });

  it("keeps 'run by hand' when nothing schedules it", async () => {
    const [message] = await messages([]);
    expect(message).toContain("run by hand once or rarely");
  });
});
