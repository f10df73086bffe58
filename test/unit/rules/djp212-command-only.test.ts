/**
 * DJP212 round 15: a containment scan that only a management command runs (in the command itself, or in a
 * module-level function only commands call) is reported at info with the reason; one a view also calls keeps
 * its level.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = `from django.db import models


class SavedQuery(models.Model):
    query = models.JSONField(default=dict)
`;

const UTILS = `from alerts.models import SavedQuery


def prune_unused(params):
    return SavedQuery.objects.filter(query__contains=params).delete()


def matching(params):
    return list(SavedQuery.objects.filter(query__contains=params))
`;

const COMMAND = `from django.core.management.base import BaseCommand

from alerts.utils import prune_unused


class Command(BaseCommand):
    def handle(self, *args, **options):
        prune_unused({"stale": True})
`;

const VIEWS = `from alerts.utils import matching


def search(request):
    return matching(request.GET.dict())
`;

describe("DJP212 in code only management commands run", () => {
  it("reports the command-only scan at info with the reason, and the one a view calls at warn", async () => {
    const project = [
      { path: "config/settings.py", text: `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n` },
      { path: "alerts/__init__.py", text: "" },
      { path: "alerts/models.py", text: MODELS },
      { path: "alerts/management/__init__.py", text: "" },
      { path: "alerts/management/commands/__init__.py", text: "" },
      { path: "alerts/management/commands/prune_queries.py", text: COMMAND },
      { path: "alerts/views.py", text: VIEWS },
    ];
    const found = await runRuleOn(await loadRule("DJP212-containment-lookup-without-gin"), "alerts/utils.py", UTILS, project);
    const at = found.map((f) => `${f.range.start.line} ${f.level}`).sort();
    expect(at).toEqual(["5 info", "9 warn"]);
    expect(found.find((f) => f.range.start.line === 5)?.message).toContain("Reported at info: `prune_unused` is called only from management commands (prune_queries)");
  });
});
