import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRule } from "../../../src/analysis/rule.js";
import { analyse, callRule, configOf } from "./harness.js";

const FETCH = callRule("DJP901", "fetch");

describe("analyseFile", () => {
  it("turns a report into a finding with 1-based range, rendered message and fingerprint", async () => {
    const { findings, diagnostics } = await analyse("shop/views.py", "x = 1\nfor o in orders:\n    fetch(o)\n", [FETCH]);
    expect(diagnostics).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toEqual({
      ruleId: "DJP901",
      ruleName: "fetch-call",
      level: "warn",
      messageId: "call",
      message: "call of fetch()",
      path: "shop/views.py",
      range: { start: { line: 3, column: 5 }, end: { line: 3, column: 13 } },
      scope: { start: { line: 3, column: 5 }, end: { line: 3, column: 13 } },
      related: [],
      fingerprint: f.fingerprint,
      identity: f.identity,
      movedIdentity: f.movedIdentity,
    });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(f.identity).toMatch(/^[0-9a-f]{16}$/);
    expect(f.movedIdentity).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps the moved identity when the same code stands in another function or a renamed class, not when the code changes", async () => {
    const moved = async (path: string, text: string) => (await analyse(path, text, [FETCH])).findings.map((f) => f.movedIdentity);
    const [before] = await moved("a.py", "def f():\n    fetch('x', 1)\n");
    expect(await moved("b.py", "class Renamed:\n    def g(self):\n        fetch('x', 1)\n")).toEqual([before]);
    expect(await moved("a.py", "def f():\n    fetch('y', 1)\n")).not.toEqual([before]);
  });

  it("keeps the identity through formatting, re-indenting, moves to another file and argument edits, not through a change of subject", async () => {
    const identity = async (path: string, text: string) => (await analyse(path, text, [FETCH])).findings.map((f) => f.identity);
    const [before] = await identity("a.py", "def f():\n    fetch('x', 1)\n");
    expect(await identity("a.py", 'def f():\n    fetch(\n        "x",\n        1,\n    )\n')).toEqual([before]);
    expect(await identity("a.py", "def f():\n    with lock:\n        fetch('x', 1)\n")).toEqual([before]);
    expect(await identity("b.py", "import os\n\n\ndef f():\n    fetch('x', 1)\n")).toEqual([before]);
    expect(await identity("a.py", "def g():\n    fetch('x', 1)\n")).not.toEqual([before]);
    // Editing an argument of the same call is not a new finding (the call is what triggers it).
    expect(await identity("a.py", "def f():\n    fetch('y', 1)\n")).toEqual([before]);
  });

  it("takes a rule's subject over the node text for the identity", async () => {
    const bySubject = callRule("DJP904", "fetch", {
      check(ctx) {
        for (const call of ctx.file.tree.rootNode.descendantsOfType("call")) ctx.report({ node: call, messageId: "call", subject: "shop.models.Order.customer" });
      },
    });
    const a = await analyse("a.py", "def f():\n    fetch(order)\n", [bySubject]);
    const b = await analyse("a.py", "def f():\n    fetch(o, extra=1)\n", [bySubject]);
    expect(a.findings[0]!.identity).toBe(b.findings[0]!.identity);
    expect(a.findings[0]!.fingerprint).not.toBe(b.findings[0]!.fingerprint);
  });

  it("keeps the fingerprint when code moves down and changes it when the flagged text changes", async () => {
    const before = await analyse("a.py", "def f():\n    fetch(1)\n", [FETCH]);
    const moved = await analyse("a.py", "import os\n\n\ndef f():\n    fetch(1)\n", [FETCH]);
    const reindented = await analyse("a.py", "def f():\n  if x:\n      fetch(1)\n", [FETCH]);
    const changed = await analyse("a.py", "def f():\n    fetch(2)\n", [FETCH]);
    const elsewhere = await analyse("b.py", "def f():\n    fetch(1)\n", [FETCH]);
    const fp = before.findings[0]!.fingerprint;
    expect(moved.findings[0]!.range.start.line).toBe(5);
    expect(moved.findings[0]!.fingerprint).toBe(fp);
    expect(reindented.findings[0]!.fingerprint).toBe(fp);
    expect(changed.findings[0]!.fingerprint).not.toBe(fp);
    expect(elsewhere.findings[0]!.fingerprint).not.toBe(fp);
  });

  it("turns a throwing rule into a rule-crash diagnostic while the other rules still report", async () => {
    const crashing = callRule("DJP902", "fetch", {
      check() {
        throw new TypeError("cannot read properties of undefined");
      },
    });
    const { findings, diagnostics } = await analyse("shop/views.py", "fetch(1)\n", [crashing, FETCH]);
    expect(findings.map((f) => f.ruleId)).toEqual(["DJP901"]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ kind: "rule-crash", ruleId: "DJP902", path: "shop/views.py" });
    expect(diagnostics[0]!.message).toMatch(/^DJP902 crashed on this file and was skipped: cannot read properties of undefined/);
  });

  it("reports an unknown message id as a crash of that rule", async () => {
    const wrong = callRule("DJP903", "fetch", {
      check(ctx) {
        ctx.report({ range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, messageId: "nope" });
      },
    });
    const { findings, diagnostics } = await analyse("a.py", "fetch(1)\n", [wrong, FETCH]);
    expect(findings.map((f) => f.ruleId)).toEqual(["DJP901"]);
    expect(diagnostics[0]).toMatchObject({ kind: "rule-crash", ruleId: "DJP903" });
    expect(diagnostics[0]!.message).toContain('unknown messageId "nope"');
  });

  it("applies the configured level, the descriptor's level and `off`", async () => {
    const infoWhenQuiet = callRule("DJP904", "fetch", {
      check(ctx) {
        for (const m of ctx.matches()) if (m.captures.fn?.[0]?.text === "fetch") ctx.report({ node: m.captures.call![0]!, messageId: "call", data: { name: "fetch" }, level: "info" });
      },
    });
    const source = "fetch(1)\n";
    expect((await analyse("a.py", source, [FETCH], configOf("rules: {DJP901: block}"))).findings[0]!.level).toBe("block");
    expect((await analyse("a.py", source, [FETCH], configOf("rules: {DJP9*: info}"))).findings[0]!.level).toBe("info");
    expect((await analyse("a.py", source, [infoWhenQuiet])).findings[0]!.level).toBe("info");
    expect((await analyse("a.py", source, [infoWhenQuiet], configOf("rules: {DJP904: block}"))).findings[0]!.level).toBe("block");
    expect((await analyse("a.py", source, [FETCH], configOf("rules: {DJP901: off}"))).findings).toEqual([]);
    const override = configOf("overrides:\n  - paths: ['legacy/**']\n    rules: {DJP901: off}\n");
    expect((await analyse("legacy/a.py", source, [FETCH], override)).findings).toEqual([]);
    expect((await analyse("shop/a.py", source, [FETCH], override)).findings).toHaveLength(1);
  });

  it("validates options: valid ones reach the rule, invalid ones give a diagnostic and the defaults", async () => {
    const seen: unknown[] = [];
    const withOptions = defineRule({
      ...callRule("DJP905", "fetch"),
      options: z.object({ threshold: z.number().int().default(3) }).strict(),
      check(ctx) {
        seen.push(ctx.options);
      },
    });
    await analyse("a.py", "x = 1\n", [withOptions]);
    await analyse("a.py", "x = 1\n", [withOptions], configOf("rules: {DJP905: {options: {threshold: 10}}}"));
    const bad = await analyse("a.py", "x = 1\n", [withOptions], configOf("rules: {DJP905: {options: {threshold: many}}}"));
    expect(seen).toEqual([{ threshold: 3 }, { threshold: 10 }, { threshold: 3 }]);
    expect(bad.diagnostics).toHaveLength(1);
    expect(bad.diagnostics[0]).toMatchObject({ kind: "config", ruleId: "DJP905" });
    expect(bad.diagnostics[0]!.message).toMatch(/^options for DJP905 are invalid \(threshold: .*\); defaults used$/);
  });

  it("skips a rule whose own option defaults are invalid instead of failing the file", async () => {
    const needsOption = defineRule({
      ...callRule("DJP906", "fetch"),
      options: z.object({ table: z.string() }),
    });
    const { findings, diagnostics } = await analyse("a.py", "fetch(1)\n", [needsOption, FETCH]);
    expect(findings.map((f) => f.ruleId)).toEqual(["DJP901"]);
    expect(diagnostics[0]!.message).toMatch(/the rule was skipped$/);
  });

  it("runs migration rules on migrations only, python rules elsewhere only, `all` rules everywhere", async () => {
    const rules = [
      callRule("DJP911", "fetch", { target: "python" }),
      callRule("DJP912", "fetch", { target: "migration" }),
      callRule("DJP913", "fetch", { target: "all" }),
    ];
    const ids = async (path: string) => (await analyse(path, "fetch(1)\n", rules)).findings.map((f) => f.ruleId);
    expect(await ids("shop/views.py")).toEqual(["DJP911", "DJP913"]);
    expect(await ids("shop/migrations/0002_add_index.py")).toEqual(["DJP912", "DJP913"]);
    expect(await ids("shop/migrations/__init__.py")).toEqual(["DJP911", "DJP913"]);
  });

  it("reports the same place once and sorts findings by position", async () => {
    const twice = callRule("DJP907", "fetch", {
      check(ctx) {
        for (const m of [...ctx.matches()].reverse()) {
          if (m.captures.fn?.[0]?.text !== "fetch") continue;
          ctx.report({ node: m.captures.call![0]!, messageId: "call", data: { name: "fetch" } });
          ctx.report({ node: m.captures.call![0]!, messageId: "call", data: { name: "fetch" } });
        }
      },
    });
    const { findings } = await analyse("a.py", "fetch(1)\nfetch(2); fetch(3)\n", [twice]);
    expect(findings.map((f) => `${f.range.start.line}:${f.range.start.column}`)).toEqual(["1:1", "2:1", "2:11"]);
  });

  it("keeps a report's scope, related locations and fix", async () => {
    const rich = callRule("DJP908", "fetch", {
      check(ctx) {
        const call = ctx.matches()[0]!.captures.call![0]!;
        let scope = call;
        while (scope.type !== "if_statement" && scope.parent) scope = scope.parent;
        ctx.report({
          node: call,
          scope,
          messageId: "call",
          data: { name: "fetch" },
          related: [{ path: "shop/models.py", range: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } }, message: "here" }],
          fix: { safety: "safe", title: "drop it", edits: [{ range: { start: { line: 2, column: 5 }, end: { line: 2, column: 13 } }, newText: "pass" }] },
        });
      },
    });
    const { findings } = await analyse("a.py", "if x:\n    fetch(1)\n", [rich]);
    expect(findings[0]!.range).toEqual({ start: { line: 2, column: 5 }, end: { line: 2, column: 13 } });
    expect(findings[0]!.scope).toEqual({ start: { line: 1, column: 1 }, end: { line: 2, column: 13 } });
    expect(findings[0]!.related).toHaveLength(1);
    expect(findings[0]!.fix?.title).toBe("drop it");
  });
});

