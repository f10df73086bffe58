/**
 * The analysis of a change (a pull request, `djperf diff`): the changed Python files are analysed whole
 * at head, every finding is placed against the diff (first cut: does its construct hold a changed
 * line?), and when some finding is blamed on the change, the merge base is analysed with its own index,
 * so that a finding the base already had is marked `existing` instead of being blamed (second cut,
 * src/diff/blame.ts): only the changed files and rules that can show it (src/diff/base-focus.ts).
 * Shared by the CLI and the App.
 */
import { performance } from "node:perf_hooks";
import type { AnyRule } from "../analysis/rule.js";
import type { AnalysisResult, Finding } from "../analysis/finding.js";
import type { DjperfConfig } from "../config/schema.js";
import { exampleAppsFor, isPathIncluded } from "../config/resolve.js";
import { changesFromFiles, type DiffChanges } from "../diff/parse.js";
import { filterByDiff } from "../diff/filter.js";
import { isNumberedMigration, migrationsInWindow } from "../report/migration-window.js";
import { blameByBase } from "../diff/blame.js";
import type { ChangedFile, RepoSource } from "./ports.js";
import { openAnalysis, runAnalysis, type OpenedAnalysis } from "./run-analysis.js";
import { filesCodeMovedFrom, filesOfAddedFindings, unmatchedAdded, type BaseFocus } from "../diff/base-focus.js";
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
  /** Changed files whose rules ran at the merge base. */
  files: number;
  /** Their base paths, in the order they were analysed (src/diff/base-focus.ts). */
  paths: string[];
  /** The rules of each run at the base: the files holding an added finding, then those code could have moved from. */
  rules: string[][];
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
  const placed = await appliedMigrationsAsExisting(filterByDiff(head.findings, changes, "all").inScope, input, added);
  if (!input.base || !placed.some((f) => f.diff === "added")) return { ...head, findings: placed, changes };

  const started = performance.now();
  // Every changed file that existed at the base: code moved out of one of them keeps its identity.
  const baseOf = new Map<string, string>();
  const apps = await exampleAppsFor(changed, () => input.head.listFiles());
  for (const file of input.changed) {
    if (file.status === "added") continue;
    const basePath = file.previousPath ?? file.path;
    if (basePath.endsWith(".py") && isPathIncluded(config, basePath, apps)) baseOf.set(basePath, file.path);
  }
  // The base's index is built from every one of them (as a whole run would), its rules run only where
  // they can show that an added finding existed before (src/diff/base-focus.ts).
  const source = input.base;
  let opened: Promise<OpenedAnalysis> | undefined;
  const runs: { focus: BaseFocus; result: AnalysisResult }[] = [];
  const runAtBase = async (focus: BaseFocus): Promise<void> => {
    if (focus.paths.length === 0) return;
    opened ??= openAnalysis({ source, targets: [...baseOf.keys()], config, rules, change: true, ...cache });
    runs.push({ focus, result: await (await opened).run(focus) });
  };
  await runAtBase(filesOfAddedFindings(placed, baseOf));
  let compared = compareWithBase(placed, runs, baseOf, input.changed, changes);
  const moved = filesCodeMovedFrom(unmatchedAdded(compared.findings, compared.comparedPaths), baseOf, changes, new Set(runs.flatMap((r) => r.focus.paths)));
  if (moved.paths.length > 0) {
    await runAtBase(moved);
    compared = compareWithBase(placed, runs, baseOf, input.changed, changes);
  }
  const { findings } = compared;
  const existing = findings.filter((f, i) => f.diff === "existing" && placed[i]?.diff === "added").length;
  return {
    ...head,
    findings,
    changes,
    base: {
      files: runs.reduce((n, r) => n + r.focus.paths.length, 0),
      paths: runs.flatMap((r) => r.focus.paths),
      rules: runs.map((r) => r.focus.ruleIds),
      ms: Math.round(performance.now() - started),
      existing,
    },
  };
}

/**
 * How many of a folder's newest migrations at the base may still be unreleased: a feature's migrations
 * are often fixed up while its later ones exist (DefectDojo's 0280 edited beside 0281–0282, rapidpro's
 * 0089 beside 0090), and an edit of one that ten newer ones followed is of shipped history
 * (kerrokantasi's 0025–0052 beside 0064).
 */
const RECENT_MIGRATIONS = 10;

/**
 * A migration file that existed at the base, and that newer migrations of its app had already followed
 * there, has run on the databases deployed since: editing it (a field class swapped after a dependency
 * is dropped, a reformat) never runs its operations there again. What the migration rules say about it
 * was not caused by this change, whatever the base run says (the edit may have made the operation
 * readable, as a swapped field class does). The newest migrations of each folder at the base (the
 * newest ten, or the wider window of `migrations.check_latest` / `migrations.since`) may not be
 * deployed yet, and a fix-up of one of them is judged as usual.
 */
async function appliedMigrationsAsExisting(findings: Finding[], input: RunChangeInput, added: readonly string[]): Promise<Finding[]> {
  // Not a rename: Django knows a migration by its file name, so a renamed one runs again.
  const edited = new Set(input.changed.filter((f) => f.status === "modified" || f.status === "changed").map((f) => f.path));
  const migrationRules = new Set(input.rules.filter((r) => r.target === "migration").map((r) => r.id));
  const candidate = (f: Finding): boolean => f.diff === "added" && edited.has(f.path) && migrationRules.has(f.ruleId) && isNumberedMigration(f.path);
  if (!findings.some(candidate)) return findings;
  const addedPaths = new Set(added);
  const atBase = (await input.head.listFiles()).filter((p) => !addedPaths.has(p));
  const { check_latest: latest, since } = input.config.migrations;
  const recent = migrationsInWindow(atBase, { check_latest: latest === "all" ? "all" : Math.max(latest, RECENT_MIGRATIONS), since });
  return findings.map((f) => (candidate(f) && !recent.has(f.path) ? { ...f, diff: "existing" } : f));
}

/**
 * The second cut with what the base runs found: a changed file is compared when its base version was
 * analysed (and read, and no rule crashed on it) or when the change added it (nothing at the base).
 */
function compareWithBase(
  placed: readonly Finding[],
  runs: readonly { focus: BaseFocus; result: AnalysisResult }[],
  baseOf: ReadonlyMap<string, string>,
  changed: readonly ChangedFile[],
  changes: DiffChanges,
): { findings: Finding[]; comparedPaths: Set<string> } {
  const diagnostics = runs.flatMap((r) => r.result.diagnostics);
  const unread = new Set(diagnostics.filter((d) => d.kind === "skipped" && d.path !== undefined).map((d) => d.path));
  const analysed = new Set(runs.flatMap((r) => r.focus.paths));
  const comparedPaths = new Set([...baseOf].filter(([basePath]) => analysed.has(basePath) && !unread.has(basePath)).map(([, headPath]) => headPath));
  // An added file had nothing at the base: known, and code moved into it can still match.
  for (const file of changed) if (file.status === "added") comparedPaths.add(file.path);
  // Without its rules' results the base proves nothing: a crash there leaves the first cut standing.
  const crashed = new Set(diagnostics.filter((d) => d.kind === "rule-crash" || d.kind === "internal").map((d) => d.path ?? "*"));
  if (crashed.has("*")) comparedPaths.clear();
  for (const [basePath, headPath] of baseOf) if (crashed.has(basePath)) comparedPaths.delete(headPath);
  const findings = blameByBase(placed, { findings: runs.flatMap((r) => r.result.findings), comparedPaths }, changes);
  return { findings, comparedPaths };
}
