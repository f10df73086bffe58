/**
 * `npm run fuzz [-- --seed N --cases N --scale N --only I --budget-ms N]`: the fuzz properties of
 * test/fuzz (no throw, no rule crash, findings inside the file, deterministic, work bounded per syntax
 * node) on many more cases and larger inputs than the suite's quick run (scale 4 by default:
 * 10,000-line functions, deeper nesting, longer chains). The work bound is the hang check (a count,
 * the same on every machine); the time budget per case stays as a backstop. Exit 1 on any failure,
 * printing the seed and case index that reproduce it.
 */
import { commandCase, configCase, diffCase, sourceCase } from "../test/fuzz/generators.js";
import { checkCommand, checkConfig, checkDiff, checkSource } from "../test/fuzz/properties.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

const seed = option("seed", Date.now() % 1_000_000_000);
const cases = option("cases", 200);
const scale = option("scale", 4);
const only = option("only", -1);
const budgetMs = option("budget-ms", 60_000);

let failures = 0;
const started = Date.now();
for (let i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : cases); i++) {
  const c = sourceCase(seed, i, scale);
  const t = Date.now();
  const problems = [...(await checkSource(c.bytes)), ...checkDiff(diffCase(seed, i)), ...checkCommand(commandCase(seed, i)), ...checkConfig(configCase(seed, i))];
  const ms = Date.now() - t;
  if (ms > budgetMs) problems.push(`took ${ms} ms, over the ${budgetMs} ms budget (a hang)`);
  if (problems.length > 0) {
    failures++;
    console.log(`FAIL seed ${seed} case ${i} (${c.kind}, ${c.bytes.length} bytes):\n  ${problems.join("\n  ")}`);
  }
}
console.log(`fuzz: seed ${seed}, ${only >= 0 ? 1 : cases} cases at scale ${scale}, ${failures} failing, ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failures > 0 ? 1 : 0);
