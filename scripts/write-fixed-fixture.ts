/**
 * Regenerates `rules/<folder>/fixture.fixed.py` from the fixture and the rule's safe fixes, the way
 * test/rules.test.ts checks it. Run after changing a fixture, then read the diff before committing:
 * `npx tsx scripts/write-fixed-fixture.ts DJP105-python-side-count-or-exists`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, applySafeFixes, fixturePathOf, loadRule, projectSources, runRuleOn } from "../test/helpers/fixture-runner.js";

for (const folder of process.argv.slice(2)) {
  const rule = await loadRule(folder);
  const text = readFileSync(join(RULES_DIR, folder, "fixture.py"), "utf8");
  const findings = await runRuleOn(rule, fixturePathOf(text), text, projectSources(folder));
  writeFileSync(join(RULES_DIR, folder, "fixture.fixed.py"), applySafeFixes(text, rule.id, findings));
  console.log(`${folder}: fixture.fixed.py written`);
}
