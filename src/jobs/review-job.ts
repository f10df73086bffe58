/**
 * Runs a queued review: the repository's config, then the pipeline's runReview under the queue's
 * signal and a time limit. runReview completes its check run on every failure; when even that fails,
 * the completion is tried again here a few times, so no check run stays in progress.
 */
import { planCrashedCheckRun, planSupersededCheckRun } from "../report/check-run.js";
import { errorFields } from "../github/logger.js";
import { GitHubPublisher } from "../github/publisher.js";
import { rateLimitRetryAfterMs } from "../github/errors.js";
import { CheckRunNotCompletedError, ReviewNotStartedError, Superseded } from "../pipeline/run-review.js";
import { RetryLater } from "./queue.js";
import type { ReviewJob } from "./job.js";
import { loadRepoConfig } from "./repo-config.js";
import { ruleReferenceProblems } from "../config/rule-references.js";
import type { JobDependencies } from "./process-job.js";

/** Waits before the last-resort completion attempts, after the gateway's own retries gave up. */
export const COMPLETION_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000];

/**
 * Waits before starting a review again when it could not start (GitHub failed the check-run create, or
 * the installation token could not be had): nothing exists yet, so a later attempt is safe, and without
 * it the commit would have no djperf check run at all.
 */
export const START_RETRY_DELAYS_MS: readonly number[] = [2_000, 15_000, 60_000];

/**
 * How often one review is put back for after a GitHub rate limit resets. The primary limit resets
 * hourly; a commit still limited after this many hours is left to `/djperf recheck`.
 */
export const MAX_RATE_LIMIT_DEFERRALS = 3;

export async function processReviewJob(job: ReviewJob, signal: AbortSignal, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "review", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptReview(job, signal, deps, log);
    } catch (error) {
      const wait = START_RETRY_DELAYS_MS[attempt];
      if (!(error instanceof ReviewNotStartedError) || signal.aborted) throw error;
      // Rate-limited before a check run existed: nothing to complete; the queue starts it after the reset.
      const limited = rateLimitRetryAfterMs(error);
      if (limited !== undefined && mayDefer(job)) {
        log.warn({ retryAfterMs: limited, ...errorFields(error) }, "review could not start (rate limit); queued again for after the reset");
        throw deferred(job, limited);
      }
      if (wait === undefined) throw error;
      log.warn({ attempt: attempt + 1, waitMs: wait, ...errorFields(error) }, "review could not start; trying again");
      await deps.sleep(wait);
      if (signal.aborted) throw error;
    }
  }
}

async function attemptReview(job: ReviewJob, signal: AbortSignal, deps: JobDependencies, log: JobDependencies["log"]): Promise<void> {
  let client: Awaited<ReturnType<JobDependencies["installation"]>>;
  try {
    client = await deps.installation(job.installationId);
  } catch (error) {
    throw new ReviewNotStartedError("the installation's access token could not be had", error);
  }
  const { octokit, gateway } = client;
  let loaded: Awaited<ReturnType<typeof loadRepoConfig>>;
  try {
    loaded = await loadRepoConfig(octokit, job, log);
  } catch (error) {
    // The token is fetched by the first request (the config read): GitHub failing there is a review
    // that did not start, to try again, not a config to replace with the defaults.
    throw new ReviewNotStartedError("GitHub failed while the repository config and the access token were read", error);
  }
  // Rule ids and options this version does not know are reported in the check run like other config problems.
  const config = { ...loaded, problems: [...loaded.problems, ...ruleReferenceProblems(loaded.config, deps.rules)] };
  // Even when already aborted, runReview runs: it gives the commit a check run that says why it stopped.
  const limit = timeLimit(deps.reviewTimeoutMs);
  try {
    const outcome = await deps.runReview(job, {
      gateway,
      config,
      rules: deps.rules,
      logger: log,
      signal: AbortSignal.any([signal, limit.signal]),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.blobCache ? { blobCache: deps.blobCache } : {}),
      ...(deps.docsBase !== undefined ? { docsBase: deps.docsBase } : {}),
      ...(deps.analyse ? { analyse: deps.analyse } : {}),
      requeueOnRateLimit: mayDefer(job),
      confirmHead: true,
      ...(deps.botLogin ? { botLogin: deps.botLogin } : {}),
    });
    deps.observeReview?.(outcome);
    // Its check run already says when: the queue takes the job again after the reset.
    if (outcome.retryAfterMs !== undefined) throw deferred(job, outcome.retryAfterMs);
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

function mayDefer(job: ReviewJob): boolean {
  return (job.deferrals ?? 0) < MAX_RATE_LIMIT_DEFERRALS;
}

function deferred(job: ReviewJob, delayMs: number): RetryLater {
  return new RetryLater(delayMs, { ...job, deferrals: (job.deferrals ?? 0) + 1 });
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
