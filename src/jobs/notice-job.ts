/**
 * A commit that djperf will not review (superseded, refused by a full queue, given up) still gets a
 * djperf check run, created and completed at once with the reason, so no commit waits on a djperf
 * check that will never come.
 */
import type { CheckRunPlan } from "../report/check-run.js";
import { GitHubPublisher } from "../github/publisher.js";
import { commitKey } from "../pipeline/job-identity.js";
import type { RepoRef } from "./job.js";
import type { JobDependencies } from "./process-job.js";

export type NoticeTarget = RepoRef & { pr: number; headSha: string };

/** Creates and completes the commit's check run; returns its id. */
export async function completeWithNotice(job: NoticeTarget, plan: CheckRunPlan, deps: Pick<JobDependencies, "installation" | "log" | "clock">, log: JobDependencies["log"]): Promise<number> {
  const { gateway } = await deps.installation(job.installationId);
  const publisher = new GitHubPublisher(gateway, { owner: job.owner, repo: job.repo, pr: job.pr }, { logger: log, ...(deps.clock ? { clock: deps.clock } : {}) });
  const checkRunId = await publisher.createCheckRun(job.headSha, commitKey(job));
  await publisher.completeCheckRun(checkRunId, plan);
  return checkRunId;
}
