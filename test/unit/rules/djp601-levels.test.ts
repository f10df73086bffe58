/**
 * DJP601 rates slow work in a cached page at info (it runs once per cache key and period) and keeps
 * the rule's level elsewhere; a direct task call whose sibling branch queues the same task is silent
 * (the fixture's `ok` lines), which is checked by the fixture test itself.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const folder = "DJP601-heavy-work-in-request";

describe("DJP601 levels", () => {
  it("cached pages at info with the reason, the same work uncached at warn", async () => {
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const lines = text.split("\n");
    const lineOf = (needle: string, after: string): number => {
      const start = lines.findIndex((l) => l.includes(after));
      return lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    };
    const at = (line: number) => findings.find((f) => f.range.start.line === line);
    const cachedGit = at(lineOf("subprocess.run", "class VersionView("));
    expect(cachedGit?.level).toBe("info");
    expect(cachedGit?.message).toContain("page is cached");
    expect(at(lineOf("write_pdf", "def cached_report_pdf("))?.level).toBe("info");
    expect(at(lineOf("write_pdf", "def report_pdf("))?.level).toBe("warn");
  });

  it("rare work at info with the reason: staff only, first use of an empty table, a one-off short pause", async () => {
    const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
    const lines = text.split("\n");
    const lineOf = (needle: string, after: string): number => {
      const start = lines.findIndex((l) => l.includes(after));
      return lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    };
    const at = (needle: string, after: string) => findings.find((f) => f.range.start.line === lineOf(needle, after));
    const rare: [string, string, string][] = [
      ["subprocess.run", "def check_disk_usage(", "only staff reach it (`@staff_member_required`)"],
      ["call_command", "def pending_migrations(", "only staff reach it (`@user_passes_test(lambda u: u.is_superuser)`)"],
      ["subprocess.run", "class CertificateCheckView(", "`permission_classes` includes `IsAdminUser`"],
      ["call_command", "def resync_catalogue(", "a method of the admin class `SupplierAdmin`"],
      ["subprocess.run", "def purge_cdn(", "the view leaves first unless"],
      ["time.sleep", "def restart_worker(", "a deliberate pause of 0.5 s"],
      ["call_command", "def seed_reports(", "is empty"],
      ["make_thumbnail", "def regenerate_thumbnails(", "an admin action"],
      ["subprocess.run", "class StockAuditView(", "the view's `dispatch` leaves first unless `request.user.is_superuser`"],
      ["call_command", "class CatalogueMigrationView(", "and the page shows or returns the command's output"],
      ["call_command", "class ExportMixin:", "`response_post_save_change`, a hook the admin calls, of `ExportMixin`) and the page shows or returns the command's output"],
    ];
    for (const [needle, after, reason] of rare) {
      const finding = at(needle, after);
      expect(finding?.level, after).toBe("info");
      expect(finding?.message, after).toContain(reason);
    }
    // A pause repeated per row, and a whole-dataset command behind a superuser check, keep warn.
    expect(at("time.sleep", "def warm_each_report(")?.level).toBe("warn");
    expect(at("call_command", "def maintenance_rebuild_index(")?.level).toBe("warn");
    // The same admin's import: a whole-dataset command whose output nothing returns.
    expect(at("call_command", "def import_view(")?.level).toBe("warn");
    // A staff check after super().dispatch() protects nothing.
    expect(at("subprocess.run", "class LateGuardView(")?.level).toBe("warn");
  });
});

describe("DJP601 on code the settings run for every login or request", () => {
  const pipeline = `import requests


def send_user_to_crm(request, **kwargs):
    cookie = request.COOKIES.get("tracking")
    requests.post("https://crm.example.com/forms", data={"email": kwargs.get("email"), "cookie": cookie})
    return {}


def one_view(request):
    requests.post("https://crm.example.com/forms", data={"email": request.user.email})
`;
  const middleware = `import requests


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        requests.post("https://audit.example.com/hits", json={"ip": request.META.get("REMOTE_ADDR")}, timeout=2)
        return self.get_response(request)
`;
  const settings = (pipelineSteps: string, middlewareItems: string) => ({
    path: "proj/settings.py",
    text: `SOCIAL_AUTH_PIPELINE = (${pipelineSteps})\nMIDDLEWARE = [${middlewareItems}]\nSECRET_KEY = "x"\nINSTALLED_APPS = ["shop"]\n`,
  });

  it("a pipeline step's remote call is warn, naming the pipeline; the same call in a view stays info", async () => {
    const findings = await runRuleOn(await loadRule(folder), "shop/pipeline.py", pipeline, [settings('"social_core.pipeline.social_auth.social_details", "shop.pipeline.send_user_to_crm"', "")]);
    expect(findings.map((f) => [f.range.start.line, f.level])).toEqual([
      [6, "warn"],
      [11, "info"],
    ]);
    expect(findings[0]?.message).toContain("`SOCIAL_AUTH_PIPELINE`, which runs on every login and registration");
  });

  it("a function not in the pipeline keeps info", async () => {
    const findings = await runRuleOn(await loadRule(folder), "shop/pipeline.py", pipeline, [settings('"social_core.pipeline.social_auth.social_details"', "")]);
    expect(findings.map((f) => f.level)).toEqual(["info", "info"]);
  });

  it("a middleware's per-request remote call is warn", async () => {
    const findings = await runRuleOn(await loadRule(folder), "shop/middleware.py", middleware, [settings("", '"shop.middleware.AuditMiddleware"')]);
    expect(findings.map((f) => [f.range.start.line, f.level, f.messageId])).toEqual([[9, "warn", "quickOnHotPath"]]);
  });

  it("a middleware's exchange with no timeout whose answer the request uses is warn, with timeout advice (round 15)", async () => {
    const exchange = `import requests


class FlagsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = requests.post("https://flags.example.com/v1", json={"user": request.user.pk})
        request.flags = answer.json()
        if not request.flags:
            return self.get_response(request)
        return self.get_response(request)
`;
    const findings = await runRuleOn(await loadRule(folder), "shop/middleware.py", exchange, [settings("", '"shop.middleware.FlagsMiddleware"')]);
    expect(findings.map((f) => [f.range.start.line, f.level, f.messageId])).toEqual([[9, "warn", "neededOnHotPath"]]);
    expect(findings[0]?.message).toContain("a middleware in `MIDDLEWARE`, which runs on every request");
    expect(findings[0]?.message).toContain("timeout=(3.05, 10)");
    // Not in MIDDLEWARE: an exchange the response needs, info.
    const elsewhere = await runRuleOn(await loadRule(folder), "shop/middleware.py", exchange, [settings("", "")]);
    expect(elsewhere.map((f) => [f.level, f.messageId])).toEqual([["info", "neededResult"]]);
  });

  it("a task run inline whose return value the code goes on with: the follow-up moves into the task (round 15)", async () => {
    const tasks = { path: "shop/tasks.py", text: `from celery import shared_task\n\n\n@shared_task\ndef notify_channel(item_id):\n    return ("ts", "channel")\n` };
    const view = `from django.http import HttpResponse

from shop.models import Item
from shop.tasks import notify_channel


def approve(request, pk):
    item = Item.objects.get(pk=pk)
    result = notify_channel(item.pk)
    if result:
        stamp, channel = result
        Item.objects.filter(pk=pk).update(name=stamp)
    return HttpResponse("ok")
`;
    const findings = await runRuleOn(await loadRule(folder), "shop/views.py", view, [tasks, { path: "shop/models.py", text: "from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=20)\n" }]);
    expect(findings[0]?.messageId).toBe("heavy");
    expect(findings[0]?.message).toContain("The code goes on with its return value (`result`, line 10)");
    expect(findings[0]?.message).toContain("move that follow-up work into the task too");
  });
});
