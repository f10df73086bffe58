import { describe, expect, it } from "vitest";
import { codeKindOf } from "../../../src/analysis/code-kind.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { collectImports } from "../../../src/analysis/imports.js";
import { exclusionOf } from "../../../src/config/resolve.js";
import { DEFAULT_CONFIG, configSchema } from "../../../src/config/schema.js";

const kindOf = (path: string, text: string) => {
  const file = parseFile(path, text);
  return codeKindOf(file, collectImports(file).names);
};

describe("codeKindOf: tests and seed data by content", () => {
  it.each([
    ["tools/make_db.py", "from faker import Faker\n\nfake = Faker()\n", "sample and seed data"],
    ["shop/builders.py", "import factory\n\nclass OrderFactory(factory.django.DjangoModelFactory):\n    pass\n", "sample and seed data"],
    ["shop/checks.py", "from django.test import TestCase\n", "tests"],
    ["shop/api_checks.py", "from rest_framework.test import APIClient\n", "tests"],
    ["shop/base.py", "import unittest\n", "tests"],
    ["shop/management/commands/make_orders.py", 'from django.core.management import BaseCommand\n\nclass Command(BaseCommand):\n    help = "Creates dummy orders for local development"\n', "sample and seed data"],
  ])("%s is %s", (path, text, kind) => {
    expect(kindOf(path, text)).toBe(kind);
  });

  it.each([
    ["shop/views.py", "from unittest.mock import patch\nfrom shop.models import Order\n"],
    ["shop/management/commands/rebuild_index.py", 'class Command(BaseCommand):\n    help = "Rebuild the search index"\n'],
    ["shop/tasks.py", "import random\n"],
  ])("%s is application code", (path, text) => {
    expect(kindOf(path, text)).toBeUndefined();
  });
});

describe("exclusionOf: which default exclude applies", () => {
  it.each([
    ["shop/tests/test_views.py", "tests"],
    ["shop/testing/helpers.py", "tests"],
    ["shop/testing.py", "tests"],
    ["shop/factories.py", "tests"],
    ["shop/fixtures/load.py", "sample and seed data"],
    ["shop/sample_data/orders.py", "sample and seed data"],
    ["shop/management/commands/populatedb.py", "sample and seed data"],
    ["shop/management/commands/seed_orders.py", "sample and seed data"],
    ["tools/data_generators/rbac.py", "sample and seed data"],
    ["examples/shop/views.py", "examples"],
    ["venv/lib/x.py", "third-party code"],
  ])("%s: %s", (path, reason) => {
    expect(exclusionOf(DEFAULT_CONFIG, path)).toBe(reason);
  });

  it("analyses application code, a `test` app, and everything with default_excludes off", () => {
    expect(exclusionOf(DEFAULT_CONFIG, "shop/views.py")).toBeUndefined();
    expect(exclusionOf(DEFAULT_CONFIG, "dojo/test/views.py")).toBeUndefined();
    expect(exclusionOf(DEFAULT_CONFIG, "shop/management/commands/populate_search_index.py")).toBeUndefined();
    const off = configSchema.parse({ paths: { default_excludes: false } });
    expect(exclusionOf(off, "shop/tests/test_views.py")).toBeUndefined();
    const custom = configSchema.parse({ paths: { exclude: ["legacy/**"] } });
    expect(exclusionOf(custom, "legacy/old.py")).toBe("paths.exclude");
  });
});
