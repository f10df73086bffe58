/**
 * DJP601's advice names Celery; in a project that defines no Celery task, app or route table, the
 * message adds that queueing means running a task queue first, and that a timeout bounds the wait
 * meanwhile (rotation set 13: UK-Polling-Stations has no task queue).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP601-heavy-work-in-request";
const VIEW = `import requests
from django.http import HttpResponse


def ping_all(request):
    for url in request.POST.getlist("urls"):
        requests.post(url, json={"ping": True}, timeout=5)
    return HttpResponse("done")
`;
const TASKS = { path: "sites/tasks.py", text: "from celery import shared_task\n\n\n@shared_task\ndef ping(url):\n    return url\n" };

async function messages(withCelery: boolean): Promise<string[]> {
  const project = [{ path: "config/settings.py", text: 'INSTALLED_APPS = ["sites"]\n' }, ...(withCelery ? [TASKS] : [])];
  return (await runRuleOn(await loadRule(FOLDER), "sites/views.py", VIEW, project)).map((f) => f.message);
}

describe("DJP601 advice in a project without a task queue", () => {
  it("says a queue has to be run first when the project defines no Celery task or app", async () => {
    const found = await messages(false);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("This project runs no task queue yet");
  });

  it("says nothing of it when the project has Celery tasks", async () => {
    const found = await messages(true);
    expect(found).toHaveLength(1);
    expect(found[0]).not.toContain("no task queue");
  });
});
