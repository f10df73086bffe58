/**
 * The migration rules on real history (issue 8): replays the last N commits that touch a migration
 * as pull requests (base = first parent) through `runChangeAnalysis` with only the DJP2xx rules, and
 * writes every finding the change caused (diff = added) as JSONL plus a per-rule summary.
 *   npx tsx bench/migration-history.ts --repo GITDIR [--commits 200] [--out findings.jsonl]
 * A measuring tool, never a test: nothing here asserts.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { GitRepository } from "../src/git/repository.js";
import { gitText } from "../src/git/run-git.js";
import { RULES } from "../rules/index.js";
import { replayCommits } from "./replay-commits.js";

const { values } = parseArgs({ options: { repo: { type: "string" }, commits: { type: "string", default: "200" }, out: { type: "string" }, ref: { type: "string", default: "HEAD" } } });
if (!values.repo) throw new Error("usage: npx tsx bench/migration-history.ts --repo GITDIR [--commits N] [--out FILE]");
const rules = RULES.filter((r) => r.id.startsWith("DJP2"));
const repository = await GitRepository.open(values.repo);
const wanted = Number(values.commits);
const log = await gitText(repository.dir, ["log", "--no-merges", "--format=%H", `--max-count=${wanted}`, values.ref!, "--", "*migrations/*.py"]);
const shas = log.split("\n").filter(Boolean);

const lines: string[] = [];
const perRule = new Map<string, { findings: number; levels: Record<string, number> }>();
const times: number[] = [];
let crashes = 0;
let replayed = 0;
const skipped: string[] = [];
const onSkip = ({ sha, reason }: { sha: string; reason: string }): void => void skipped.push(`${sha.slice(0, 12)}: ${reason}`);
for await (const { sha, ms, result } of replayCommits(repository, shas, { rules, limit: Infinity, onSkip })) {
  times.push(ms);
  replayed++;
  crashes += result.diagnostics.filter((d) => d.kind === "rule-crash" || d.kind === "internal").length;
  for (const f of result.findings) {
    if (f.diff !== "added") continue;
    const entry = perRule.get(f.ruleId) ?? { findings: 0, levels: {} };
    entry.findings++;
    entry.levels[f.level] = (entry.levels[f.level] ?? 0) + 1;
    perRule.set(f.ruleId, entry);
    lines.push(JSON.stringify({ commit: sha, path: f.path, line: f.range.start.line, rule: f.ruleId, level: f.level, message: f.message.slice(0, 160) }));
  }
}
if (values.out) writeFileSync(values.out, lines.join("\n") + (lines.length ? "\n" : ""));
const sorted = [...times].sort((a, b) => a - b);
const q = (p: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
console.log(`${values.repo}: ${replayed} commits touching migrations replayed (asked ${wanted}); rule crashes/internal errors: ${crashes}`);
console.log(`time per commit: median ${q(0.5)} ms, p95 ${q(0.95)} ms, total ${Math.round(times.reduce((a, b) => a + b, 0) / 1000)} s`);
for (const [id, e] of [...perRule].sort()) console.log(`${id}: ${e.findings} findings ${JSON.stringify(e.levels)}`);
if (skipped.length > 0) console.log(`${skipped.length} commits not replayed (missing git objects or unreadable):\n  ${skipped.join("\n  ")}`);
