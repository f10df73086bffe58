/**
 * Levels of DJP601 and DJP505 findings in code only operators run: a view only superusers, staff or
 * instance administrators reach, and a management command that fixes the database's own rows behind a
 * dry-run switch. The findings stay (the work is still slow, the transaction still long) at info, with
 * the reason in the message; the same code open to every user, or importing a file, keeps warn.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const VIEWS = `import subprocess

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpResponse
from django.views import View
from rest_framework.permissions import IsAdminUser, IsAdminUserOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView


def rebuild_search(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    call_command("rebuild_index", interactive=False)
    return HttpResponse("done")


@staff_member_required
def pull_plugins(request):
    subprocess.check_output(["git", "pull"])
    return HttpResponse("done")


class ConfigCheckView(APIView):
    permission_classes = (IsAdminUser,)

    def post(self, request):
        subprocess.check_output(["rsyslogd", "-N1"])
        return Response({"ok": True})


class SuperuserOnly(UserPassesTestMixin, View):
    def test_func(self):
        return self.request.user.is_superuser

    def post(self, request):
        call_command("clearsessions")
        return HttpResponse("done")


def rebuild_for_anyone(request):
    call_command("rebuild_index", interactive=False)
    return HttpResponse("done")


def rebuild_checked_too_late(request):
    call_command("rebuild_index", interactive=False)
    if not request.user.is_superuser:
        raise PermissionDenied
    return HttpResponse("done")


class ReadableByAll(APIView):
    permission_classes = (IsAdminUserOrReadOnly,)

    def get(self, request):
        subprocess.check_output(["uptime"])
        return Response({"ok": True})
`;

describe("DJP601 in views only operators reach", () => {
  it("reports them at info with the reason; views open to users keep warn", async () => {
    const rule = await loadRule("DJP601-heavy-work-in-request");
    const findings = await runRuleOn(rule, "shop/views.py", VIEWS, []);
    const lines = VIEWS.split("\n");
    const levels = findings.map((f) => [lines[f.range.start.line - 1]!.trim(), f.level]);
    expect(levels).toEqual([
      ['call_command("rebuild_index", interactive=False)', "info"],
      ['subprocess.check_output(["git", "pull"])', "info"],
      ['subprocess.check_output(["rsyslogd", "-N1"])', "info"],
      ['call_command("clearsessions")', "info"],
      ['call_command("rebuild_index", interactive=False)', "warn"],
      ['call_command("rebuild_index", interactive=False)', "warn"],
      ['subprocess.check_output(["uptime"])', "warn"],
    ]);
    expect(findings[0]?.message).toContain("Reported at info: only staff get this far");
    expect(findings[1]?.message).toContain("Reported at info: only staff can call the view");
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
