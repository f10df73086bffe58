/**
 * Every rule folder, checked the way its users meet it: the annotated fixture, the safe-fix output and
 * the README's Example / Use instead blocks, each analysed inside the folder's mini project.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePython } from "../src/analysis/parser.js";
import {
  RULES_DIR,
  applySafeFixes,
  codeBlockUnder,
  compareWithAnnotations,
  fixtureFiles,
  fixturePathOf,
  loadRule,
  projectConfig,
  projectSources,
  ruleFolders,
  runRuleOn,
} from "./helpers/fixture-runner.js";

const folders = ruleFolders();

describe.each(folders)("%s", (folder) => {
  const dir = join(RULES_DIR, folder);
  const fixtureFile = join(dir, "fixture.py");

  it("fixture: every ruleid fires, nothing else does", async () => {
    const rule = await loadRule(folder);
    const counts = { ruleid: 0, ok: 0 };
    for (const name of fixtureFiles(folder)) {
      const text = readFileSync(join(dir, name), "utf8");
      const findings = await runRuleOn(rule, fixturePathOf(text), text, projectSources(folder, name), projectConfig(folder));
      const report = compareWithAnnotations(`rules/${folder}/${name}`, text, rule.id, findings);
      expect({ missing: report.missing, noisy: report.noisy, stale: report.stale }).toEqual({ missing: [], noisy: [], stale: [] });
      counts.ruleid += report.counts.ruleid;
      counts.ok += report.counts.ok;
    }
    expect(counts.ruleid, "at least 5 ruleid annotations").toBeGreaterThanOrEqual(5);
    expect(counts.ok, "at least 5 ok annotations").toBeGreaterThanOrEqual(5);
  });

  it("fixture.fixed.py: equals the fixture with every safe fix applied, and parses", async () => {
    const fixedFile = join(dir, "fixture.fixed.py");
    const rule = await loadRule(folder);
    const text = readFileSync(fixtureFile, "utf8");
    const findings = await runRuleOn(rule, fixturePathOf(text), text, projectSources(folder), projectConfig(folder));
    const hasSafeFix = findings.some((f) => f.fix?.safety === "safe");
    if (!existsSync(fixedFile)) {
      expect(hasSafeFix, `${folder} offers safe fixes: add fixture.fixed.py`).toBe(false);
      return;
    }
    const expected = readFileSync(fixedFile, "utf8");
    expect(applySafeFixes(text, rule.id, findings)).toBe(expected);
    expect(parsePython(expected).rootNode.hasError, "fixture.fixed.py has syntax errors").toBe(false);
  });

  it("README: Example fires, Use instead does not", async () => {
    const rule = await loadRule(folder);
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const fixturePath = fixturePathOf(readFileSync(fixtureFile, "utf8"));
    const example = codeBlockUnder(readme, "Example");
    const useInstead = codeBlockUnder(readme, "Use instead");
    expect(example, "README needs a ```python block under ## Example").toBeDefined();
    expect(useInstead, "README needs a ```python block under ## Use instead").toBeDefined();
    const project = projectSources(folder);
    const bad = await runRuleOn(rule, fixturePath, example!, project, projectConfig(folder));
    expect(bad.filter((f) => f.ruleId === rule.id).length, "Example must fire").toBeGreaterThan(0);
    const good = await runRuleOn(rule, fixturePath, useInstead!, project, projectConfig(folder));
    expect(good.filter((f) => f.ruleId === rule.id).map((f) => `${f.range.start.line}: ${f.message}`)).toEqual([]);
  });
});

it("the harness finds rule folders", () => {
  expect(folders.length).toBeGreaterThan(0);
});
