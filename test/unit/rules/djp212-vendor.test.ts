/**
 * DJP212 on a database other than PostgreSQL: no GIN index, no jsonb containment, so no finding; an
 * unknown vendor keeps it.
 */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { configSchema } from "../../../src/config/schema.js";
import containment from "../../../rules/DJP212-containment-lookup-without-gin/rule.js";

const MODELS = `from django.db import models


class Event(models.Model):
    payload = models.JSONField(default=dict)
`;

const VIEWS = `from events.models import Event


def events_with(key):
    return list(Event.objects.filter(payload__has_key=key))
`;

async function findings(engine: string | undefined) {
  const sources = [
    { path: "events/__init__.py", text: "" },
    { path: "events/models.py", text: MODELS },
    { path: "events/views.py", text: VIEWS },
    ...(engine ? [{ path: "config/settings.py", text: `DATABASES = {"default": {"ENGINE": "django.db.backends.${engine}"}}\n` }] : []),
  ];
  const index = await buildProjectIndex(sources);
  const file = parseFile("events/views.py", VIEWS);
  return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [containment], config: configSchema.parse({}) }).findings;
}

describe("DJP212 and the database vendor", () => {
  it("reports on PostgreSQL and on an unknown vendor, not on MySQL or SQLite", async () => {
    expect((await findings("postgresql")).length).toBe(1);
    expect((await findings(undefined)).length).toBe(1);
    expect((await findings("mysql")).length).toBe(0);
    expect((await findings("sqlite3")).length).toBe(0);
  });
});
