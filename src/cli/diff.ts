/**
 * `djperf diff --base REF --head REF`: what a pull request would get. The changed .py files are
 * analysed whole at head (with an index of the whole head tree) and findings are kept when the change
 * caused them (the --filter mode); everything is read from git objects, so bare clones work.
 */
import { resolve } from "node:path";
import { exampleAppsFor, isPathIncluded } from "../config/resolve.js";
import { isInScope } from "../diff/filter.js";
import { findGitTopLevel, GitRepository, NoMergeBaseError } from "../git/repository.js";
import { GitError } from "../git/run-git.js";
import { GitSource } from "../git/git-source.js";
import { runChangeAnalysis } from "../pipeline/run-change.js";
import { moduleFactsCache } from "../analysis/index/facts-cache.js";
import { limitTargets, targetLimitsOf } from "../pipeline/review-limits.js";
import type { CliArgs } from "./args.js";
import { isUnder } from "./check.js";
import { loadConfig } from "./config-file.js";
import { applySelection, splitSelectors } from "./rule-selection.js";
import { applyBaseline, baselineFromText, readBaselineFile } from "./baseline-file.js";
import { UsageError, type CliIo } from "./io.js";
import { displayRootOf, excludedLine, nothingAnalysedLine, exitCodeOf, progressLine, render } from "./output.js";

export async function runDiff(args: CliArgs, io: CliIo): Promise<number> {
  if (args.base === undefined) throw new UsageError("diff needs --base REF (the branch the change goes into)");
  const repository = await GitRepository.open(resolve(io.cwd, args.repo ?? "."));
  const shallow = await repository.isShallow();
  const head = await resolveOrExplain(repository, args.head ?? "HEAD", shallow);
  const baseSha = await resolveOrExplain(repository, args.base, shallow);
  let mergeBase: string;
  try {
    mergeBase = await repository.mergeBase(baseSha, head);
  } catch (error) {
    if (error instanceof NoMergeBaseError) throw new GitError(noMergeBaseMessage(args.base, args.head ?? "HEAD", shallow));
    throw error;
  }
  const changed = await repository.changedFiles(baseSha, head);

  const scopes = [...args.paths, ...args.positionals].map(normaliseScope);
  const targets = changed
    .filter((f) => f.status !== "removed" && f.path.endsWith(".py"))
    .map((f) => f.path)
    .filter((path) => scopes.length === 0 || scopes.some((scope) => isUnder(path, scope)));

  const source = new GitSource(repository, head);
  const { config, rules } = applySelection(await loadConfig(io, args, source), io.rules, { select: splitSelectors(args.select), ignore: splitSelectors(args.ignore) });
  // The per-review limits apply as in the App: a huge diff is cut at the same file, and says so.
  // Excluded files (tests, …) cost nothing: they stay in the targets for the analysis to count them.
  const sizes = await source.fileSizes(targets);
  const apps = await exampleAppsFor(targets, () => source.listFiles());
  const limited = limitTargets(targets.filter((p) => isPathIncluded(config, p, apps)), (p) => sizes.get(p), targetLimitsOf(config));
  const notAnalysed = new Set(limited.notAnalysed);
  const progress = progressLine(io);
  const base = new GitSource(repository, mergeBase);
  // The facts store (the cache folder, none with --no-cache) also keeps each changed file's outcome.
  const analysed = await runChangeAnalysis({ head: source, base, changed, targets: targets.filter((p) => !notAnalysed.has(p)), config, rules, onProgress: progress.onProgress, findingsStore: moduleFactsCache.store });
  const result = { ...analysed, diagnostics: [...limited.diagnostics, ...analysed.diagnostics] };
  progress.finish();
  if (limited.note !== undefined) io.stderr(`${limited.note.replace(/^djperf /, "djperf: ")}\n`);

  const excluded = excludedLine(result);
  if (excluded) io.stderr(excluded);
  // A change without Python files is normal (a front-end pull request); one whose files were all left out is worth a warning.
  if (targets.length === 0) io.stderr(`djperf: no Python files changed${scopes.length > 0 ? ` under ${scopes.join(", ")}` : ""}; nothing to analyse\n`);
  else if (limited.note === undefined) io.stderr(nothingAnalysedLine(result, "in the change"));
  const mode = args.filter ?? config.filter;
  const inScope = result.findings.filter((f) => isInScope(f.diff, mode));
  const hidden = result.findings.filter((f) => !isInScope(f.diff, mode));
  const existing = hidden.filter((f) => f.diff === "existing").length;
  if (existing > 0) {
    const s = existing === 1 ? "" : "s";
    io.stderr(`djperf: ${existing} finding${s} in code this change touched already existed at the merge base (not caused by it) and ${existing === 1 ? "is" : "are"} not shown; --filter context shows them\n`);
  }
  if (hidden.length > existing) {
    const n = hidden.length - existing;
    const s = n === 1 ? "" : "s";
    io.stderr(`djperf: ${n} finding${s} in changed files but outside the change (--filter ${mode}) not shown; --filter all shows them\n`);
  }
  const { changes: _changes, base: _base, ...rest } = result;
  let shown = { ...rest, findings: inScope };
  // A baseline: `--baseline FILE` from disk, else the config's `baseline:` as committed at head.
  if (args.baseline !== undefined) {
    const baseline = await readBaselineFile(resolve(io.cwd, args.baseline), args.baseline);
    if (baseline === undefined) throw new UsageError(`baseline not found: ${args.baseline} (\`djperf baseline\` writes one)`);
    shown = applyBaseline(io, shown, baseline, args.baseline);
  } else if (config.baseline !== undefined) {
    const content = (await source.readFiles([config.baseline])).get(config.baseline);
    if (content?.ok) shown = applyBaseline(io, shown, baselineFromText(new TextDecoder().decode(content.bytes), config.baseline), config.baseline);
    else io.stderr(`djperf: warning: the baseline ${config.baseline} named in the config is not in the head commit\n`);
  }
  // Paths are shown from the work tree's top so they open from the shell; a bare repository has none.
  const top = await findGitTopLevel(repository.dir);
  const displayRoot = top === undefined ? undefined : await displayRootOf(io.cwd, top);
  io.stdout(await render({ result: shown, source, args, io, displayRoot, ...(top !== undefined ? { repoRoot: top } : {}), summary: { config, scope: "this change" } }));
  return exitCodeOf(shown, args.strict);
}

