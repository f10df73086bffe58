/**
 * A job that failed for good on the Redis queue (its retries exhausted, or an error no retry fixes):
 * a review's commit gets a djperf check run completed neutral with the reason, so no commit waits on a
 * djperf check that will never come. Commands and bookkeeping jobs are only logged.
 */
import { planCrashedCheckRun } from "../report/check-run.js";
import { errorFields } from "../github/logger.js";
import type { Job } from "./job.js";
import { completeWithNotice } from "./notice-job.js";
import type { JobDependencies } from "./process-job.js";

export async function reportGaveUp(job: Job, error: unknown, deps: Pick<JobDependencies, "installation" | "log" | "clock">): Promise<void> {
  const log = deps.log.child({ job: job.kind, installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr });
  if (job.kind !== "review") {
    log.error({ ...errorFields(error) }, "job failed for good");
    return;
  }
  const checkRunId = await completeWithNotice(job, planCrashedCheckRun(error), deps, log);
  log.warn({ checkRunId, sha: job.headSha, ...errorFields(error) }, "review given up; check run completed neutral");
}
