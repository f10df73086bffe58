/** Golden tests of the replayed migration state (src/analysis/index/migrations/). */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import type { ProjectState } from "../../../src/analysis/index/migrations/state.js";
import { loadProject } from "./load-project.js";

const SHOP = "shop/migrations";
const BILLING = "billing/migrations";

/** A compact, stable picture of a state: `app.Model: field:Class, …  [indexes]`. */
function picture(state: ProjectState): string[] {
  const out: string[] = [];
  for (const [app, models] of [...state.apps].sort(([a], [b]) => a.localeCompare(b))) {
    for (const model of [...models.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const fields = [...model.fields.values()].map((f) => `${f.name}:${f.fieldClass}`).join(", ");
      const indexes = model.indexes.map((i) => `${i.kind}(${i.fields.join(",")})${i.name ? ` ${i.name}` : ""}`).join("; ");
      out.push(`${app}.${model.name}: ${fields}${indexes ? `  [${indexes}]` : ""}  <- ${model.createdIn}`);
    }
  }
  return out;
}

async function history(added: string[] = []) {
  const index = await buildProjectIndex(loadProject("migration_history"), { added });
  return index.migrations;
}

describe("migration history", () => {
  it("replays renames, SeparateDatabaseAndState state operations and both branches of a merge", async () => {
    const h = await history();
    const before = h.stateBefore(`${SHOP}/0005_merge.py`);
    expect(before.status).toBe("known");
    if (before.status !== "known") return;
    expect(picture(before.state)).toEqual([
      "shop.Coupon: id:AutoField, code:CharField  <- shop/migrations/0004_coupon.py",
      "shop.Customer: id:AutoField  <- shop/migrations/0001_initial.py",
      "shop.Order: id:AutoField, customer:ForeignKey, status:CharField, amount:BigIntegerField  [Index(status) order_status_idx]  <- shop/migrations/0001_initial.py",
    ]);
    expect(before.incomplete.size).toBe(0);
  });

  it("keeps few replayed states, and a state asked again after it was dropped is replayed to the same answer and notes", async () => {
    const paths = [...["0001_initial", "0002_order_status", "0003_rename_total", "0004_amount_bigint", "0004_coupon", "0005_merge"].map((n) => `${SHOP}/${n}.py`), `${BILLING}/0003_invoice_order.py`, `${BILLING}/0004_missing_parent.py`];
    const h = await history();
    const first = h.stateBefore(paths[0]!);
    for (const path of paths) h.stateBefore(path);
    const notes = [...h.notes];
    // More migrations were asked about than the history keeps: the first answer was dropped and is replayed.
    const again = h.stateBefore(paths[0]!);
    expect(again).not.toBe(first);
    expect(again.status).toBe("known");
    if (again.status === "known" && first.status === "known") {
      expect(picture(again.state)).toEqual(picture(first.state));
      expect(again.incomplete).toEqual(first.incomplete);
    }
    expect(h.notes).toEqual(notes);
  });

  it("is the state before the migration, not after it", async () => {
    const h = await history();
    const before = h.stateBefore(`${SHOP}/0002_order_status.py`);
    if (before.status !== "known") throw new Error(before.reason);
    expect(picture(before.state)).toEqual([
      "shop.Customer: id:AutoField, name:CharField  <- shop/migrations/0001_initial.py",
      "shop.Order: id:AutoField, total:IntegerField, customer:ForeignKey  <- shop/migrations/0001_initial.py",
    ]);
    const midway = h.stateBeforeOperation(`${SHOP}/0002_order_status.py`, 1);
    if (midway.status !== "known") throw new Error("unknown");
    expect(midway.state.model("shop", "Order")?.fields.get("status")?.kwargs.get("max_length")?.text).toBe("20");
  });

  it("follows a dependency on a squashed-away migration to the squash, across apps, ignoring external apps", async () => {
    const h = await history();
    const before = h.stateBefore(`${BILLING}/0003_invoice_order.py`);
    if (before.status !== "known") throw new Error(before.reason);
    expect(picture(before.state)).toContain("billing.Invoice: id:AutoField, paid:BooleanField  <- billing/migrations/0001_squashed_0002_invoice_paid.py");
    expect(before.state.model("shop", "order")?.fields.has("amount")).toBe(true);
    expect(before.incomplete.size).toBe(0);
  });

  it("marks an app incomplete when a dependency is missing, with a note", async () => {
    const h = await history();
    const before = h.stateBefore(`${BILLING}/0004_missing_parent.py`);
    if (before.status !== "known") throw new Error(before.reason);
    expect([...before.incomplete]).toEqual(["billing"]);
    expect(h.notes.some((n) => n.includes("shop.0009_not_there"))).toBe(true);
  });

  it("tells new tables from existing ones, with the pull request's added migrations", async () => {
    const plain = await history();
    expect(plain.table(`${SHOP}/0005_merge.py`, 0, "coupon").status).toBe("existing");
    expect(plain.table(`${SHOP}/0004_coupon.py`, 1, "coupon").status).toBe("new");
    const pr = await history([`${SHOP}/0004_coupon.py`, `${SHOP}/0005_merge.py`]);
    expect(pr.table(`${SHOP}/0005_merge.py`, 0, "coupon")).toEqual({ status: "new", createdIn: `${SHOP}/0004_coupon.py` });
    expect(pr.table(`${SHOP}/0005_merge.py`, 0, "order").status).toBe("existing");
    expect(pr.isAddedByChange(`${SHOP}/0004_coupon.py`)).toBe(true);
  });

  it("never guesses: cycles, unreadable ancestors, unknown models and non-standard places are unknown", async () => {
    const h = await history();
    const cycle = h.stateBefore("cyclic/migrations/0003_c.py");
    expect(cycle.status).toBe("unknown");
    expect(h.table("cyclic/migrations/0004_broken.py", 0, "x").status).toBe("unknown");
    expect(h.table(`${SHOP}/0005_merge.py`, 0, "nosuchmodel").status).toBe("unknown");
    expect(h.stateBefore("shop/db_migrations/0001_initial.py").status).toBe("unknown");
  });

  it("reads numbered migrations in a MIGRATION_MODULES folder (`dojo/db_migrations/`)", async () => {
    const head = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n";
    const index = await buildProjectIndex([
      { path: "dojo/db_migrations/0001_initial.py", text: `${head}    operations = [migrations.CreateModel(name="Finding", fields=[("id", models.AutoField(primary_key=True))])]\n` },
      { path: "dojo/db_migrations/0002_idx.py", text: `${head}    dependencies = [("dojo", "0001_initial")]\n    operations = []\n` },
    ]);
    expect(index.migrations.table("dojo/db_migrations/0002_idx.py", 0, "finding").status).toBe("existing");
  });

  it("learns an app label that differs from the folder name from the folder's own dependencies", async () => {
    const head = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n";
    const index = await buildProjectIndex([
      { path: "pulpcore/app/migrations/0001_initial.py", text: `${head}    operations = [migrations.CreateModel(name="Artifact", fields=[("id", models.AutoField(primary_key=True))])]\n` },
      { path: "pulpcore/app/migrations/0002_idx.py", text: `${head}    dependencies = [("core", "0001_initial")]\n    operations = []\n` },
    ]);
    expect(index.migrations.table("pulpcore/app/migrations/0002_idx.py", 0, "artifact").status).toBe("existing");
    expect(index.migrations.migration("pulpcore/app/migrations/0002_idx.py")?.app).toBe("core");
  });

  it("counts a table of the app's initial migrations as new for its other initial migrations (a split 0002_initial), not for later ones", async () => {
    const head = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n";
    const model = (name: string): string => `migrations.CreateModel(name="${name}", fields=[("id", models.AutoField(primary_key=True))])`;
    const index = await buildProjectIndex([
      { path: "accounts/migrations/0001_initial.py", text: `${head}    initial = True\n    operations = [${model("Account")}]\n` },
      { path: "comments/migrations/0001_initial.py", text: `${head}    initial = True\n    operations = [${model("Comment")}]\n` },
      {
        path: "comments/migrations/0002_initial.py",
        text: `${head}    initial = True\n    dependencies = [("accounts", "0001_initial"), ("comments", "0001_initial")]\n    operations = [migrations.AddField(model_name="comment", name="account", field=models.ForeignKey(on_delete=models.CASCADE, to="accounts.account"))]\n`,
      },
      {
        path: "comments/migrations/0003_editor.py",
        text: `${head}    dependencies = [("accounts", "0001_initial"), ("comments", "0002_initial")]\n    operations = [migrations.AddField(model_name="comment", name="editor", field=models.ForeignKey(null=True, on_delete=models.SET_NULL, to="accounts.account"))]\n`,
      },
    ]);
    const h = index.migrations;
    // `("accounts", "0001_initial")` names the accounts folder, though the comments folder has a 0001_initial too.
    expect(h.migration("comments/migrations/0002_initial.py")?.app).toBe("comments");
    expect(h.table("comments/migrations/0002_initial.py", 0, "comment")).toEqual({ status: "new", createdIn: "comments/migrations/0001_initial.py" });
    expect(h.table("comments/migrations/0003_editor.py", 0, "comment").status).toBe("existing");
  });

  it("applies the initial siblings' rule when the replayed state is not known (a dependency cycle elsewhere)", async () => {
    const head = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n";
    const model = (name: string): string => `migrations.CreateModel(name="${name}", fields=[("id", models.AutoField(primary_key=True))])`;
    const addField = 'migrations.AddField(model_name="comment", name="account", field=models.ForeignKey(on_delete=models.CASCADE, to="accounts.account"))';
    const index = await buildProjectIndex([
      { path: "accounts/migrations/0001_initial.py", text: `${head}    initial = True\n    dependencies = [("comments", "0002_initial")]\n    operations = [${model("Account")}]\n` },
      { path: "comments/migrations/0001_initial.py", text: `${head}    initial = True\n    operations = [${model("Comment")}]\n` },
      { path: "comments/migrations/0002_initial.py", text: `${head}    initial = True\n    dependencies = [("accounts", "0001_initial"), ("comments", "0001_initial")]\n    operations = [${addField}]\n` },
      { path: "comments/migrations/0003_editor.py", text: `${head}    dependencies = [("accounts", "0001_initial"), ("comments", "0002_initial")]\n    operations = [${addField.replace('"account"', '"editor"')}]\n` },
    ]);
    const h = index.migrations;
    expect(h.stateBefore("comments/migrations/0002_initial.py").status).toBe("unknown");
    expect(h.table("comments/migrations/0002_initial.py", 0, "comment")).toEqual({ status: "new", createdIn: "comments/migrations/0001_initial.py" });
    expect(h.table("comments/migrations/0003_editor.py", 0, "comment").status).toBe("unknown");
  });
});
