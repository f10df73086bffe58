/**
 * The replay loop the history benches share (migration-history.ts, diff-blame.ts): each commit as a
 * pull request (base = first parent) through `runChangeAnalysis`, the path `djperf diff` and the App
 * take. A commit whose parent, tree or blobs are missing from the clone (a shallow or partial mirror,
 * a pruned object) is recorded as a diagnostic and skipped, never the end of the run.
 */
import { performance } from "node:perf_hooks";
import type { GitRepository } from "../src/git/repository.js";
import { GitSource } from "../src/git/git-source.js";
import { gitText } from "../src/git/run-git.js";
import { runChangeAnalysis } from "../src/pipeline/run-change.js";
import { isPathIncluded } from "../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import type { AnyRule } from "../src/analysis/rule.js";

export type ChangeResult = Awaited<ReturnType<typeof runChangeAnalysis>>;

export interface Replayed {
  sha: string;
  ms: number;
  result: ChangeResult;
}

export interface ReplaySkip {
  sha: string;
  reason: string;
}

export interface ReplayOptions {
  rules: readonly AnyRule[];
  /** Stop after this many replayed commits (the list may hold more candidates). */
  limit: number;
  /** Called for each commit that could not be replayed. */
  onSkip?: (skip: ReplaySkip) => void;
}

/** Replays `shas` in order; yields each commit that changes an included Python file. */
export async function* replayCommits(repository: GitRepository, shas: readonly string[], options: ReplayOptions): AsyncGenerator<Replayed> {
  let done = 0;
  for (const sha of shas) {
    if (done >= options.limit) return;
    try {
      const parent = (await gitText(repository.dir, ["rev-parse", `${sha}^1`]).catch(() => "")).trim();
      if (!parent) continue;
      const changed = await repository.changedFiles(parent, sha);
      const targets = changed.filter((f) => f.status !== "removed" && f.path.endsWith(".py") && isPathIncluded(DEFAULT_CONFIG, f.path)).map((f) => f.path);
      if (targets.length === 0) continue;
      const started = performance.now();
      const result = await runChangeAnalysis({ head: new GitSource(repository, sha), base: new GitSource(repository, parent), changed, targets, config: DEFAULT_CONFIG, rules: options.rules });
      done++;
      yield { sha, ms: performance.now() - started, result };
    } catch (error) {
      // A missing git object (or any failure reading this commit) costs this commit, not the run.
      options.onSkip?.({ sha, reason: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
    }
  }
}
