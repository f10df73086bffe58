/**
 * The database vendor the migration rules assume when the settings do not name the ENGINE (round 11): a
 * PostgreSQL driver that only a pip constraints file pins proves nothing (a constraints file installs
 * nothing), and requirements that list both a PostgreSQL and a MySQL driver leave the vendor unknown, so
 * DJP201 reports at its unknown-vendor level (warn, never block) and DJP213 (PostgreSQL only) stays
 * silent. A literal ENGINE still decides.
 */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { databaseFacts } from "../../../src/analysis/django/migration-ops.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { orderMigration, orderProject } from "./order-project.js";

const ENV_SETTINGS = `import os\n\nDATABASES = {"default": {"ENGINE": os.environ["DB_ENGINE"], "NAME": "shop"}}\n`;

const HEAD = "shop/migrations/0002_order_created.py";
const CHANGE = orderMigration([`migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="order_created_idx"))`]);

function project(files: Record<string, string>, settings = ENV_SETTINGS) {
  return orderProject(settings, files);
}

async function vendorOf(files: Record<string, string>, settings?: string) {
  return databaseFacts(await buildProjectIndex(project(files, settings))).vendor;
}

async function levels(folder: string, files: Record<string, string>) {
  const found = await runRuleOn(await loadRule(folder), HEAD, CHANGE, project(files));
  return found.map((f) => f.level);
}

describe("the database vendor from the requirements", () => {
  it("a PostgreSQL driver alone is PostgreSQL; a MySQL driver alone is MySQL", async () => {
    expect(await vendorOf({ "requirements.txt": "Django==4.2\npsycopg2-binary==2.9.9\n" })).toBe("postgresql");
    expect(await vendorOf({ "requirements.txt": "Django==4.2\nmysqlclient==2.2.4\n" })).toBe("mysql");
  });

  it("a driver pinned only in a constraints file is no evidence", async () => {
    expect(await vendorOf({ "requirements.txt": "Django==4.2\n", "requirements/platform-constraints.txt": "psycopg2-binary==2.9.9\n" })).toBe("unknown");
    // The constraints file names the other driver: the requirements still decide.
    expect(await vendorOf({ "requirements.txt": "psycopg2==2.9.9\n", "requirements/constraints.txt": "mysqlclient==2.2.4\n" })).toBe("postgresql");
  });

  it("both kinds of driver in the requirements: unknown, unless the settings name the ENGINE", async () => {
    const both = { "requirements/base.txt": "Django==4.2\nmysqlclient==2.2.4\npsycopg2-binary==2.9.9\n" };
    expect(await vendorOf(both)).toBe("unknown");
    expect(await vendorOf(both, `DATABASES = {"default": {"ENGINE": "django.db.backends.mysql"}}\n`)).toBe("mysql");
    expect(await vendorOf(both, `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n`)).toBe("postgresql");
  });

  it("DJP201 blocks on proven PostgreSQL, warns when the vendor is unknown; DJP213 speaks only on PostgreSQL", async () => {
    const pg = { "requirements.txt": "psycopg2-binary==2.9.9\n" };
    const both = { "requirements.txt": "mysqlclient==2.2.4\npsycopg2-binary==2.9.9\n" };
    const constraintsOnly = { "requirements-constraints.txt": "mysqlclient==2.2.4\npsycopg2-binary==2.9.9\n" };
    expect(await levels("DJP201-index-built-under-lock", pg)).toEqual(["block"]);
    expect(await levels("DJP201-index-built-under-lock", both)).toEqual(["warn"]);
    expect(await levels("DJP201-index-built-under-lock", constraintsOnly)).toEqual(["warn"]);
    expect((await levels("DJP213-migrations-without-lock-timeout", pg)).length).toBe(1);
    expect(await levels("DJP213-migrations-without-lock-timeout", both)).toEqual([]);
    expect(await levels("DJP213-migrations-without-lock-timeout", constraintsOnly)).toEqual([]);
  });
});
