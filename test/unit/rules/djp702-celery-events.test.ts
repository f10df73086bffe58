/**
 * DJP702's Celery line (round 14): task events switched on by the worker command in a shell script a
 * compose service runs count as on; a script no deployment file runs does not; the advice names only
 * the settings still missing.
 */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP702-observability-gaps";
const PRODUCTION = `import sentry_sdk

from .base import *  # noqa: F401,F403

sentry_sdk.init(dsn="https://key@sentry.example.com/1", traces_sample_rate=0.2)

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "OPTIONS": {"options": "-c log_min_duration_statement=500"}}}

CELERY_BROKER_URL = "redis://broker:6379/0"
`;
const COMPOSE = `services:
  web:
    image: shop
    environment:
      - DJANGO_SETTINGS_MODULE=proj.settings.production
  worker:
    image: shop
    command: /srv/shop/docker/start_worker.sh
`;
const SCRIPT = `#!/bin/sh
set -e
celery -A proj beat -l INFO &
celery -A proj worker -l INFO -c "$WORKERS" -E
`;

async function celeryFindings(production: string, extra: { path: string; text: string }[]) {
  const findings = await runRuleOn(await loadRule(FOLDER), "proj/settings/production.py", production, [...projectSources(FOLDER), ...extra]);
  return findings.filter((f) => f.messageId === "celeryUnmonitored");
}

describe("DJP702 Celery events", () => {
  it("takes `-E` in a shell script that a compose service runs as events on", async () => {
    const findings = await celeryFindings(PRODUCTION, [
      { path: "docker-compose.yml", text: COMPOSE },
      { path: "docker/start_worker.sh", text: SCRIPT },
    ]);
    expect(findings).toEqual([]);
  });

  it("ignores a script that no deployment file runs", async () => {
    const findings = await celeryFindings(PRODUCTION, [
      { path: "docker-compose.yml", text: COMPOSE.replace("/srv/shop/docker/start_worker.sh", "celery -A proj worker") },
      { path: "docker/start_worker.sh", text: SCRIPT },
    ]);
    expect(findings).toHaveLength(1);
  });

  it("does not advise the client's sent event when it is already on", async () => {
    const [finding] = await celeryFindings(`${PRODUCTION}CELERY_TASK_SEND_SENT_EVENT = True\n`, []);
    expect(finding?.message).toContain("`CELERY_WORKER_SEND_TASK_EVENTS = True` (the client's `CELERY_TASK_SEND_SENT_EVENT` is already on");
    expect(finding?.message).not.toContain("and `CELERY_TASK_SEND_SENT_EVENT = True`");
  });

  it("takes an env lookup defaulting to True as the sent event on", async () => {
    const [finding] = await celeryFindings(`import environ\n\nenv = environ.Env()\n${PRODUCTION}CELERY_TASK_SEND_SENT_EVENT = env.bool("CELERY_TASK_SEND_SENT_EVENT", True)\n`, []);
    expect(finding?.message).toContain("the client's `CELERY_TASK_SEND_SENT_EVENT` is already on");
  });

  it("advises both settings when neither is set", async () => {
    const [finding] = await celeryFindings(PRODUCTION, []);
    expect(finding?.message).toContain("`CELERY_WORKER_SEND_TASK_EVENTS = True` and `CELERY_TASK_SEND_SENT_EVENT = True`");
  });
});
