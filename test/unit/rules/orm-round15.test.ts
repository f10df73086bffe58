/**
 * Round 15 (rotation set 14) advice of the ORM and bulk-write rules: what the bulk rewrite would do
 * to the rows must be what the loop does.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

async function findingsOf(folder: string) {
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const findings = await runRuleOn(await loadRule(folder), fixturePathOf(text), text, projectSources(folder));
  const lines = text.split("\n");
  /** The finding on the `nth` line (from 0) that contains `needle` after the line that starts `def <fn>(`. */
  return (fn: string, needle: string) => {
    const start = lines.findIndex((l) => l.startsWith(`def ${fn}(`));
    const at = lines.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    return start < 0 ? undefined : findings.find((f) => f.range.start.line === at);
  };
}

describe("DJP502: a loop that saves copies (the key cleared first) inserts rows", () => {
  it("advises bulk_create of the copies at info, never update() of the queryset", async () => {
    const at = await findingsOf("DJP502-save-in-loop");
    for (const fn of ["copy_items", "copy_items_marked_new"]) {
      const f = at(fn, "item.save()");
      expect(f?.messageId).toBe("saveCopies");
      expect(f?.level).toBe("info");
      expect(f?.message).toContain("OrderItem.objects.bulk_create(copies, batch_size=1000)");
      expect(f?.message).not.toContain("bulk_update");
    }
  });
});

describe("DJP501: bulk_create skips the save() of a library base", () => {
  it("names what a listed library base's save() does, at info", async () => {
    const at = await findingsOf("DJP501-create-in-loop");
    const f = at("create_staff_accounts", "Staff.objects.create()");
    expect(f?.messageId).toBe("createLibrarySave");
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("`helusers.models.AbstractUser` does more than the INSERT: it sets the unique uuid");
  });
  it("says the base is unseen library code, at info", async () => {
    const at = await findingsOf("DJP501-create-in-loop");
    const f = at("create_badges", "Badge.objects.create(");
    expect(f?.messageId).toBe("createUnseenBase");
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("`vendorkit.models.VendorModel`");
  });
  it("keeps the plain advice for a base whose save() is known to add nothing", async () => {
    const at = await findingsOf("DJP501-create-in-loop");
    expect(at("log_visits", "Visit.objects.create(")?.messageId).toBe("create");
  });
});

describe("DJP503: the bulk rewrite's behaviour where it differs", () => {
  it("says that ignore_conflicts drops what get_or_create would refuse with IntegrityError", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at("ensure_rates", "Rate.objects.get_or_create(");
    expect(f?.message).toContain("raises IntegrityError when a row with that (sku, currency) exists with another amount");
    const same = at("ensure_tags", "Tag.objects.get_or_create(");
    expect(same?.message).toContain("ignore_conflicts=True");
    expect(same?.message).not.toContain("IntegrityError");
  });
  it("never keys a dict by a JSON column", async () => {
    const at = await findingsOf("DJP503-upsert-in-loop");
    const f = at("keep_snapshots", "Snapshot.objects.get_or_create(");
    expect(f?.messageId).toBe("upsertNoUniqueKeyUnhashable");
    expect(f?.message).toContain('grouped by ("taken_on")');
    expect(f?.message).not.toContain("dict keyed by");
  });
});

describe("DJP101: a change-list column over a table only staff fill by hand", () => {
  const models = {
    path: "school/models.py",
    text: [
      "from django.db import models",
      "",
      "",
      "class Campus(models.Model):",
      "    name = models.CharField(max_length=50)",
      "",
      "",
      "class Course(models.Model):",
      "    title = models.CharField(max_length=50)",
      "    campus = models.ForeignKey(Campus, on_delete=models.CASCADE)",
      "",
    ].join("\n"),
  };
  const admin = [
    "from django.contrib import admin",
    "",
    "from .models import Course",
    "",
    "",
    "@admin.register(Course)",
    "class CourseAdmin(admin.ModelAdmin):",
    "    list_display = (\"title\", \"campus_name\")",
    "",
    "    def campus_name(self, obj):",
    "        return obj.campus.name",
    "",
  ].join("\n");
  const run = async (extra: { path: string; text: string }[]) =>
    runRuleOn(await loadRule("DJP101-lazy-relation-in-loop"), "school/admin.py", admin, [models, ...extra]);

  it("is info when no code outside the admin inserts the model's rows", async () => {
    const [f] = await run([]);
    expect(f?.messageId).toBe("admin-column");
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("entered by hand in the admin");
  });
  it("stays warn when code inserts rows", async () => {
    const importer = { path: "school/tasks.py", text: "from .models import Course\n\n\ndef load(rows):\n    for row in rows:\n        Course.objects.create(title=row)\n" };
    const [f] = await run([importer]);
    expect(f?.level).toBe("warn");
    expect(f?.message).not.toContain("Reported at");
  });
});
