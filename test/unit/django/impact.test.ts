/** Impact: right but cheap findings move to info (the check run), `large_models` keeps them loud. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { configSchema, DEFAULT_CONFIG, type DjperfConfig } from "../../../src/config/schema.js";
import { RULES } from "../../../rules/index.js";
import type { Finding } from "../../../src/analysis/finding.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")


class Line(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
`;

async function findingsOf(code: string, config: DjperfConfig = DEFAULT_CONFIG, ruleId = "DJP101"): Promise<Finding[]> {
  const text = `import requests\nfrom shop.models import Customer, Line, Order\n\n\n${code}`;
  const index = await buildProjectIndex([{ path: "shop/models.py", text: MODELS }, { path: "shop/jobs.py", text }]);
  const file = parseFile("shop/jobs.py", text);
  return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: RULES, config }).findings.filter((f) => f.ruleId === ruleId);
}

describe("impact", () => {
  it("keeps an N+1 over a whole table at its level", async () => {
    const [f] = await findingsOf("def run():\n    for order in Order.objects.all():\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" }, model: "shop.models.Order" });
  });

  it.each([
    ["network I/O per row", "def run():\n    for order in Order.objects.all():\n        requests.post('https://x', json={'c': order.customer.name})\n", "network or file I/O"],
    ["a page slice", "def run():\n    for order in Order.objects.all()[:20]:\n        print(order.customer.name)\n", "a slice"],
    ["the rows of one parent", "def run(pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n", "the Line rows of one Order"],
  ])("moves %s to info and says why", async (_what, code, why) => {
    const [f] = await findingsOf(code);
    expect(f?.level).toBe("info");
    expect(f?.impact?.level).toBe("low");
    expect(f?.message).toContain(`Reported at info: `);
    expect(f?.message).toContain(why);
  });

  it("raises a table from large_models to high, which is never moved to info", async () => {
    const config = configSchema.parse({ large_models: ["shop.Line"] });
    const [f] = await findingsOf("def run(pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n", config);
    expect(f).toMatchObject({ level: "warn", impact: { level: "high" } });
  });

  it("lets an explicit level in the config win", async () => {
    const config = configSchema.parse({ rules: { DJP101: "block" } });
    const [f] = await findingsOf("def run():\n    for order in Order.objects.all()[:20]:\n        print(order.customer.name)\n", config);
    expect(f?.level).toBe("block");
  });
});

describe("impact in management commands", () => {
  const command = (body: string) => `from django.core.management.base import BaseCommand\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n${body}`;

  it("moves loops over what the command line named to info, not loops over a file it named", async () => {
    const named = await findingsOf(command("        ids = [int(x) for x in options['ids'].split(',')]\n        orders = Order.objects.filter(id__in=ids)\n        for order in orders:\n            print(order.customer.name)\n"));
    expect(named[0]).toMatchObject({ level: "info", impact: { level: "low" } });
    const file = await findingsOf(command("        import csv\n        rows = csv.DictReader(open(options['path']))\n        keys = [r['id'] for r in rows]\n        for order in Order.objects.filter(reference__in=keys):\n            print(order.customer.name)\n"));
    expect(file[0]).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });

  it("gives the command-line reason only to loops over model rows the arguments name, not rows a project helper read", async () => {
    const perRow = "        for row in rows:\n            order = Order.objects.get(pk=row['id'])\n            print(order.customer.name)\n";
    // `load_rows` is the project's CSV reader: its rows are the file's, however the path came in.
    const fromFile = await findingsOf(command(`        rows = load_rows(options['path'])\n${perRow}`), DEFAULT_CONFIG, "DJP103");
    expect(fromFile[0]).toMatchObject({ level: "warn", impact: { level: "normal" } });
    // An API client's rows: many or few, nothing says; but they are not what the command line named.
    const fromApi = await findingsOf(command(`        rows = fetch_partner_rows(options['partner'])\n${perRow}`), DEFAULT_CONFIG, "DJP103");
    expect(fromApi[0]?.impact?.level).toBe("low");
    expect(fromApi[0]?.message).not.toContain("command line");
    // The arguments themselves (a few ids typed by the operator) are what the command line named.
    const fromIds = await findingsOf(command(`        orders = Order.objects.filter(pk__in=options['ids'])\n        for order in orders:\n            print(order.customer.name)\n`));
    expect(fromIds[0]?.message).toContain("command line");
  });

  it("moves a loop over the rows of one user's one order to info", async () => {
    const [f] = await findingsOf("def run(order, customer):\n    for line in Line.objects.filter(order=order, customer=customer):\n        print(line.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("one Order and one Customer");
  });
});

describe("material evidence (only then inline)", () => {
  it("moves a loop over filtered rows outside any request to info and says why", async () => {
    const [f] = await findingsOf("def nightly():\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("nothing shows that the loop walks many rows or runs while a request waits");
  });

  it("keeps the same loop inline in a request handler (block: a view walking an unsliced queryset)", async () => {
    const [f] = await findingsOf("def page(request):\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" } });
  });

  it("keeps the rows of each row of a whole table inline (nested loops)", async () => {
    const [f] = await findingsOf("def nightly():\n    for order in Order.objects.all():\n        for line in order.lines.all():\n            print(line.customer.name)\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });

  it("keeps a loop over what a file holds inline, through names assigned from it", async () => {
    const [f] = await findingsOf("def load(path):\n    import json\n    data = json.load(open(path))\n    keys = [r['id'] for r in data]\n    for order in Order.objects.filter(pk__in=keys):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });
});
