/**
 * DJP401: a per-process default cache beside a shared alias, in a repository that invalidates no cached
 * key, costs hit rate only: reported at info with the reason (rotation set 10). Any invalidation keeps warn.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP401-non-shared-cache-in-production";
const FEED = (body: string) => ({
  path: "blog/feed.py",
  text: `from django.core.cache import cache\n\n\ndef latest_posts(fetch):\n${body}\n`,
});

async function findingOf(extra: { path: string; text: string }[]) {
  const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(FOLDER), "proj/settings/production.py", text, [...projectSources(FOLDER), ...extra]);
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe("DJP401 beside a shared alias", () => {
  it("reports at info when nothing deletes a cached key", async () => {
    const f = await findingOf([FEED("    return cache.get_or_set(\"blog-posts\", fetch, 86400)")]);
    expect(f.level).toBe("info");
    expect(f.message).toContain("Reported at info: the shared alias `shared`");
  });

  it("keeps warn when the repository invalidates a key", async () => {
    const f = await findingOf([FEED("    cache.delete(\"blog-posts\")\n    return fetch()")]);
    expect(f.level).toBe("warn");
  });
});