describe("crash diagnostics never show server directories", () => {
  it("keeps the project-relative file and line of a stack frame", async () => {
    const { withoutServerPaths } = await import("../../../src/analysis/engine.js");
    expect(withoutServerPaths("at Object.check (/srv/app/rules/DJP101-x/rule.ts:12:5)")).toBe("at Object.check (rules/DJP101-x/rule.ts:12:5)");
    expect(withoutServerPaths("at x (file:///opt/djperf/dist/src/a.js:1:2)")).toBe("at x (src/a.js:1:2)");
    expect(withoutServerPaths("at /usr/lib/node_modules/foo/bar.js:3:4")).toBe("at bar.js:3:4");
    expect(withoutServerPaths("at z (node:internal/x:1:1)")).toBe("at z (node:internal/x:1:1)");
  });
});

describe("migration modules", () => {
  it("are recognised by path and, under MIGRATION_MODULES, by their Migration class", async () => {
    const { isMigrationModule } = await import("../../../src/analysis/migrations.js");
    const { parseFile } = await import("../../../src/pipeline/run-analysis.js");
    const body = "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    expect(isMigrationModule(parseFile("shop/migrations/0002_x.py", "x = 1\n"))).toBe(true);
    expect(isMigrationModule(parseFile("dojo/db_migrations/0049_x.py", body))).toBe(true);
    expect(isMigrationModule(parseFile("shop/views.py", "class Migration:\n    pass\n"))).toBe(false);
    expect(isMigrationModule(parseFile("shop/views.py", "def f():\n    class Migration(migrations.Migration):\n        pass\n"))).toBe(false);
  });
});

