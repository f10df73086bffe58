/**
 * A review the in-process queue refused because its lane was full: its commit gets a djperf check run
 * completed neutral that says so and how to ask again.
 */
import { planRefusedCheckRun } from "../report/check-run.js";
import type { RefusedJob } from "./job.js";
import { completeWithNotice } from "./notice-job.js";
import type { JobDependencies } from "./process-job.js";

export async function processRefusedJob(job: RefusedJob, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "refused", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const checkRunId = await completeWithNotice(job, planRefusedCheckRun(job.queued), deps, log);
  log.warn({ checkRunId, queued: job.queued }, "refused commit marked");
}
