/**
 * DJP602's local file storage in a Docker Compose deployment: silent when the production compose
 * file's web service keeps MEDIA_ROOT on a mounted volume (a bind mount of the checkout holding a
 * MEDIA_ROOT built from `__file__`, or a volume at an absolute MEDIA_ROOT), reported otherwise, and
 * never on the strength of a development compose file (rotation 12: junction's docker-compose.prod.yml).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP602-process-local-session-or-storage";
const PATH = "proj/settings/production.py";
const MODELS = { path: "shop/models.py", text: `from django.db import models\n\n\nclass Logo(models.Model):\n    image = models.FileField(upload_to="logos/")\n` };
const WSGI = { path: "proj/wsgi.py", text: `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n` };
const RELATIVE = `import os\n\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\nDEBUG = False\nMEDIA_ROOT = os.path.join(BASE_DIR, "media")\n`;
const ABSOLUTE = `DEBUG = False\nMEDIA_ROOT = "/data/media"\n`;

const compose = (volumes: string) =>
  `services:\n  db:\n    image: postgres:15\n  web:\n    image: shop:latest\n${volumes}    command: sh -c "python manage.py migrate && gunicorn proj.wsgi"\n  worker:\n    image: shop:latest\n    command: celery -A proj worker\n`;

async function lines(settings: string, files: Array<{ path: string; text: string }>): Promise<number[]> {
  const findings = await runRuleOn(await loadRule(FOLDER), PATH, settings, [MODELS, WSGI, ...files]);
  return findings.map((f) => f.range.start.line);
}

describe("DJP602: MEDIA_ROOT on a volume of the production compose deployment", () => {
  it("is silent when the production compose file bind-mounts the checkout that holds MEDIA_ROOT", async () => {
    expect(await lines(RELATIVE, [{ path: "docker-compose.prod.yml", text: compose("    volumes:\n      - .:/code\n") }])).toEqual([]);
  });

  it("is silent when a named volume is mounted at an absolute MEDIA_ROOT", async () => {
    expect(await lines(ABSOLUTE, [{ path: "deploy/docker-compose.yml", text: compose("    volumes:\n      - media:/data\n") + "volumes:\n  media:\n" }])).toEqual([]);
  });

  it("reports when the web service mounts nothing that holds MEDIA_ROOT", async () => {
    expect(await lines(ABSOLUTE, [{ path: "docker-compose.prod.yml", text: compose("    volumes:\n      - static:/static\n") }])).toEqual([2]);
    expect(await lines(RELATIVE, [{ path: "docker-compose.prod.yml", text: compose("") }])).toEqual([5]);
  });

  it("reports when only a development compose file mounts it", async () => {
    expect(await lines(RELATIVE, [{ path: "docker-compose.yml", text: compose("    volumes:\n      - .:/code\n") }])).toEqual([5]);
  });

  it("is silent when every service that runs the production settings mounts a named volume at the project's media folder", async () => {
    const image = (name: string, extra: string) =>
      `  ${name}:\n    image: registry.example.com/shop\n    environment:\n      - DJANGO_SETTINGS_MODULE=proj.settings.production\n    volumes:\n      - shop_media:${extra}\n`;
    const file = (workerMount: string) => `services:\n${image("web", "/srv/shop/media")}${image("worker", workerMount)}    command: /srv/shop/docker/start_worker.sh\nvolumes:\n  shop_media:\n`;
    expect(await lines(RELATIVE, [{ path: "docker-compose.local.yml", text: file("/srv/shop/media") }])).toEqual([]);
    // The worker keeps its uploads elsewhere: not every Django process sees them.
    expect(await lines(RELATIVE, [{ path: "docker-compose.local.yml", text: file("/srv/shop/static") }])).toEqual([5]);
  });
});
