/**
 * DJP401's advice names a shared backend the project's Django has: Django's own `RedisCache` came in
 * 4.0, so a project pinned to an older Django (rotation set 12: Django 1.8.19) is told django-redis or
 * Memcached instead. Whether the finding fires does not depend on the version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP401-non-shared-cache-in-production";

async function messagesWith(requirements: string | undefined): Promise<string[]> {
  const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
  const project = [...projectSources(FOLDER), ...(requirements ? [{ path: "requirements.txt", text: requirements }] : [])];
  const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, project);
  return findings.map((f) => f.message);
}

describe("DJP401 advice by Django version", () => {
  it("names django-redis or Memcached when the project's Django is older than 4.0", async () => {
    const [message, ...rest] = await messagesWith("Django==1.8.19\n");
    expect(rest).toEqual([]);
    expect(message).toContain("django_redis.cache.RedisCache");
    expect(message).toContain("Django's own `RedisCache` needs Django 4.0");
    expect(message).not.toContain("django.core.cache.backends.redis.RedisCache");
  });

  it("names Django's RedisCache when the version is 4.0 or later, or not known", async () => {
    for (const requirements of ["Django==4.2.1\n", undefined]) {
      const [message] = await messagesWith(requirements);
      expect(message).toContain("`django.core.cache.backends.redis.RedisCache`");
    }
  });
});
