/**
 * The queue's worker: one function per job kind, each with an installation's GitHub gateway. Jobs
 * are plain data, so everything a job needs besides the job itself comes from these dependencies.
 */
import type { ProbotOctokit } from "probot";
import type { AnyRule } from "../analysis/rule.js";
import type { RuleRefInfo } from "../commands/run-command.js";
import type { ExplainableDoc } from "../commands/explain.js";
import type { BlobCache } from "../github/blob-cache.js";
import type { GitHubGateway } from "../github/gateway.js";
import type { Logger } from "../github/logger.js";
import type { ReviewOutcome, runReview } from "../pipeline/run-review.js";
import type { ChangeAnalyser } from "../pipeline/analysis-thread.js";
import { processCommandJob } from "./command-job.js";
import type { Job } from "./job.js";
import type { Awaitable, EnqueueResult, JobProcessor } from "./queue.js";
import { processRerunJob } from "./rerun-job.js";
import { processReviewJob } from "./review-job.js";
import { processSupersededJob } from "./superseded-job.js";
import { processRefusedJob } from "./refused-job.js";

/** GitHub as one installation sees it: Probot's Octokit (for its config plugin) and the gateway over it. */
export interface InstallationClient {
  octokit: ProbotOctokit;
  gateway: GitHubGateway;
}

export interface JobDependencies {
  installation(installationId: number): Promise<InstallationClient>;
  /** Queues follow-up jobs (a recheck's review, a re-run's review). */
  enqueue(job: Job): Awaitable<EnqueueResult>;
  runReview: typeof runReview;
  /** Told each finished review's outcome (metrics). */
  observeReview?: (outcome: ReviewOutcome) => void;
  rules: readonly AnyRule[];
  /** Where reviews analyse (a child process in the App; see src/pipeline/analysis-thread.ts). */
  analyse?: ChangeAnalyser;
  /** The rules `/djperf explain` knows; by default the registry's. */
  explainable: readonly RuleRefInfo[];
  loadRuleDoc(rule: RuleRefInfo): Promise<ExplainableDoc | undefined>;
  log: Logger;
  /** Time limit of one review; past it the review stops and its check run says why. */
  reviewTimeoutMs: number;
  sleep(ms: number): Promise<void>;
  clock?: () => number;
  blobCache?: BlobCache;
  docsBase?: string;
  /** This App's bot user, `<slug>[bot]`, asked of GitHub once per process (`GET /app`). */
  botLogin?: () => Promise<string>;
}

export function createJobProcessor(deps: JobDependencies): JobProcessor {
  return async (job, { signal }) => {
    switch (job.kind) {
      case "review":
        return processReviewJob(job, signal, deps);
      case "command":
        return processCommandJob(job, deps);
      case "rerun":
        return processRerunJob(job, deps);
      case "superseded":
        return processSupersededJob(job, deps);
      case "refused":
        return processRefusedJob(job, deps);
    }
  };
}
