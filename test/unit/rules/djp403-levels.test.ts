/** DJP403's level follows the loop's impact, like a query per row: many items inline, a handful at info. */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = { path: "shop/models.py", text: "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=50)\n" };
const HEADER = "from django.core.cache import cache\n\nfrom .models import Product\n\n\n";

async function findingsOf(body: string) {
  const rule = await loadRule("DJP403-cache-round-trips-in-loop");
  return runRuleOn(rule, "shop/views.py", `${HEADER}${body}`, [MODELS]);
}

describe("DJP403 levels", () => {
  it("keeps a round trip per row of a whole table walked per request inline", async () => {
    const [f] = await findingsOf("def refresh(request):\n    for product in Product.objects.all():\n        cache.delete(f'product:{product.pk}')\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });

  it("reports a loop over a collection nothing shows to be large at info, with the reason", async () => {
    const [f] = await findingsOf("def forget(keys):\n    for key in keys:\n        cache.delete(key)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f!.message).toContain("Reported at info");
  });
});
