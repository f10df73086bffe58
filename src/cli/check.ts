/**
 * `djperf check [PATHS...]`: whole files and folders on disk. The index is built from the project root
 * (so models elsewhere in the project are known); findings are reported for the given paths only.
 */
import { existsSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { runAnalysis } from "../pipeline/run-analysis.js";
import { findGitTopLevel } from "../git/repository.js";
import type { CliArgs } from "./args.js";
import { loadConfig } from "./config-file.js";
import { applyMigrationWindow } from "../report/migration-window.js";
import { migrationGraphOf } from "./migration-graph.js";
import { dropAdvisorSites } from "../report/advisor-window.js";
import { fixesDiff, fixToConvergence, writeFixes } from "./fix.js";
import { rebaseResult, withPrefix } from "./repo-paths.js";
import { applyBaseline, baselineUnderPrefix, DEFAULT_BASELINE, readBaselineFile, writeBaselineFile } from "./baseline-file.js";
import type { AnalysisResult } from "../analysis/finding.js";
import type { RepoSource } from "../pipeline/ports.js";
import { applySelection, splitSelectors } from "./rule-selection.js";
import { FsSource, relativeInside } from "./fs-source.js";
import { analyseInThreads, threadCount } from "./check-threads.js";
import { DiskFactsStore } from "./facts-store.js";
import { moduleFactsCache } from "../analysis/index/facts-cache.js";
import { UsageError, type CliIo } from "./io.js";
import { displayRootOf, excludedLine, nothingAnalysedLine, exitCodeOf, progressLine, render } from "./output.js";

export async function runCheck(args: CliArgs, io: CliIo): Promise<number> {
  const inputs = args.positionals.length > 0 ? args.positionals : ["."];
  const resolved = await Promise.all(inputs.map((p) => canonicalPath(io.cwd, p)));
  const first = resolved[0]!;
  const { root, top } = await projectRootOf(first.isDirectory ? first.absolute : dirname(first.absolute));
  // The project's place in the repository (`backend`), for paths in machine-readable formats.
  const repoPrefix = top === undefined ? "" : (relativeInside(top, root) ?? "");

  const scopes: string[] = [];
  for (const { input, absolute } of resolved) {
    const relative = relativeInside(root, absolute);
    if (relative === undefined) throw new UsageError(`${input} is outside the project root ${root}`);
    scopes.push(relative);
  }

  const source = new FsSource(root);
  const loaded = await loadConfig(io, args, source, top !== undefined && repoPrefix !== "" ? { dir: top, prefix: repoPrefix } : undefined);
  const { config, rules } = applySelection(loaded, io.rules, { select: splitSelectors(args.select), ignore: splitSelectors(args.ignore) });
  const targets = (await source.listFiles()).filter((path) => scopes.some((scope) => isUnder(path, scope)));
  const progress = progressLine(io);
  const analyse = (from: RepoSource): Promise<AnalysisResult> => runAnalysis({ source: from, targets, config, rules, onProgress: progress.onProgress });
  const displayRoot = await displayRootOf(io.cwd, root);
  let result: AnalysisResult;
  if (args.fix || args.diff) {
    const outcome = await fixToConvergence(source, analyse, args.unsafeFixes);
    progress.finish();
    const files = `${outcome.changed.size} file${outcome.changed.size === 1 ? "" : "s"}`;
    const unsafeLeft = args.unsafeFixes ? 0 : outcome.result.findings.filter((f) => f.fix?.safety === "unsafe" && f.fix.edits.length > 0).length;
    const hint = unsafeLeft > 0 ? ` (${unsafeLeft} more with --unsafe-fixes)` : "";
    if (args.diff) {
      // Paths from the repository root, as `git apply` reads them.
      io.stdout(fixesDiff(outcome.changed, (path) => withPrefix(repoPrefix, path)));
      io.stderr(`djperf: would fix ${outcome.fixed} finding${outcome.fixed === 1 ? "" : "s"} in ${files}${hint}\n`);
      return outcome.changed.size > 0 ? 1 : 0;
    }
    await writeFixes(root, outcome.changed);
    io.stderr(`djperf: fixed ${outcome.fixed} finding${outcome.fixed === 1 ? "" : "s"} in ${files}${hint}\n`);
    result = outcome.result;
  } else {
    const threads = threadCount(args.threads, targets.filter((p) => p.endsWith(".py")).length, rules);
    const disk = moduleFactsCache.store instanceof DiskFactsStore ? { root: moduleFactsCache.store.root, version: moduleFactsCache.store.version } : null;
    result = threads > 1 ? await analyseInThreads({ root, targets, config, rules, threads, cache: disk }) : await analyse(source);
    progress.finish();
  }
  // Migration rules in a whole-repository check: only migrations that may not be deployed yet (src/report/migration-window.ts).
  const migrationRules = new Set(rules.filter((r) => r.target === "migration").map((r) => r.id));
  const windowed = config.migrations.check_latest !== "all" || Object.keys(config.migrations.since).length > 0;
  const graph = windowed && result.findings.some((f) => migrationRules.has(f.ruleId)) ? await migrationGraphOf(source, await source.listFiles()) : undefined;
  const window = applyMigrationWindow(result, targets, config.migrations, migrationRules, graph);
  result = dropAdvisorSites(window.result);
  if (window.hidden > 0) {
    const setting = config.migrations.check_latest === 1 ? "the newest migration of each app" : `the newest ${String(config.migrations.check_latest)} migrations of each app`;
    io.stderr(`djperf: ${window.hidden} migration finding${window.hidden === 1 ? "" : "s"} in older, already-applied migrations not shown (check reports ${setting}; set \`migrations.check_latest: all\` or \`migrations.since\` in the config, or use \`djperf diff\` for a branch)\n`);
  }
  const excluded = excludedLine(result);
  if (excluded) io.stderr(excluded);
  io.stderr(nothingAnalysedLine(result, inputs.length === 1 && inputs[0] === "." ? "here" : `under ${inputs.join(", ")}`));

  // Baseline: `djperf baseline` writes one; `--baseline FILE` (or the config's `baseline:`) leaves its findings out.
  const repoRoot = top ?? root;
  const baselineFile = args.baseline !== undefined ? resolve(io.cwd, args.baseline) : config.baseline !== undefined ? join(repoRoot, config.baseline) : args.command === "baseline" ? join(repoRoot, DEFAULT_BASELINE) : undefined;
  if (baselineFile !== undefined) {
    const shown = args.baseline ?? (relative(io.cwd, baselineFile) || baselineFile);
    const existing = args.command === "baseline" ? undefined : await readBaselineFile(baselineFile, shown);
    if (existing === undefined && (args.command === "baseline" || args.baseline !== undefined)) {
      await writeBaselineFile(io, baselineFile, shown, rebaseResult(result, repoPrefix));
      if (args.command === "baseline") return 0;
    }
    if (existing === undefined && args.baseline === undefined) io.stderr(`djperf: warning: the baseline ${shown} named in the config does not exist; \`djperf baseline\` writes it\n`);
    const baseline = existing ?? (await readBaselineFile(baselineFile, shown));
    if (baseline !== undefined) result = applyBaseline(io, result, baselineUnderPrefix(baseline, repoPrefix), shown);
  }
  const summary = { config, scope: "the analysed files" };
  io.stdout(await render({ result, source, args, io, displayRoot, repoPrefix, repoRoot, summary }));
  return exitCodeOf(result, args.strict);
}

/** `scope` "" is the whole project; otherwise the path itself or anything below it. */
export function isUnder(path: string, scope: string): boolean {
  return scope === "" || path === scope || path.startsWith(`${scope}/`);
}

interface CanonicalPath {
  input: string;
  absolute: string;
  isDirectory: boolean;
}

/**
 * An existing path with its folder's symlinks resolved, so it compares with the root git reports;
 * the last component is kept as given, so a symlinked file stays a symlink (and is reported as one).
 */
async function canonicalPath(cwd: string, input: string): Promise<CanonicalPath> {
  const absolute = resolve(cwd, input);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new UsageError(`no such file or directory: ${input}`);
  if (info.isDirectory()) return { input, absolute: await realpath(absolute), isDirectory: true };
  return { input, absolute: join(await realpath(dirname(absolute)), basename(absolute)), isDirectory: false };
}

/**
 * The nearest folder at or above `start` holding manage.py (not looking above the git work tree, if
 * any), else the git work tree, else `start`; with the git work tree (canonical), when there is one.
 */
async function projectRootOf(start: string): Promise<{ root: string; top: string | undefined }> {
  const gitTop = await findGitTopLevel(start);
  const top = gitTop !== undefined ? await realpath(gitTop) : undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "manage.py"))) return { root: dir, top };
    if (dir === top || dirname(dir) === dir) break;
  }
  return { root: top ?? start, top };
}
