/**
 * Findings blamed through their causes: a branch that deletes `select_related("customer")` from a
 * QuerySet variable defined above an unchanged loop creates the N+1 without touching the loop, and
 * `djperf diff` (default filter `added`) must report it. Runs the real rule registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { locations, runCliJson } from "./run-cli.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)
`;

const VIEWS = `from .models import Order


def paid_customer_names():
    orders = Order.objects.select_related("customer").filter(status="paid")
    names = []
    for order in orders:
        names.append(order.customer.name)
    return names


def footer():
    return "shop"
`;

let repo: string;

beforeAll(() => {
  repo = initRepo({ "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": VIEWS });
  // The branch that causes the N+1: only the QuerySet definition changes.
  git(repo, "checkout", "--quiet", "-b", "drop-select-related");
  commitFiles(repo, { "shop/views.py": VIEWS.replace('.select_related("customer")', "") }, "drop select_related");
  // A later, unrelated edit to the same file: the N+1 already exists at its base, so it is not this change's.
  git(repo, "checkout", "--quiet", "-b", "edit-footer");
  commitFiles(repo, { "shop/views.py": VIEWS.replace('.select_related("customer")', "").replace('"shop"', '"shop!"') }, "edit footer");
});

afterAll(() => removeTempDir(repo));

const diff = (base: string, head: string, ...extra: string[]) =>
  runCliJson(["diff", "--repo", repo, "--base", base, "--head", head, ...extra], { cwd: repo, rules: RULES });

describe("djperf diff: a change to the QuerySet definition blames the unchanged loop", () => {
  it("reports the DJP101 finding when the branch deletes select_related above the loop", async () => {
    const run = await diff("main", "drop-select-related");
    expect(locations(run.report)).toEqual(["shop/views.py:8 DJP101"]);
    expect(run.report.findings[0]?.diff).toBe("added");
  });

  it("does not blame a change elsewhere in the file for an N+1 its base already had", async () => {
    const run = await diff("drop-select-related", "edit-footer");
    expect(locations(run.report)).toEqual([]);
    const all = await diff("drop-select-related", "edit-footer", "--filter", "all");
    expect(all.report.findings.map((f) => `${f.rule}:${f.line}:${f.diff}`)).toEqual(["DJP101:8:file"]);
  });
});
