import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../src/config/load.js";
import { effectiveRule, exampleApps, exclusionOf, isPathIncluded, ruleIdMatches } from "../../../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";

const configOf = (yaml: string) => {
  const { config, problems } = parseConfigText(yaml);
  expect(problems).toEqual([]);
  return config;
};

describe("ruleIdMatches", () => {
  it("matches exact ids and prefixes", () => {
    expect(ruleIdMatches("DJP101", "DJP101")).toBe(true);
    expect(ruleIdMatches("DJP101", "DJP1011")).toBe(false);
    expect(ruleIdMatches("DJP1*", "DJP150")).toBe(true);
    expect(ruleIdMatches("DJP1*", "DJP201")).toBe(false);
    expect(ruleIdMatches("DJP*", "DJP701")).toBe(true);
  });
});

describe("effectiveRule", () => {
  it("uses the rule's default without settings", () => {
    expect(effectiveRule(DEFAULT_CONFIG, "DJP101", "warn")).toEqual({ enabled: true, level: "warn", options: {} });
  });

  it("applies wider prefixes first and the exact id last", () => {
    const config = configOf("rules:\n  DJP101: warn\n  DJP1*: block\n  DJP*: info\n");
    expect(effectiveRule(config, "DJP101", "info").level).toBe("warn");
    expect(effectiveRule(config, "DJP102", "warn").level).toBe("block");
    expect(effectiveRule(config, "DJP201", "warn").level).toBe("info");
  });

  it("turns rules off and back on", () => {
    const config = configOf("rules:\n  DJP1*: off\n  DJP102: block\n  DJP103: {level: info}\n");
    expect(effectiveRule(config, "DJP101", "warn").enabled).toBe(false);
    expect(effectiveRule(config, "DJP102", "warn")).toMatchObject({ enabled: true, level: "block" });
    // An object setting without `off` keeps the state the prefix left.
    expect(effectiveRule(config, "DJP103", "warn")).toMatchObject({ enabled: false, level: "info" });
    expect(effectiveRule(configOf("rules:\n  DJP1*: off\n  DJP104: {off: false}\n"), "DJP104", "warn").enabled).toBe(true);
  });

  it("applies path overrides after the rules table, in order, merging options", () => {
    const config = configOf(
      [
        "rules:",
        "  DJP101: {level: block, options: {a: 1, b: 1}}",
        "overrides:",
        "  - paths: ['legacy/**']",
        "    rules: {DJP101: off}",
        "  - paths: ['scripts/**', 'etl/**']",
        "    rules:",
        "      DJP1*: info",
        "      DJP101: {options: {b: 2}}",
        "  - paths: ['etl/**']",
        "    rules: {DJP101: warn}",
      ].join("\n"),
    );
    expect(effectiveRule(config, "DJP101", "warn", "shop/views.py")).toEqual({ enabled: true, level: "block", options: { a: 1, b: 1 } });
    expect(effectiveRule(config, "DJP101", "warn", "legacy/old.py").enabled).toBe(false);
    expect(effectiveRule(config, "DJP101", "warn", "scripts/load.py")).toEqual({ enabled: true, level: "info", options: { a: 1, b: 2 } });
    expect(effectiveRule(config, "DJP101", "warn", "etl/job.py").level).toBe("warn");
    // Without a path only the rules table applies.
    expect(effectiveRule(config, "DJP101", "warn").level).toBe("block");
  });
});

describe("isPathIncluded", () => {
  it("excludes tests, fixtures and virtualenvs by default", () => {
    for (const path of [
      "shop/tests/test_views.py",
      "tests/test_models.py",
      "shop/tests.py",
      "shop/test_utils.py",
      "shop/views_test.py",
      "conftest.py",
      "shop/conftest.py",
      "shop/fixtures/make_orders.py",
      ".venv/lib/django/db.py",
      "venv/lib/site-packages/x.py",
    ]) {
      expect(isPathIncluded(DEFAULT_CONFIG, path), path).toBe(false);
    }
    for (const path of ["shop/views.py", "manage.py", "shop/testing_utils.py", "shop/migrations/0001_initial.py"]) {
      expect(isPathIncluded(DEFAULT_CONFIG, path), path).toBe(true);
    }
  });

  it("analyses tests too when default excludes are off", () => {
    const config = configOf("paths: {default_excludes: false}\n");
    expect(isPathIncluded(config, "shop/tests/test_views.py")).toBe(true);
    expect(isPathIncluded(config, "shop/fixtures/x.py")).toBe(true);
  });

  it("honours include and exclude globs", () => {
    const config = configOf("paths:\n  include: ['shop/**']\n  exclude: ['shop/legacy/**']\n");
    expect(isPathIncluded(config, "shop/views.py")).toBe(true);
    expect(isPathIncluded(config, "billing/views.py")).toBe(false);
    expect(isPathIncluded(config, "shop/legacy/views.py")).toBe(false);
    expect(isPathIncluded(config, "shop/.hidden/views.py")).toBe(true);
  });
});

describe("an app named examples", () => {
  const listing = [
    "backend/examples/__init__.py",
    "backend/examples/apps.py",
    "backend/examples/models.py",
    "backend/examples/assignment/usecase.py",
    "backend/examples/tests/test_views.py",
    "docs/examples/demo/shop/models.py",
    "docs/examples/demo/shop/views.py",
    "examples/snippet.py",
  ];
  const apps = exampleApps(listing);

  it("finds examples folders that hold an app's own files", () => {
    expect([...apps]).toEqual(["backend/examples"]);
  });

  it("analyses the app's code, still leaves out its tests and example code elsewhere", () => {
    expect(isPathIncluded(DEFAULT_CONFIG, "backend/examples/assignment/usecase.py", apps)).toBe(true);
    expect(exclusionOf(DEFAULT_CONFIG, "backend/examples/assignment/usecase.py", apps)).toBeUndefined();
    expect(exclusionOf(DEFAULT_CONFIG, "backend/examples/tests/test_views.py", apps)).toBe("tests");
    expect(isPathIncluded(DEFAULT_CONFIG, "docs/examples/demo/shop/views.py", apps)).toBe(false);
    expect(isPathIncluded(DEFAULT_CONFIG, "examples/snippet.py", apps)).toBe(false);
    // Without the listing the folder is example code, as before.
    expect(isPathIncluded(DEFAULT_CONFIG, "backend/examples/assignment/usecase.py")).toBe(false);
  });
});
