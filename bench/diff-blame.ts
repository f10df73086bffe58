/**
 * What the diff-aware comparison with the merge base costs per pull request (issue: accuracy, "Blame"):
 * replays the last N first-parent commits of a repository that change Python files as pull requests
 * (base = first parent) through the same `runChangeAnalysis` that `djperf diff` and the App use, and
 * reports the head analysis time and the extra base analysis time.
 *   npx tsx bench/diff-blame.ts --repo GITDIR [--commits 100] [--ref HEAD]
 * A measuring tool, never a test: nothing here asserts.
 */
import { parseArgs } from "node:util";
import { GitRepository } from "../src/git/repository.js";
import { gitText } from "../src/git/run-git.js";
import { RULES } from "../rules/index.js";
import { replayCommits } from "./replay-commits.js";

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
const skipped: string[] = [];
const onSkip = ({ sha, reason }: { sha: string; reason: string }): void => void skipped.push(`${sha.slice(0, 12)}: ${reason}`);
for await (const { sha, ms, result } of replayCommits(repository, shas, { rules: RULES, limit: wanted, onSkip })) {
  const baseMs = result.base?.ms ?? 0;
  runs.push({ sha, headMs: ms - baseMs, baseMs, compared: result.base !== undefined, existing: result.base?.existing ?? 0, blamed: result.findings.filter((f) => f.diff === "added").length });
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
if (skipped.length > 0) console.log(`${skipped.length} commits not replayed (missing git objects or unreadable):\n  ${skipped.join("\n  ")}`);
