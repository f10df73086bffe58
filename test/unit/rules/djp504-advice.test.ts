/**
 * DJP504's advice fits what the code does and the project's Django (round 13): a zip archive read
 * whole is opened from the upload itself (random access, not chunks); streaming rows on a Django
 * older than 2.0 walks pk ranges (`.iterator(chunk_size=...)` raises TypeError there).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP504-unchunked-large-input";
const MODELS = { path: "shop/models.py", text: `from django.db import models\n\n\nclass Record(models.Model):\n    name = models.CharField(max_length=20)\n` };
const TASK = `from celery import shared_task\n\nfrom .models import Record\n\n\n@shared_task\ndef touch():\n    for record in Record.objects.all():\n        print(record.pk)\n`;

describe("DJP504 advice", () => {
  it("tells a zip opened from the upload's bytes to open the upload itself", async () => {
    const view = `import io\nimport zipfile\n\n\ndef upload(request):\n    data = io.BytesIO(request.FILES["archive"].read())\n    with zipfile.ZipFile(data) as archive:\n        return archive.namelist()\n`;
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/views.py", view, []);
    expect(finding?.messageId).toBe("zipUpload");
    expect(finding?.message).toContain("hand it to `zipfile.ZipFile(upload)` itself");
    expect(finding?.message).not.toContain("upload.chunks()");
  });

  it("reports bytes read for a workbook parser at info, advising to open the upload itself, not chunks", async () => {
    const view = `import xlrd\n\n\ndef upload(request):\n    book = xlrd.open_workbook(file_contents=request.FILES["sheet"].read())\n    return book.sheet_names()\n`;
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/views.py", view, []);
    expect(finding?.messageId).toBe("workbookUpload");
    expect(finding?.level).toBe("info");
    expect(finding?.message).toContain("(`xlrd.open_workbook`)");
    expect(finding?.message).not.toContain("upload.chunks()");
  });

  it("keeps the chunks advice for other uploads", async () => {
    const view = `def upload(request):\n    data = request.FILES["file"].read()\n    return len(data)\n`;
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/views.py", view, []);
    expect(finding?.messageId).toBe("upload");
    expect(finding?.message).toContain("upload.chunks()");
  });

  it("advises .iterator(chunk_size=...) when the project's Django has it", async () => {
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/tasks.py", TASK, [MODELS, { path: "requirements.txt", text: "Django==4.2.1\n" }]);
    expect(finding?.message).toContain("`.iterator(chunk_size=2000)`");
  });

  it("advises pk ranges, not chunk_size, on a Django older than 2.0", async () => {
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/tasks.py", TASK, [MODELS, { path: "requirements.txt", text: "Django==1.8.19\n" }]);
    expect(finding?.message).toContain("older than 2.0");
    expect(finding?.message).toContain("pk__gt=last_pk");
    expect(finding?.message).not.toContain("chunk_size=2000");
  });

  it("does not advise .iterator() for a loop that waits on a remote call per row (round 15)", async () => {
    const task = `import requests\nfrom celery import shared_task\n\nfrom .models import Record\n\n\n@shared_task\ndef refresh():\n    for record in Record.objects.all():\n        info = requests.get(f"https://example.org/{record.pk}", timeout=5).json()\n        record.name = info["name"]\n        record.save()\n`;
    const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/tasks.py", task, [MODELS, { path: "requirements.txt", text: "Django==4.2.1\n" }]);
    expect(finding?.message).toContain("waits on a remote call (`requests.get`, line 10)");
    expect(finding?.message).toContain("do not stream with `.iterator()`");
    expect(finding?.message).not.toContain("chunk_size=2000");
  });
});
