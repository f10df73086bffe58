/**
 * Levels of DJP505 and DJP601 findings in code only operators run. A management command that fixes
 * the database's own rows behind a dry-run switch: its whole-run transaction is reported at info, with
 * the reason; an import of a file keeps warn. A generator inserting only the rows it makes up is at
 * info. A view only superusers reach that rebuilds a whole search index keeps DJP601's warn (other
 * staff-only work is at info: djp601-levels.test.ts).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const VIEWS = `from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpResponse


def rebuild_search(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    call_command("rebuild_index", interactive=False)
    return HttpResponse("done")
`;

describe("DJP601 in views only operators reach", () => {
  // A whole-dataset command runs as long as the data is large: an operator's button for it is still a
  // web worker held and a proxy timeout waiting, however rarely it is pressed.
  it("keeps warn for a command named for a whole dataset", async () => {
    const rule = await loadRule("DJP601-heavy-work-in-request");
    const findings = await runRuleOn(rule, "shop/views.py", VIEWS, []);
    expect(findings.map((f) => f.level)).toEqual(["warn"]);
  });
});

const DATA_FIX = `from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Customer


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true")

    @transaction.atomic
    def handle(self, *args, **options):
        commit = options["commit"]
        for customer in Customer.objects.filter(name__contains="  "):
            customer.name = " ".join(customer.name.split())
            if commit:
                customer.save()
`;

const FILE_IMPORT = `import csv

from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Customer


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--file")
        parser.add_argument("--dry-run", action="store_true")

    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["file"]) as handle:
            for row in csv.DictReader(handle):
                Customer.objects.create(name=row["name"])
        if options["dry_run"]:
            transaction.set_rollback(True)
`;

const MODELS = { path: "shop/models.py", text: "from django.db import models\n\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=100)\n" };

describe("DJP505 in a one-off data fix behind a dry-run switch", () => {
  it("reports the whole-run transaction at info, saying why", async () => {
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/normalize_names.py", DATA_FIX, [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["info"]);
    expect(findings[0]?.message).toContain('behind a dry-run switch (`options["commit"]`)');
  });

  it("keeps warn for an import of a file, dry-run switch or not", async () => {
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/import_customers.py", FILE_IMPORT, [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["warn"]);
  });
});

describe("DJP505 in a generator that only inserts the rows it makes up", () => {
  it("reports at info, saying no other session waits on new rows; a row updated in the loop keeps warn", async () => {
    const text = readFileSync(join(RULES_DIR, "DJP505-long-transaction", "fixture.generator.py"), "utf8");
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, fixturePathOf(text), text, projectSources("DJP505-long-transaction"));
    expect(findings.map((f) => f.level)).toEqual(["info", "warn"]);
    expect(findings[0]?.message).toContain("only inserts them (`Supplier`, `Record`)");
  });
});

/** The same data fix with its switch written other ways (rotation set 10). */
function dataFix(argument: string, read: string): string {
  return `from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Customer


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(${argument})

    def handle(self, *args, **options):
        apply = ${read}
        with transaction.atomic():
            for customer in Customer.objects.filter(name__contains="  "):
                customer.name = " ".join(customer.name.split())
                if apply:
                    customer.save()
`;
}

describe("DJP505 dry-run switches written other ways", () => {
  it.each([
    ["an inverse switch (`--no-dry-run`)", `"--no-dry-run", action="store_true"`, `options["no_dry_run"]`, "no_dry_run"],
    ["a hyphenated dest (`options[\"dry-run\"]`)", `"--dry-run", dest="dry-run", action="store_true"`, `not options["dry-run"]`, "dry-run"],
    ["an apply flag (`--create`)", `"--create", action="store_true"`, `options["create"]`, "create"],
  ])("reports %s at info", async (_what, argument, read, key) => {
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/normalize_names.py", dataFix(argument, read), [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["info"]);
    expect(findings[0]?.message).toContain(`(\`options["${key}"]\`)`);
  });

  it("keeps warn for an apply-like option that is not an on/off flag (`--create NAME`)", async () => {
    const rule = await loadRule("DJP505-long-transaction");
    const findings = await runRuleOn(rule, "shop/management/commands/normalize_names.py", dataFix(`"--create"`, `options["create"]`), [MODELS]);
    expect(findings.map((f) => f.level)).toEqual(["warn"]);
  });
});
