/**
 * What the diff-aware comparison with the merge base costs per pull request (issue: accuracy, "Blame"):
 * replays the last N first-parent commits of a repository that change Python files as pull requests
 * (base = first parent) through the same `runChangeAnalysis` that `djperf diff` and the App use, and
 * reports the head analysis time and the extra base analysis time.
 *   npx tsx bench/diff-blame.ts --repo GITDIR [--commits 100] [--ref HEAD]
 * A measuring tool, never a test: nothing here asserts.
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { GitRepository } from "../src/git/repository.js";
import { GitSource } from "../src/git/git-source.js";
import { gitText } from "../src/git/run-git.js";
import { runChangeAnalysis } from "../src/pipeline/run-change.js";
import { isPathIncluded } from "../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { RULES } from "../rules/index.js";

const { values } = parseArgs({ options: { repo: { type: "string" }, commits: { type: "string", default: "100" }, ref: { type: "string", default: "HEAD" } } });
if (!values.repo) throw new Error("usage: npx tsx bench/diff-blame.ts --repo GITDIR [--commits N] [--ref REF]");
const repository = await GitRepository.open(values.repo);
const wanted = Number(values.commits);
const shas = (await gitText(repository.dir, ["rev-list", "--first-parent", "--max-count", String(wanted * 4), values.ref!])).split("\n").filter(Boolean);

interface Run {
  sha: string;
  headMs: number;
  baseMs: number;
  compared: boolean;
  existing: number;
  blamed: number;
}
const runs: Run[] = [];
for (const sha of shas) {
  if (runs.length >= wanted) break;
  const parent = (await gitText(repository.dir, ["rev-parse", `${sha}^1`]).catch(() => "")).trim();
  if (!parent) continue;
  const changed = await repository.changedFiles(parent, sha);
  const targets = changed.filter((f) => f.status !== "removed" && f.path.endsWith(".py") && isPathIncluded(DEFAULT_CONFIG, f.path)).map((f) => f.path);
  if (targets.length === 0) continue;
  const started = performance.now();
  const result = await runChangeAnalysis({ head: new GitSource(repository, sha), base: new GitSource(repository, parent), changed, targets, config: DEFAULT_CONFIG, rules: RULES });
  const total = performance.now() - started;
  const baseMs = result.base?.ms ?? 0;
  runs.push({ sha, headMs: total - baseMs, baseMs, compared: result.base !== undefined, existing: result.base?.existing ?? 0, blamed: result.findings.filter((f) => f.diff === "added").length });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const compared = runs.filter((r) => r.compared);
const fmt = (n: number): string => `${Math.round(n)} ms`;
console.log(`repository ${values.repo}: ${runs.length} pull requests replayed, ${compared.length} needed the base comparison`);
console.log(`head analysis      median ${fmt(pct(runs.map((r) => r.headMs), 50))}  p95 ${fmt(pct(runs.map((r) => r.headMs), 95))}`);
console.log(`base comparison    median ${fmt(pct(compared.map((r) => r.baseMs), 50))}  p95 ${fmt(pct(compared.map((r) => r.baseMs), 95))} (only where needed)`);
console.log(`extra per PR       mean ${fmt(runs.reduce((n, r) => n + r.baseMs, 0) / Math.max(1, runs.length))} over all replayed PRs`);
console.log(`findings the first cut blamed that the base already had: ${runs.reduce((n, r) => n + r.existing, 0)}; still blamed: ${runs.reduce((n, r) => n + r.blamed, 0)}`);
