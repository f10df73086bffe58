/**
 * DJP602's local default storage when every file field names its own storage (round 15): the default
 * holds no upload, so its being on the local disk says nothing about where files live. A field left on
 * the default, or a `storage=` that is itself a `FileSystemStorage`, keeps the finding.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP602-process-local-session-or-storage";
const PATH = "proj/settings/production.py";
const WSGI = { path: "proj/wsgi.py", text: `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n` };
const SETTINGS = `DEBUG = False\nMEDIA_ROOT = "/data/media"\nBUCKET_STORAGE = "shop.storage.BucketStorage"\n`;
const models = (fields: string) => ({ path: "shop/models.py", text: `from django.db import models\n\nfrom shop.storage import bucket, scratch\n\n\nclass Asset(models.Model):\n${fields}` });

async function lines(fields: string): Promise<number[]> {
  const findings = await runRuleOn(await loadRule(FOLDER), PATH, SETTINGS, [WSGI, models(fields)]);
  return findings.map((f) => f.range.start.line);
}

describe("DJP602: file fields with their own storage", () => {
  it("is silent when every file field names a storage", async () => {
    expect(await lines(`    data = models.FileField(storage=bucket)\n    preview = models.ImageField(storage=bucket, upload_to="p/")\n`)).toEqual([]);
  });

  it("reports when one field stays on the default storage", async () => {
    expect(await lines(`    data = models.FileField(storage=bucket)\n    preview = models.ImageField(upload_to="p/")\n`)).toEqual([2]);
  });

  it("reports when the named storage is a FileSystemStorage", async () => {
    expect(await lines(`    data = models.FileField(storage=FileSystemStorage(location="/tmp/x"))\n`)).toEqual([2]);
  });
});