describe("loop scopes", () => {
  it("are trimmed to the loop header, so edits elsewhere in the body do not blame a finding", async () => {
    const { parseFile } = await import("../../../src/pipeline/run-analysis.js");
    const { buildProjectIndex } = await import("../../../src/analysis/index/build.js");
    const { createDjangoFacts } = await import("../../../src/analysis/django/facts.js");
    const { analyseFile } = await import("../../../src/analysis/engine.js");
    const { DEFAULT_CONFIG } = await import("../../../src/config/schema.js");
    const rule = defineRule({
      id: "DJP990", name: "t", category: "orm", status: "stable", level: "warn", confidence: "high", fix: "never",
      target: "python", summary: "t", messages: { m: "m" },
      check(ctx) {
        const loop = ctx.file.tree.rootNode.descendantsOfType("for_statement")[0]!;
        const call = loop.descendantsOfType("call")[0]!;
        ctx.report({ node: call, scope: loop, messageId: "m" });
      },
    });
    const file = parseFile("app/x.py", "for o in (\n    qs\n):\n    a = 1\n    o.save()\n    b = 2\n");
    const index = await buildProjectIndex([]);
    const [finding] = analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [rule], config: DEFAULT_CONFIG }).findings;
    expect(finding?.scope).toEqual({ start: { line: 1, column: 1 }, end: { line: 3, column: 3 } });
    expect(finding?.range.start.line).toBe(5);
  });
});

