/**
 * The analysis of a change (a pull request, `djperf diff`): the changed Python files are analysed whole
 * at head, every finding is placed against the diff (first cut: does its construct hold a changed
 * line?), and when some finding is blamed on the change, the changed files are analysed again at the
 * merge base with the base's own index, so that a finding the base already had is marked `existing`
 * instead of being blamed (second cut, src/diff/blame.ts). Shared by the CLI and the App.
 */
import { performance } from "node:perf_hooks";
import type { AnyRule } from "../analysis/rule.js";
import type { AnalysisResult, Finding } from "../analysis/finding.js";
import type { DjperfConfig } from "../config/schema.js";
import { isPathIncluded } from "../config/resolve.js";
import { changesFromFiles, type DiffChanges } from "../diff/parse.js";
import { filterByDiff } from "../diff/filter.js";
import { blameByBase } from "../diff/blame.js";
import type { ChangedFile, RepoSource } from "./ports.js";
import { runAnalysis } from "./run-analysis.js";
import type { FactsStore, ModuleFactsCache } from "../analysis/index/facts-cache.js";

export interface RunChangeInput {
  head: RepoSource;
  /** The merge-base revision; without it only the first cut applies. */
  base?: RepoSource;
  changed: readonly ChangedFile[];
  /** Head paths to analyse (changed Python files the caller selected). */
  targets: readonly string[];
  config: DjperfConfig;
  rules: readonly AnyRule[];
  onProgress?: (done: number, total: number) => void;
  /** The index's per-file facts cache for both sides (default: the process-wide one). */
  factsCache?: ModuleFactsCache;
  /** Where both sides' per-file outcomes are kept between runs (src/pipeline/findings-cache.ts); none by default. */
  findingsStore?: FactsStore | null;
}

export interface BaseComparison {
  /** Changed files analysed at the merge base. */
  files: number;
  /** Time spent on the base side (index and analysis), in milliseconds. */
  ms: number;
  /** Findings the first cut blamed on the change that the base already had. */
  existing: number;
}

export interface ChangeAnalysis extends AnalysisResult {
  /** Every head finding of the analysed files, with `diff` set (filter them by mode with isInScope). */
  findings: Finding[];
  changes: DiffChanges;
  /** Present when the merge base was analysed. */
  base?: BaseComparison;
}

export async function runChangeAnalysis(input: RunChangeInput): Promise<ChangeAnalysis> {
  const { config, rules } = input;
  // Files the change added: the tables their migrations create are new (exempt from the lock rules).
  const added = input.changed.filter((f) => f.status === "added").map((f) => f.path);
  const cache = { ...(input.factsCache ? { factsCache: input.factsCache } : {}), ...(input.findingsStore ? { findingsStore: input.findingsStore } : {}) };
  // Every path it touched, both names of a rename: DJP207 asks whether the change touched an app's model code.
  const changed = input.changed.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));
  const head = await runAnalysis({ source: input.head, targets: input.targets, config, rules, added, changed, change: true, ...(input.onProgress ? { onProgress: input.onProgress } : {}), ...cache });
  const changes = changesFromFiles(input.changed);
  const placed = filterByDiff(head.findings, changes, "all").inScope;
  if (!input.base || !placed.some((f) => f.diff === "added")) return { ...head, findings: placed, changes };

  const started = performance.now();
  // Every changed file that existed at the base: code moved out of one of them keeps its identity.
  const baseOf = new Map<string, string>();
  for (const file of input.changed) {
    if (file.status === "added") continue;
    const basePath = file.previousPath ?? file.path;
    if (basePath.endsWith(".py") && isPathIncluded(config, basePath)) baseOf.set(basePath, file.path);
  }
  const base = await runAnalysis({ source: input.base, targets: [...baseOf.keys()], config, rules, change: true, ...cache });
  const unread = new Set(base.diagnostics.filter((d) => d.kind === "skipped" && d.path !== undefined).map((d) => d.path));
  const comparedPaths = new Set([...baseOf].filter(([basePath]) => !unread.has(basePath)).map(([, headPath]) => headPath));
  // An added file had nothing at the base: known, and code moved into it can still match.
  for (const file of input.changed) if (file.status === "added") comparedPaths.add(file.path);
  // Without its rules' results the base proves nothing: a crash there leaves the first cut standing.
  const crashed = new Set(base.diagnostics.filter((d) => d.kind === "rule-crash" || d.kind === "internal").map((d) => d.path ?? "*"));
  if (crashed.has("*")) comparedPaths.clear();
  for (const [basePath, headPath] of baseOf) if (crashed.has(basePath)) comparedPaths.delete(headPath);

  const findings = blameByBase(placed, { findings: base.findings, comparedPaths }, changes);
  const existing = findings.filter((f, i) => f.diff === "existing" && placed[i]?.diff === "added").length;
  return {
    ...head,
    findings,
    changes,
    base: { files: baseOf.size, ms: Math.round(performance.now() - started), existing },
  };
}
