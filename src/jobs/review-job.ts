/**
 * Runs a queued review: the repository's config, then the pipeline's runReview under the queue's
 * signal and a time limit. runReview completes its check run on every failure; when even that fails,
 * the completion is tried again here a few times, so no check run stays in progress.
 */
import { planCrashedCheckRun, planSupersededCheckRun } from "../report/check-run.js";
import { errorFields } from "../github/logger.js";
import { GitHubPublisher } from "../github/publisher.js";
import { CheckRunNotCompletedError, Superseded } from "../pipeline/run-review.js";
import type { ReviewJob } from "./job.js";
import { loadRepoConfig } from "./repo-config.js";
import { ruleReferenceProblems } from "../config/rule-references.js";
import type { JobDependencies } from "./process-job.js";

/** Waits before the last-resort completion attempts, after the gateway's own retries gave up. */
export const COMPLETION_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000];

export async function processReviewJob(job: ReviewJob, signal: AbortSignal, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "review", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const { octokit, gateway } = await deps.installation(job.installationId);
  const loaded = await loadRepoConfig(octokit, job, log);
  // Rule ids and options this version does not know are reported in the check run like other config problems.
  const config = { ...loaded, problems: [...loaded.problems, ...ruleReferenceProblems(loaded.config, deps.rules)] };
  // Even when already aborted, runReview runs: it gives the commit a check run that says why it stopped.
  const limit = timeLimit(deps.reviewTimeoutMs);
  try {
    await deps.runReview(job, {
      gateway,
      config,
      rules: deps.rules,
      logger: log,
      signal: AbortSignal.any([signal, limit.signal]),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.blobCache ? { blobCache: deps.blobCache } : {}),
      ...(deps.docsBase !== undefined ? { docsBase: deps.docsBase } : {}),
      ...(deps.analyse ? { analyse: deps.analyse } : {}),
    });
  } catch (error) {
    if (!(error instanceof CheckRunNotCompletedError)) throw error;
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    const plan = reason instanceof Superseded ? planSupersededCheckRun(reason.newSha) : planCrashedCheckRun(error.runError);
    const publisher = new GitHubPublisher(gateway, { owner: job.owner, repo: job.repo, pr: job.pr }, { logger: log, ...(deps.clock ? { clock: deps.clock } : {}) });
    for (const wait of COMPLETION_RETRY_DELAYS_MS) {
      await deps.sleep(wait);
      try {
        await publisher.completeCheckRun(error.checkRunId, plan);
        log.info({ checkRunId: error.checkRunId }, "check run completed on a later attempt");
        return;
      } catch (retryError) {
        log.warn({ checkRunId: error.checkRunId, ...errorFields(retryError) }, "check run still not completed");
      }
    }
    throw error;
  } finally {
    limit.clear();
  }
}

/** An AbortSignal that fires after `ms`, with a reason that reads well in the check run. */
function timeLimit(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the review did not finish within ${duration(ms)}`)), ms);
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

function duration(ms: number): string {
  if (ms >= 60_000) return `${Math.round(ms / 6_000) / 10} minutes`;
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}