describe("fingerprints of identical lines", () => {
  it("differ between functions and stay equal when the code moves", async () => {
    const { parseFile } = await import("../../../src/pipeline/run-analysis.js");
    const { buildProjectIndex } = await import("../../../src/analysis/index/build.js");
    const { createDjangoFacts } = await import("../../../src/analysis/django/facts.js");
    const { analyseFile } = await import("../../../src/analysis/engine.js");
    const { DEFAULT_CONFIG } = await import("../../../src/config/schema.js");
    const rule = defineRule({
      id: "DJP990", name: "t", category: "orm", status: "stable", level: "warn", confidence: "high", fix: "never",
      target: "python", summary: "t", messages: { m: "m" },
      check(ctx) {
        for (const call of ctx.file.tree.rootNode.descendantsOfType("call")) ctx.report({ node: call, messageId: "m" });
      },
    });
    const run = async (text: string) => {
      const file = parseFile("app/x.py", text);
      const index = await buildProjectIndex([]);
      return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [rule], config: DEFAULT_CONFIG }).findings.map((f) => f.fingerprint);
    };
    const [a, b] = await run("def a():\n    go()\n\ndef b():\n    go()\n");
    expect(a).not.toBe(b);
    const [moved] = await run("\n\n# moved down\ndef a():\n    go()\n");
    expect(moved).toBe(a);
  });
});
