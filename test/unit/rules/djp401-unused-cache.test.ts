/**
 * DJP401 on a per-process default cache that nothing of the project uses (no cache API, cache_page,
 * cache middleware, cache sessions or throttling; rotation set 13): silent beside a shared alias, info
 * alone; one module that imports the cache API restores the earlier levels.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP401-non-shared-cache-in-production";
const PAGE = { path: "shop/views.py", text: "from django.views.decorators.cache import cache_page\n\n\n@cache_page(60)\ndef home(request):\n    return None\n" };

async function findingsOf(fixture: string, extra: { path: string; text: string }[] = []) {
  const text = readFileSync(join(RULES_DIR, FOLDER, fixture), "utf8");
  return runRuleOn(await loadRule(FOLDER), "proj/settings/production.py", text, [...projectSources(FOLDER), ...extra]);
}

describe("DJP401 on a cache nothing uses", () => {
  it("is silent beside a shared alias and info alone", async () => {
    expect(await findingsOf("fixture.unused.py")).toHaveLength(0);
    const alone = await findingsOf("fixture.unused-alone.py");
    expect(alone).toHaveLength(1);
    expect(alone[0]?.level).toBe("info");
    expect(alone[0]?.message).toContain("Reported at info: nothing in the repository uses the cache");
  });

  it("keeps the finding when a module uses the cache (cache_page)", async () => {
    const beside = await findingsOf("fixture.unused.py", [PAGE]);
    expect(beside).toHaveLength(1);
    expect(beside[0]?.level).toBe("info");
    expect(beside[0]?.message).toContain("the shared alias `redis`");
    const alone = await findingsOf("fixture.unused-alone.py", [PAGE]);
    expect(alone[0]?.level).toBe("warn");
  });
});
