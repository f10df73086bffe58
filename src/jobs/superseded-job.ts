/**
 * A review dropped from the queue because a newer commit arrived: its commit gets a djperf check run
 * completed neutral, "superseded by <sha>", so it never shows a missing or pending djperf check.
 */
import { planSupersededCheckRun } from "../report/check-run.js";
import { GitHubPublisher } from "../github/publisher.js";
import { commitKey } from "../pipeline/job-identity.js";
import type { SupersededJob } from "./job.js";
import type { JobDependencies } from "./process-job.js";

export async function processSupersededJob(job: SupersededJob, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "superseded", installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const { gateway } = await deps.installation(job.installationId);
  const publisher = new GitHubPublisher(gateway, { owner: job.owner, repo: job.repo, pr: job.pr }, { logger: log, ...(deps.clock ? { clock: deps.clock } : {}) });
  const checkRunId = await publisher.createCheckRun(job.headSha, commitKey(job));
  await publisher.completeCheckRun(checkRunId, planSupersededCheckRun(job.newerSha));
  log.info({ checkRunId, newSha: job.newerSha }, "superseded commit marked");
}
