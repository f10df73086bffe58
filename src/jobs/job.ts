/**
 * Jobs: what a webhook handler hands to a worker (DESIGN §1, §5). Plain, serialisable data (no
 * Octokit, no Probot context), so the same jobs can later travel through Redis.
 */
import type { Command } from "../commands/parse.js";
import type { Job as PipelineJob, Trigger } from "../pipeline/run-review.js";
import type { PullRequest } from "../github/schemas.js";
import { commitKey, pullRequestKey } from "../pipeline/job-identity.js";

export { commitKey, pullRequestKey };

/** The repository a job works on, and the installation whose token reads and writes it. */
export interface RepoRef {
  installationId: number;
  owner: string;
  repo: string;
}

/** Why a review runs: the pull_request action, a "Re-run" click, or `/djperf recheck`. */
export type ReviewTrigger = Trigger;

/** A review of one head commit of a pull request: the pipeline's Job (DESIGN §1) as queued. */
export interface ReviewJob extends PipelineJob {
  kind: "review";
  /** Draft pull requests get a check run only, unless `review.drafts` says otherwise. */
  draft: boolean;
  /** The webhook delivery that caused the job (logs; makes re-run keys unique). */
  deliveryId: string;
  /** Times the job was put back because of a GitHub rate limit (bounded by MAX_RATE_LIMIT_DEFERRALS). */
  deferrals?: number;
}

/** Where a command was written: a pull request conversation comment or a review (diff) comment. */
export interface CommentRef {
  kind: "issue" | "review";
  id: number;
  author: string;
  /** For review comments written as a reply: the comment replied to (the start of the thread). */
  inReplyToId?: number;
}

/** A `/djperf …` command to answer. */
export interface CommandJob extends RepoRef {
  kind: "command";
  pr: number;
  command: Command;
  comment: CommentRef;
  deliveryId: string;
}

/**
 * "Re-run" on the djperf check run or its suite. The payload lacks what a review needs (draft flag,
 * whether the commit is still the head), so a light job reads the pull request and then queues the
 * review.
 */
export interface RerunJob extends RepoRef {
  kind: "rerun";
  pr: number;
  headSha: string;
  deliveryId: string;
}

/**
 * A queued review dropped because a newer commit arrived first: its commit gets a check run completed
 * neutral ("superseded by …"), so every commit djperf was asked about ends with a final state.
 */
export interface SupersededJob extends RepoRef {
  kind: "superseded";
  pr: number;
  headSha: string;
  newerSha: string;
}

/**
 * A review the in-process queue refused because its lane was full (DJPERF_MAX_QUEUED_REVIEWS): its
 * commit gets a djperf check run completed neutral that says so, rather than no check run at all.
 */
export interface RefusedJob extends RepoRef {
  kind: "refused";
  pr: number;
  headSha: string;
  /** Reviews waiting when it was refused (the cap). */
  queued: number;
}

export type Job = ReviewJob | CommandJob | RerunJob | SupersededJob | RefusedJob;

/** The two lanes of DESIGN §5: heavy reviews, and light work that must never wait behind them. */
export type Lane = "review" | "command";

export function laneOf(job: Job): Lane {
  return job.kind === "review" ? "review" : "command";
}

/**
 * The dedupe key. A review is `owner/repo#pr@headSha`, so a redelivered webhook is the same job.
 * Runs that must happen again for the same commit carry what made them distinct: becoming ready for
 * review, a re-run request (its delivery) or a recheck comment (its id).
 */
export function jobKey(job: Job): string {
  const pr = pullRequestKey(job);
  switch (job.kind) {
    case "review": {
      // The commit key alone is also the external_id of the check run the review creates.
      const base = commitKey(job);
      if (job.trigger === "ready_for_review") return `${base}/ready`;
      if (job.trigger === "rerequested") return `${base}/rerequested:${job.deliveryId}`;
      if (job.trigger === "recheck") return `${base}/recheck:${job.deliveryId}`;
      return base;
    }
    case "command":
      return `${pr}/command:${job.comment.kind}:${job.comment.id}`;
    case "rerun":
      return `${commitKey(job)}/rerun:${job.deliveryId}`;
    case "superseded":
      return `${commitKey(job)}/superseded`;
    case "refused":
      return `${commitKey(job)}/refused`;
  }
}

/** The review of a pull request's current head, as a re-run or `/djperf recheck` queues it. */
export function reviewOfHead(
  job: RepoRef & { pr: number; deliveryId: string },
  pr: Pick<PullRequest, "base" | "head" | "draft">,
  trigger: ReviewTrigger,
): ReviewJob {
  return {
    kind: "review",
    installationId: job.installationId,
    owner: job.owner,
    repo: job.repo,
    pr: job.pr,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    draft: pr.draft === true,
    trigger,
    deliveryId: job.deliveryId,
  };
}