/**
 * Why two revisions have no common ancestor, and what to do. In CI the usual cause is a shallow
 * checkout (actions/checkout fetches one commit by default), which cuts off the history joining them.
 */
export function noMergeBaseMessage(base: string, head: string, shallow: boolean): string {
  const pair = `"${base}" and "${head}"`;
  if (!shallow) return `no common ancestor between ${pair}: they share no history (unrelated branches?)`;
  return (
    `no common ancestor between ${pair} in this shallow clone: the history that joins them was not fetched. ` +
    "Fetch it with `git fetch --unshallow` (or `git fetch --deepen=200` until it is found), " +
    "or check out with `fetch-depth: 0` (actions/checkout)"
  );
}

/** A revision, or a message saying how to fetch it when this clone lacks it. */
async function resolveOrExplain(repository: GitRepository, ref: string, shallow: boolean): Promise<string> {
  try {
    return await repository.resolveCommit(ref);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    // `origin/main` names a branch of a configured remote: missing means not fetched, not misspelt.
    const slash = ref.indexOf("/");
    const remote = slash > 0 && (await repository.remotes()).includes(ref.slice(0, slash)) ? { name: ref.slice(0, slash), branch: ref.slice(slash + 1) } : undefined;
    if (!shallow && remote === undefined) throw error;
    const fetch = remote !== undefined ? `\`git fetch ${remote.name} ${remote.branch}\`` : "`git fetch origin`";
    throw new GitError(`unknown revision "${ref}": this clone does not have it; fetch it first (${fetch}), or check out with \`fetch-depth: 0\` (actions/checkout)`);
  }
}

/** `--paths ./shop/` → `shop`; "." means the whole repository. */
function normaliseScope(path: string): string {
  const trimmed = path.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (trimmed.startsWith("/") || trimmed.split("/").includes("..")) {
    throw new UsageError(`--paths takes repository-relative paths, not ${path}`);
  }
  return trimmed === "." ? "" : trimmed;
}
