/**
 * DJP207's recipe for dropping a column depends on the column: a state-only RemoveField is a safe first
 * release for a column that allows NULL, but a NOT NULL column without a database default must also lose
 * its NOT NULL in that release, or the new release's inserts (which no longer name it) fail (rotation set
 * 12, judged pull-request mode: nine SHARE findings gave "state-only, or nullable" as alternatives).
 */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP207-backward-incompatible-schema-change";
const HEAD = "shop/migrations/0003_drop.py";
const text = `from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.RemoveField(model_name="order", name="status"),
        migrations.RemoveField(model_name="order", name="memo"),
        migrations.RemoveField(model_name="order", name="watchers"),
    ]
`;

async function byLine(): Promise<Map<number, string>> {
  const found = await runRuleOn(await loadRule(FOLDER), HEAD, text, [...projectSources(FOLDER), { path: HEAD, text }], undefined, { added: [HEAD], changed: [HEAD, "shop/models.py"] });
  return new Map(found.map((f) => [f.range.start.line, f.message]));
}

describe("DJP207: the first release of a column drop", () => {
  it("asks a NOT NULL column to become nullable as well as leave the model state", async () => {
    const status = (await byLine()).get(8) ?? "";
    expect(status).toContain("make the column nullable");
    expect(status).toContain("state-only");
    expect(status).not.toContain(", or make the column nullable");
  });

  it("gives the state-only removal alone for a nullable column", async () => {
    const memo = (await byLine()).get(9) ?? "";
    expect(memo).toContain("state-only");
    expect(memo).not.toContain("make the column nullable");
  });

  it("stays silent on a many-to-many field with its own through model: no SQL runs", async () => {
    expect([...(await byLine()).keys()]).toEqual([8, 9]);
  });
});
