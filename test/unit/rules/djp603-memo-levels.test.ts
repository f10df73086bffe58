/**
 * DJP603 tells a memo (info) from accumulated state (warn) by what the stored value holds when it is
 * stored: a local read from the container and then recomputed is a fresh value (rotation set 5).
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

async function levelsOf(body: string): Promise<string[]> {
  const rule = await loadRule("DJP603-module-level-mutable-state");
  const source = `from django.http import HttpResponse\n\nMENUS = dict()\n\n\ndef menu_view(request):\n${body}    return HttpResponse("ok")\n`;
  return (await runRuleOn(rule, "site/views.py", source, [])).map((f) => `${f.messageId} ${f.level}`);
}

describe("DJP603 memo or state", () => {
  it("a value read from the container, then rebuilt when missing, is a memo", async () => {
    expect(await levelsOf(`    key = (request.user.pk, 1)\n    menu = MENUS.get(key, None)\n    if menu is None:\n        menu = str(key)\n        MENUS[key] = menu\n`)).toEqual(["memo info"]);
  });

  it("a value computed from what the container held accumulates", async () => {
    expect(await levelsOf(`    key = request.user.pk\n    seen = MENUS.get(key, 0)\n    seen = seen + 1\n    MENUS[key] = seen\n`)).toEqual(["state warn"]);
  });
});
