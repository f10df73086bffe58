/**
 * Round 14 advice of DJP503 (rotation set 13): a bulk upsert's `unique_fields` are the unique key the
 * lookups cover (primary key, `unique=True` field, unconditional unique constraint), never every lookup:
 * PostgreSQL refuses an ON CONFLICT target that no unique index matches. The other lookups are columns
 * to update. get_or_create's `ignore_conflicts` advice names the key that decides which rows exist.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function findingsOf(folder: string) {
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
  const lines = text.split("\n");
  return (needle: string) => findings.find((f) => (lines[f.range.start.line - 1] ?? "").includes(needle));
}

describe("DJP503: the conflict target of the bulk upsert", () => {
  it("lists only the unique key in unique_fields and updates the other lookups", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Record.objects.update_or_create(external_id=row["id"], name=row["name"]');
    expect(f?.message).toContain('unique_fields=["external_id"], update_fields=["name", "value"]');
  });
  it("keeps a multi-column unique constraint whole", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Rate.objects.update_or_create(sku=row["sku"], currency=row["currency"], defaults=');
    expect(f?.message).toContain('unique_fields=["sku", "currency"], update_fields=["amount"]');
  });
  it("names the unique key ignore_conflicts skips on", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at('Rate.objects.get_or_create(sku=row["sku"], currency=row["currency"], amount=');
    expect(f?.message).toContain("ignore_conflicts=True");
    expect(f?.message).toContain("(sku, currency) already exists");
  });
});

describe("DJP102: a related manager's rows refined by filter() and then tested", () => {
  it("advises a filtered Prefetch, not prefetch_related of the manager (which the filter bypasses)", async () => {
    const text = readFileSync(join(RULES_DIR, "DJP102-related-manager-in-loop", "fixture.py"), "utf8");
    const start = text.split("\n").findIndex((l) => l.startsWith("def orders_with_cheap_items("));
    expect(start).toBeGreaterThan(0);
    const findings = await runRuleOn(await loadRule("DJP102-related-manager-in-loop"), fixturePathOf(text), text, projectSources("DJP102-related-manager-in-loop"));
    const line = text.split("\n").findIndex((l, i) => i > start && l.includes("items = order.items.all()")) + 1;
    const g = findings.find((x) => x.range.start.line === line);
    expect(g?.messageId).toBe("bypasses-prefetch");
    expect(g?.message).not.toContain('prefetch_related("items")');
    expect(g?.fix).toBeUndefined();
  });
});

describe("loop rules over a table only staff fill by hand in the admin", () => {
  const models = {
    path: "school/models.py",
    text: [
      "from django.db import models",
      "",
      "",
      "class Catalog(models.Model):",
      "    name = models.CharField(max_length=50)",
      "",
      "",
      "class Academy(models.Model):",
      "    title = models.CharField(max_length=50)",
      "    catalogs = models.ManyToManyField(Catalog)",
      "",
    ].join("\n"),
  };
  const admin = {
    path: "school/admin.py",
    text: ["from django.contrib import admin", "", "from .models import Academy", "", "admin.site.register(Academy)", ""].join("\n"),
  };
  const view = [
    "from django.http import JsonResponse",
    "",
    "from .models import Academy",
    "",
    "",
    "def academies(request):",
    "    out = []",
    "    for academy in Academy.objects.all():",
    "        out.append([c.name for c in academy.catalogs.all()])",
    "    return JsonResponse({\"academies\": out})",
    "",
  ].join("\n");
  const run = async (extra: { path: string; text: string }[]) =>
    runRuleOn(await loadRule("DJP102-related-manager-in-loop"), "school/views.py", view, [models, admin, ...extra]);

  it("reports a whole-table loop at info when only the admin inserts the table's rows", async () => {
    const [f] = await run([]);
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("entered by hand in the admin");
  });
  it("keeps warn when code outside the admin inserts rows", async () => {
    const importer = { path: "school/tasks.py", text: "from .models import Academy\n\n\ndef load(rows):\n    for row in rows:\n        Academy.objects.create(title=row)\n" };
    const [f] = await run([importer]);
    expect(f?.level).toBe("warn");
  });
});

describe("DJP502: a per-row write that records a change made outside the database", () => {
  it("keeps the per-row save after an S3 move (info), and bulk_update advice without one", async () => {
    const text = readFileSync(join(RULES_DIR, "DJP502-save-in-loop", "fixture.py"), "utf8").split("\n");
    const findings = await runRuleOn(await loadRule("DJP502-save-in-loop"), "shop/services.py", text.join("\n"), projectSources("DJP502-save-in-loop"));
    const inFunction = (fn: string, needle: string) => {
      const start = text.findIndex((l) => l.startsWith(`def ${fn}(`));
      const line = text.findIndex((l, i) => i > start && l.includes(needle)) + 1;
      return findings.find((f) => f.range.start.line === line);
    };
    const moved = inFunction("move_labels", "record.save()");
    expect(moved?.messageId).toBe("saveAfterExternal");
    expect(moved?.level).toBe("info");
    expect(moved?.message).toContain("`s3.copy_object`");
    expect(moved?.message).not.toContain("bulk_update(");
    expect(inFunction("rename_labels", "Record.objects.filter(pk=pk).update(")?.messageId).toBe("saveAfterExternal");
    expect(inFunction("retrack", "record.save()")?.messageId).toBe("saveBulk");
  });
});
