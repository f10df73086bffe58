/**
 * `djperf diff` blames a pull request only for findings it caused (issue: accuracy, "Blame"): the
 * changed files are compared with the merge base by finding identity. Real rules on a small project.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, commitRemoval, git, initRepo, removeTempDir } from "../helpers/git.js";
import { runCli } from "./run-cli.js";
import { RULES } from "../../rules/index.js";
import type { JsonReport } from "../../src/report/formats/json.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=50)


class Courier(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    status = models.CharField(max_length=10)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    courier = models.ForeignKey(Courier, on_delete=models.CASCADE)
`;

const VIEWS = `from shop.models import Order


def report(request):
    orders = Order.objects.filter(status='open')
    for order in orders:
        print(order.customer.name, 'x')
    return None


def eager(request):
    for order in Order.objects.select_related('customer').filter(status='open'):
        print(order.customer.name)
`;

let repo: string;
const branches: Record<string, string> = {};

function branch(name: string, files: Record<string, string>, remove: string[] = []): void {
  git(repo, "checkout", "--quiet", "-b", name, "main");
  if (remove.length > 0) commitRemoval(repo, remove, `${name}: remove`);
  commitFiles(repo, files, name);
  branches[name] = name;
  git(repo, "checkout", "--quiet", "main");
}

beforeAll(() => {
  repo = initRepo({ "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": VIEWS });
  // Formatter only: black's quotes, a call split over lines, a trailing comma.
  branch("format", {
    "shop/views.py": VIEWS.replace(/'/g, '"').replace('print(order.customer.name, "x")', 'print(\n            order.customer.name,\n            "x",\n        )'),
  });
  branch("reindent", { "shop/views.py": VIEWS.replace("        print(order.customer.name, 'x')", "        with open('log') as log:\n            print(order.customer.name, 'x')") });
  branch("argument", { "shop/views.py": VIEWS.replace("filter(status='open')\n    for", "filter(status='closed')\n    for") });
  branch("rename-var", { "shop/views.py": VIEWS.replace("for order in orders:\n        print(order.customer", "for o in orders:\n        print(o.customer") });
  branch("move", { "shop/reports.py": `from shop.models import Order\n\n\n${VIEWS.slice(VIEWS.indexOf("def report"), VIEWS.indexOf("def eager"))}`, "shop/views.py": `from shop.models import Order\n\n\n${VIEWS.slice(VIEWS.indexOf("def eager"))}` });
  branch("rename-file", { "shop/pages.py": VIEWS.replace("'x'", "'y'") }, ["shop/views.py"]);
  branch("new-loop", { "shop/views.py": `${VIEWS}\n\ndef fresh(request):\n    for order in Order.objects.all():\n        print(order.customer.name)\n` });
  branch("drop-eager", { "shop/views.py": VIEWS.replace(".select_related('customer')", "") });
  branch("new-relation", { "shop/views.py": VIEWS.replace("print(order.customer.name, 'x')", "print(order.customer.name, order.courier.name)") });
});

afterAll(() => removeTempDir(repo));

async function diff(head: string, ...extra: string[]): Promise<{ report: JsonReport; stderr: string }> {
  const run = await runCli(["diff", "--repo", repo, "--base", "main", "--head", head, "--format", "json", ...extra], { cwd: repo, rules: RULES });
  if (run.code === 2) throw new Error(run.stderr);
  return { report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const shown = (report: JsonReport): string[] => report.findings.map((f) => `${f.rule} ${f.path}:${f.line}`);

describe("djperf diff blames only what the change caused", () => {
  it.each(["format", "reindent", "argument", "rename-var", "move", "rename-file"])("posts nothing for a %s-only change over an old N+1", async (name) => {
    const { report, stderr } = await diff(branches[name]!);
    expect(shown(report)).toEqual([]);
    expect(stderr).toMatch(/already existed at the merge base/);
  });

  it("lists the old finding as existing with --filter context", async () => {
    const { report } = await diff(branches.format!, "--filter", "context");
    expect(report.findings.map((f) => [f.rule, f.diff])).toEqual([["DJP101", "existing"]]);
  });

  it("reports a new loop next to the old one", async () => {
    const { report } = await diff(branches["new-loop"]!);
    expect(shown(report)).toEqual(["DJP101 shop/views.py:18"]);
  });

  it("reports a removed select_related (the base had no finding)", async () => {
    const { report } = await diff(branches["drop-eager"]!);
    expect(shown(report)).toEqual(["DJP101 shop/views.py:13"]);
  });

  it("reports a new relation walked in an old loop", async () => {
    const { report } = await diff(branches["new-relation"]!);
    expect(shown(report)).toEqual(["DJP101 shop/views.py:7"]);
  });
});
