/**
 * Admin modules (issue 11, round 13): every read of an admin action's `queryset` asked which admin of
 * the file lists the action, and every admin class asked which class of the file is its base and which
 * `register(M, Cls)` call registers it, each time walking every top-level statement of the module.
 * A module of n module-level actions and n admin classes then cost n² node reads. Counted, not timed
 * (src/analysis/work-counter.ts, as linear-work.test.ts): 4× the actions and classes must cost less than
 * 5× the node reads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAnalysis } from "../../../src/pipeline/run-analysis.js";
import { FsSource } from "../../../src/cli/fs-source.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { RULES } from "../../../rules/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const MODELS = [
  "from django.db import models",
  "",
  "class Customer(models.Model):",
  "    name = models.CharField(max_length=100)",
  "",
  "class Order(models.Model):",
  "    number = models.CharField(max_length=20)",
  "    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)",
  "",
].join("\n");

/** n module-level actions, each read its `queryset` three times, and n admins registered by call, each listing one action. */
function adminModule(n: number): string {
  let text = "from django.contrib import admin\n\nfrom .models import Order\n\n\nclass BaseOrderAdmin(admin.ModelAdmin):\n    list_display = (\"number\",)\n\n";
  for (let i = 0; i < n; i++) {
    text += `
def export_${i}(modeladmin, request, queryset):
    names = [str(queryset.count())]
    for order in queryset:
        names.append(order.customer.name)
    return names, queryset.exists()


class OrderAdmin${i}(BaseOrderAdmin):
    actions = [export_${i}]

    def label_${i}(self, obj):
        return obj.customer.name


admin.site.register(Order, OrderAdmin${i})
`;
  }
  return text;
}

async function workFor(n: number): Promise<{ steps: number; findings: number }> {
  const dir = mkdtempSync(join(tmpdir(), "djperf-admin-work-"));
  dirs.push(dir);
  const files: Record<string, string> = {
    "manage.py": 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_settings")\n',
    "site_settings.py": 'INSTALLED_APPS = ["shop"]\n',
    "shop/__init__.py": "",
    "shop/models.py": MODELS,
    "shop/admin.py": adminModule(n),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const result = await runAnalysis({ source: new FsSource(dir), targets: ["shop/admin.py"], config: DEFAULT_CONFIG, rules: RULES, countWork: true });
  return { steps: result.stats.work?.steps ?? 0, findings: result.findings.filter((f) => f.ruleId === "DJP101").length };
}

describe("admin modules: work linear in the number of actions and admin classes", () => {
  it("4× the actions and admins costs under 5× the node reads", async () => {
    const small = await workFor(30);
    const large = await workFor(120);
    // Every action's loop is a finding: the admin actions were resolved (the input exercises the path).
    expect(small.findings).toBeGreaterThanOrEqual(30);
    expect(large.findings / small.findings).toBeGreaterThan(3.5);
    const ratio = large.steps / small.steps;
    expect(ratio, `node reads ${small.steps} → ${large.steps}`).toBeLessThan(5);
  });
});
