/**
 * "Re-run" on the djperf check run (`check_run.rerequested`) or on its suite
 * (`check_suite.rerequested`). The payload names the pull requests whose head is the commit; a light
 * job per pull request confirms the commit is still the head and queues the review.
 */
import type { Context } from "probot";
import type { RerunJob } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";
import { CHECK_NAME } from "../github/publisher.js";
import { enqueueGated, skip, type Gate } from "./gate.js";


interface PullRequestRef {
  number: number;
  head: { sha: string };
}

interface RepoPayload {
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string } };
}

export interface CheckRunPayload extends RepoPayload {
  check_run: { name: string; head_sha: string; external_id?: string | null; pull_requests: PullRequestRef[] };
}

export interface CheckSuitePayload extends RepoPayload {
  check_suite: { head_sha: string; pull_requests: PullRequestRef[] };
}

export function checkRunGate(payload: CheckRunPayload, deliveryId: string): Gate<RerunJob> {
  const run = payload.check_run;
  if (run.name !== CHECK_NAME) return skip(`check run ${run.name} is not djperf's`);
  // GitHub leaves pull_requests empty when the head is in a fork; djperf's external_id names the pull request.
  const fromId = run.pull_requests.length === 0 ? pullRequestOfExternalId(run.external_id, run.head_sha) : undefined;
  return rerunJobs(payload, fromId ? { head_sha: run.head_sha, pull_requests: [fromId] } : run, deliveryId);
}

/** The pull request in an external_id `owner/repo#pr@sha` (the commit key, src/pipeline/job-identity.ts) for this commit. */
export function pullRequestOfExternalId(externalId: string | null | undefined, headSha: string): PullRequestRef | undefined {
  const match = /#(\d+)@([0-9a-f]{40})$/i.exec(externalId ?? "");
  if (!match || match[2]!.toLowerCase() !== headSha.toLowerCase()) return undefined;
  return { number: Number(match[1]), head: { sha: headSha } };
}

/** GitHub sends a suite's rerequest only to the app that owns the suite: it is djperf's. */
export function checkSuiteGate(payload: CheckSuitePayload, deliveryId: string): Gate<RerunJob> {
  return rerunJobs(payload, payload.check_suite, deliveryId);
}

function rerunJobs(payload: RepoPayload, check: { head_sha: string; pull_requests: PullRequestRef[] }, deliveryId: string): Gate<RerunJob> {
  if (!payload.installation) return skip("event without an installation");
  // Only pull requests whose head is this commit: an older commit's results can no longer be commented.
  const prs = check.pull_requests.filter((pr) => pr.head.sha === check.head_sha);
  if (prs.length === 0) return skip("no pull request has this commit as its head");
  const installationId = payload.installation.id;
  return {
    jobs: prs.map((pr) => ({
      kind: "rerun",
      installationId,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pr: pr.number,
      headSha: check.head_sha,
      deliveryId,
    })),
  };
}

export function onCheckRunRerequested(queue: JobQueue) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    await enqueueGated(queue, checkRunGate(context.payload, context.id), context.log);
  };
}

export function onCheckSuiteRerequested(queue: JobQueue) {
  return async (context: Context<"check_suite.rerequested">): Promise<void> => {
    await enqueueGated(queue, checkSuiteGate(context.payload, context.id), context.log);
  };
}
