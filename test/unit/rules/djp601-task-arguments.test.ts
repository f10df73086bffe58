/**
 * DJP601's advice for a task function run inline with model instances as arguments (round 14): with a
 * JSON serializer (Celery's default) `.delay(instance)` cannot be queued, so the message says to pass
 * ids; with pickle, or plain values, it does not.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP601-heavy-work-in-request";
const MODELS = { path: "sites/models.py", text: "from django.db import models\n\n\nclass Website(models.Model):\n    name = models.CharField(max_length=100)\n" };
const TASKS = {
  path: "sites/tasks.py",
  text: `from celery import shared_task

from .models import Website


@shared_task
def rebuild_site(website, version):
    for page in Website.objects.filter(name__startswith=website.name):
        page.save()
`,
};
const VIEW = `from django.http import HttpResponse

from .models import Website
from .tasks import rebuild_site


def rebuild(request, name):
    website = Website.objects.get(name=name)
    rebuild_site(website, request.GET.get("version", "draft"))
    return HttpResponse("done")


def rebuild_by_name(request, name):
    rebuild_site(name, "draft")
    return HttpResponse("done")
`;

async function findings(settings: string) {
  const project = [MODELS, TASKS, { path: "config/settings.py", text: `INSTALLED_APPS = ["sites"]\n${settings}` }];
  return runRuleOn(await loadRule(FOLDER), "sites/views.py", VIEW, project);
}

describe("DJP601 advice for model instances passed to a task", () => {
  it("says to pass ids when the serializer is JSON (Celery's default)", async () => {
    const [withInstance, withName] = await findings("");
    expect(withInstance?.message).toContain("The task takes model instances (`website`) and the task serializer is `json` (Celery's default)");
    expect(withInstance?.message).toContain("`.delay(website.pk, …)`");
    expect(withName?.message).not.toContain("model instances");
  });

  it("says nothing of ids when the serializer is pickle", async () => {
    const [withInstance] = await findings('CELERY_TASK_SERIALIZER = "pickle"\n');
    expect(withInstance?.message).toContain("runs the Celery task `rebuild_site`");
    expect(withInstance?.message).not.toContain("model instances");
  });
});
