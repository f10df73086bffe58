/**
 * A review dropped from the queue because a newer commit arrived: its commit gets a djperf check run
 * completed neutral, "superseded by <sha>", so it never shows a missing or pending djperf check.
 */
import { planSupersededCheckRun } from "../report/check-run.js";
import type { SupersededJob } from "./job.js";
import { completeWithNotice } from "./notice-job.js";
import type { JobDependencies } from "./process-job.js";

export async function processSupersededJob(job: SupersededJob, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "superseded", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const checkRunId = await completeWithNotice(job, planSupersededCheckRun(job.newerSha), deps, log);
  log.info({ checkRunId, newSha: job.newerSha }, "superseded commit marked");
}
