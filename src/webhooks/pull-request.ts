/**
 * `pull_request` opened / synchronize / reopened / ready_for_review: review the new head commit.
 * Drafts are queued too; the review job posts only the check run for them unless configured.
 */
import type { Context } from "probot";
import type { ReviewJob, ReviewTrigger } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";
import { enqueueGated, skip, type Gate } from "./gate.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof PULL_REQUEST_EVENTS)[number]>;

/** The fields of a pull_request payload the gate reads (the real payload has these and more). */
export interface PullRequestPayload {
  action: string;
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string } };
  pull_request: {
    number: number;
    state: string;
    draft?: boolean;
    head: { sha: string };
    base: { sha: string };
  };
}

const TRIGGERS: ReadonlySet<string> = new Set<ReviewTrigger>(["opened", "synchronize", "reopened", "ready_for_review"]);

export function pullRequestGate(payload: PullRequestPayload, deliveryId: string): Gate<ReviewJob> {
  const pr = payload.pull_request;
  if (!TRIGGERS.has(payload.action)) return skip(`action ${payload.action} needs no review`);
  if (!payload.installation) return skip("event without an installation");
  if (pr.state !== "open") return skip("pull request is not open");
  return {
    jobs: [
      {
        kind: "review",
        installationId: payload.installation.id,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        pr: pr.number,
        baseSha: pr.base.sha,
        headSha: pr.head.sha,
        draft: pr.draft === true,
        trigger: payload.action as ReviewTrigger,
        deliveryId,
      },
    ],
  };
}

export function onPullRequest(queue: JobQueue) {
  return async (context: PullRequestContext): Promise<void> => {
    await enqueueGated(queue, pullRequestGate(context.payload, context.id), context.log);
  };
}
