/**
 * `npm run fuzz [-- --seed N --runs N --scale N --budget-ms N --only source|diff|command|config --skip KIND,KIND --path P]`: the fuzz properties of
 * test/fuzz (no throw, no rule crash, findings inside the file, deterministic, work bounded per syntax
 * node) driven by fast-check with many more runs and larger inputs than the suite's quick run (scale 4
 * by default: functions of 1,000 lines, nesting 320 deep, chains of 1,200 links, 16 KB of random bytes).
 * Four fixed files at full size come first (a 10,000-line function, views of deeply nested loops that
 * save or call out, a view of many remote calls). The seed is taken from --seed or the clock and printed first. On a failure fast-check shrinks it; the
 * script prints its report (seed, replay path, shrunk counterexample, the violations), writes the
 * shrunk Python file next to the system's temporary files, and exits 1. `--seed S --only NAME --path P` replays it. `--skip "deep nesting"` leaves out source kinds
 * with a known failure (docs/reliability.md), so a run can find the next one.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { SOURCE_KINDS, SourceCase, sourceArbitraries } from "../test/fuzz/arbitraries.js";
import { checkSource, commandProperty, configProperty, diffProperty, sourceProperty } from "../test/fuzz/properties.js";
import { nestedLoopsDoing, usedRemoteAnswers, worstFunction } from "../test/fuzz/generators.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
function numberOption(name: string, fallback: number): number {
  const value = Number(option(name));
  return Number.isFinite(value) && option(name) !== undefined ? value : fallback;
}

const seed = numberOption("seed", Date.now() % 2_147_483_647);
const runs = numberOption("runs", 200);
const scale = numberOption("scale", 4);
const budgetMs = numberOption("budget-ms", 60_000);
const path = option("path");
const only = option("only");
const skip = new Set((option("skip") ?? "").split(",").filter(Boolean));
const unknown = [...skip].filter((kind) => !(SOURCE_KINDS as readonly string[]).includes(kind));
if (unknown.length > 0) throw new Error(`--skip: no source kind ${unknown.join(", ")} (kinds: ${SOURCE_KINDS.join(", ")})`);
const arbitraries = sourceArbitraries(scale);
const sources = fc.oneof(...SOURCE_KINDS.filter((kind) => !skip.has(kind)).map((kind) => arbitraries[kind]));

console.log(`fuzz: seed ${seed}, ${runs} source files and ${runs * 20} diffs, commands and configs at scale ${scale}`);
const started = Date.now();
const parameters = (numRuns: number) => ({ seed, numRuns, ...(path ? { path } : {}) });

let failures = 0;
async function run<T>(name: string, key: string, property: fc.IRawProperty<[T]>, numRuns: number): Promise<void> {
  if (only !== undefined && only !== key) return;
  const t = Date.now();
  const details = await fc.check(property, parameters(numRuns));
  console.log(`${name}: ${details.numRuns} runs, ${details.failed ? "FAILED" : "ok"}, ${Math.round((Date.now() - t) / 1000)} s`);
  if (!details.failed) return;
  failures++;
  console.log(fc.defaultReportMessage(details));
  console.log(`the violations:\n  ${details.errorInstance instanceof Error ? details.errorInstance.message.replace(/\n/g, "\n  ") : String(details.errorInstance)}`);
  const example = details.counterexample?.[0];
  if (example instanceof SourceCase) {
    const file = join(tmpdir(), `djperf-fuzz-${seed}.py`);
    writeFileSync(file, example.bytes);
    console.log(`the shrunk file: ${file}`);
  }
  console.log(`replay: npm run fuzz -- --seed ${seed} --scale ${scale} --only ${key}${skip.size > 0 ? ` --skip "${[...skip].join(",")}"` : ""} --path "${details.counterexamplePath ?? ""}"`);
}

/**
 * Fixed files at full size, checked once per run with the same properties: the issue's 10,000-line
 * function (the random long functions reach 250 × scale lines), views with queryset loops nested
 * 80 × scale deep, each saving its row or calling a remote service (the random nests hold no such call),
 * and a view of 250 × scale timed remote calls whose answers it uses.
 */
async function fixedFiles(): Promise<void> {
  if (only !== undefined && only !== "source") return;
  const depth = 80 * scale;
  const files: [string, string][] = [
    ["a 10,000-line function of loops and queries", worstFunction()],
    [`a view with loops nested ${depth} deep, each saving its row`, nestedLoopsDoing(depth, (i) => `o${i}.save()`)],
    [`a view with loops nested ${depth} deep, each calling a remote service`, nestedLoopsDoing(depth, () => "requests.get(url)")],
    [`a view of ${250 * scale} timed remote calls whose answers it uses`, usedRemoteAnswers(250 * scale)],
  ];
  for (const [name, text] of files) {
    const t = Date.now();
    const problems = await checkSource(new TextEncoder().encode(text));
    const ms = Date.now() - t;
    if (ms > budgetMs) problems.push(`took ${ms} ms, over the ${budgetMs} ms budget (a hang)`);
    console.log(`${name}: ${problems.length === 0 ? "ok" : "FAILED"}, ${Math.round(ms / 1000)} s`);
    if (problems.length === 0) continue;
    failures++;
    console.log(`the violations:\n  ${problems.join("\n  ")}`);
  }
}

await fixedFiles();
await run("python source", "source", sourceProperty(sources, budgetMs), runs);
await run("unified diffs", "diff", diffProperty(scale), runs * 20);
await run("/djperf commands", "command", commandProperty(scale), runs * 20);
await run("configs", "config", configProperty(scale), runs * 20);
console.log(`fuzz: seed ${seed}, ${failures} failing properties, ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failures > 0 ? 1 : 0);
