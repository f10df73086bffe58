/**
 * DJP213's message says what queues behind a waiting migration (round 11): a plain index build asks for
 * a SHARE lock, so only writes queue and reads continue; any other locking operation in the migration
 * (ACCESS EXCLUSIVE) queues every query.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { orderMigration, orderProject } from "./order-project.js";

const SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}\n`;

const HEAD = "shop/migrations/0002_change.py";
const PROJECT = orderProject(SETTINGS);

async function messages(ops: string[]): Promise<string[]> {
  const found = await runRuleOn(await loadRule("DJP213-migrations-without-lock-timeout"), HEAD, orderMigration(ops), PROJECT);
  return found.map((f) => f.message);
}

const ADD_INDEX = `migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="order_created_idx"))`;

describe("DJP213: what queues behind the waiting lock", () => {
  it("a plain index build: writes queue, reads continue", async () => {
    const [message] = await messages([ADD_INDEX]);
    expect(message).toMatch(/every write to the table \(INSERT, UPDATE, DELETE\) queues behind the waiting migration, which asks for a SHARE lock \(reads continue\)/);
    expect(message).not.toMatch(/every query on the table/);
    const [sql] = await messages([`migrations.RunSQL("CREATE INDEX order_created_idx ON shop_order (created)")`]);
    expect(sql).toMatch(/SHARE lock \(reads continue\)/);
  });

  it("an ACCESS EXCLUSIVE operation anywhere in the migration: every query queues", async () => {
    const [message] = await messages([ADD_INDEX, `migrations.AddField(model_name="order", name="note", field=models.TextField(null=True))`]);
    expect(message).toMatch(/every query on the table queues behind the waiting migration/);
    const [sql] = await messages([`migrations.RunSQL("CREATE INDEX a ON shop_order (created); ALTER TABLE shop_order ADD COLUMN b int")`]);
    expect(sql).toMatch(/every query on the table queues/);
  });
});
