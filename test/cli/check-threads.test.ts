/** `djperf check --threads N`: the shares merged in target order give exactly the single-thread report. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCli } from "./run-cli.js";
import { RULES } from "../../rules/index.js";
import { threadCount } from "../../src/cli/check-threads.js";
import { TEST_RULES } from "./test-rules.js";

const MODELS =
  "from django.db import models\n\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=20)\n\n\n" +
  "class Order(models.Model):\n    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)\n    total = models.IntegerField()\n";
/** A view with a lazy relation read in a loop (a finding), varied per file so that every share has some. */
const view = (i: number): string =>
  `from shop.models import Order\n\n\ndef report_${i}(request):\n    for order in Order.objects.all():\n        print(order.customer.name, ${i})\n`;

let project: string;
beforeAll(() => {
  project = makeTempDir("djperf-threads-");
  const files: Record<string, string | Uint8Array> = { "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS };
  for (let i = 0; i < 9; i++) files[`shop/views_${i}.py`] = view(i);
  files["shop/tests/test_views.py"] = view(99); // excluded by path
  files["shop/broken.py"] = "def broken(:\n    pass\n"; // a parse-error diagnostic in one share
  files["shop/blob.py"] = new Uint8Array([0x70, 0x00, 0x01]); // skipped: binary
  writeFiles(project, files);
});
afterAll(() => removeTempDir(project));

describe("djperf check --threads", () => {
  it("prints the single-thread JSON report, byte for byte (but for the time taken)", async () => {
    const withoutMs = (text: string): string => text.replace(/"ms": \d+/, '"ms": 0');
    const one = await runCli(["check", "--format", "json", "--no-cache", "--threads", "1"], { cwd: project, rules: RULES });
    const three = await runCli(["check", "--format", "json", "--no-cache", "--threads", "3"], { cwd: project, rules: RULES });
    expect(one.code).not.toBe(2);
    const report = JSON.parse(one.stdout) as { findings: unknown[]; diagnostics: unknown[] };
    expect(report.findings.length).toBeGreaterThanOrEqual(9);
    expect(withoutMs(three.stdout)).toBe(withoutMs(one.stdout));
    expect(three.stderr).toBe(one.stderr);
  }, 120_000);

  it("uses threads for large projects only, and never for rules outside the registry", () => {
    expect(threadCount(undefined, 40, RULES)).toBe(1);
    expect(threadCount(4, 40, RULES)).toBe(4);
    expect(threadCount(4, 4000, TEST_RULES)).toBe(1);
  });
});
