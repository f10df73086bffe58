/**
 * "Re-run" clicked on djperf's check run or suite: reviews the commit again when it is still the head
 * of an open pull request. A re-run of an older commit's check (superseded by a later push) does
 * nothing: that commit's results could no longer be commented.
 */
import type { RerunJob } from "./job.js";
import { reviewOfHead } from "./job.js";
import type { JobDependencies } from "./process-job.js";

export async function processRerunJob(job: RerunJob, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "rerun", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const { gateway } = await deps.installation(job.installationId);
  const pr = await gateway.getPullRequest({ owner: job.owner, repo: job.repo }, job.pr);
  if (pr.state !== "open" || pr.head.sha !== job.headSha) {
    log.info({ state: pr.state, head: pr.head.sha }, "re-run ignored: the commit is no longer the head of an open pull request");
    return;
  }
  const result = await deps.enqueue(reviewOfHead(job, pr, "rerequested"));
  log.info({ status: result.status }, "re-run requested");
}
