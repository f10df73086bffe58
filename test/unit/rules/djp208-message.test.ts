/** DJP208's message names what the loop walks: every row, or the rows a filter selects (rotation set 5 judge). */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const migration = (query: string) => `from django.db import migrations


def backfill(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in ${query}:
        order.total = 0
        order.save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]
    operations = [migrations.RunPython(backfill)]
`;

describe("DJP208 message", () => {
  it("says every row for an unfiltered loop and the rows it selects for a filtered one", async () => {
    const folder = "DJP208-unbatched-data-migration";
    const rule = await loadRule(folder);
    const path = "shop/migrations/0003_backfill.py";
    const [all] = await runRuleOn(rule, path, migration("Order.objects.all()"), projectSources(folder));
    const [some] = await runRuleOn(rule, path, migration('Order.objects.filter(status="open")'), projectSources(folder));
    expect(all?.message).toContain("walks every row of `shop.Order`");
    expect(some?.message).toContain("walks the rows it selects of `shop.Order`");
  });
});
