/**
 * Start-up recovery (issue 12, item 8): every djperf check run a previous process left in progress is
 * completed neutral ("interrupted") and its commit is reviewed again, so SIGKILL mid-review never
 * leaves a pull request with a `djperf` check that stays pending.
 */
import type { Probot } from "probot";
import { GitHubGateway, type GatewayOptions } from "../github/gateway.js";
import { findInterruptedRuns } from "../github/interrupted-runs.js";
import { errorFields, type Logger } from "../github/logger.js";
import { GitHubPublisher } from "../github/publisher.js";
import { planInterruptedCheckRun } from "../report/check-run.js";
import type { JobQueue } from "./queue.js";

export interface RecoveryOptions {
  /** Look at pull requests updated within this window. Default: 24 hours. */
  windowMs?: number;
  /** Upper bound on GitHub calls for the search. Default 300. */
  maxCalls?: number;
  clock?: () => number;
  gateway?: Omit<GatewayOptions, "logger">;
}

export interface RecoveryResult {
  completed: number;
  requeued: number;
  failed: number;
  capped: boolean;
}

export async function recoverInterruptedRuns(probot: Probot, queue: JobQueue, log: Logger, options: RecoveryOptions = {}): Promise<RecoveryResult> {
  const now = (options.clock ?? Date.now)();
  const gatewayOf = (octokit: Awaited<ReturnType<Probot["auth"]>>) => new GitHubGateway(octokit, { ...options.gateway, logger: log });
  const app = gatewayOf(await probot.auth());
  const found = await findInterruptedRuns(app, async (id) => gatewayOf(await probot.auth(id)), {
    since: now - (options.windowMs ?? 24 * 60 * 60_000),
    maxCalls: options.maxCalls ?? 300,
  });
  const result: RecoveryResult = { completed: 0, requeued: 0, failed: 0, capped: found.capped };
  for (const run of found.runs) {
    const runLog = log.child({ installation: run.installationId, repo: `${run.owner}/${run.repo}`, pr: run.pr, sha: run.headSha, checkRunId: run.checkRunId });
    try {
      const gateway = gatewayOf(await probot.auth(run.installationId));
      const enqueued = await queue.enqueue({
        kind: "review",
        installationId: run.installationId,
        owner: run.owner,
        repo: run.repo,
        pr: run.pr,
        baseSha: run.baseSha,
        headSha: run.headSha,
        draft: run.draft,
        trigger: "rerequested",
        deliveryId: `recovery-${run.checkRunId}`,
      });
      const requeued = enqueued.status === "queued";
      await new GitHubPublisher(gateway, { owner: run.owner, repo: run.repo, pr: run.pr }, { logger: runLog }).completeCheckRun(run.checkRunId, planInterruptedCheckRun(requeued));
      result.completed++;
      if (requeued) result.requeued++;
      runLog.info({ requeued }, "interrupted check run completed");
    } catch (error) {
      result.failed++;
      runLog.warn({ ...errorFields(error) }, "could not complete an interrupted check run");
    }
  }
  return result;
}
