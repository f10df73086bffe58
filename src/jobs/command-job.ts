/**
 * Answers a `/djperf` command: 👀 when work starts, the command's reply, 👍 when it is done (😕 when
 * djperf failed). The command logic is pure (src/commands/run-*.ts); this file gives it GitHub.
 */
import { runCommand, type CommandEnvironment, type RecheckResult } from "../commands/run-command.js";
import type { GitHubGateway } from "../github/gateway.js";
import { errorFields } from "../github/logger.js";
import { GitHubPublisher, type ReplyTarget } from "../github/publisher.js";
import type { CommandJob } from "./job.js";
import { reviewOfHead } from "./job.js";
import type { JobDependencies } from "./process-job.js";

export async function processCommandJob(job: CommandJob, deps: JobDependencies): Promise<void> {
  const log = deps.log.child({ job: "command", verb: job.command.verb, installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr });
  const { gateway } = await deps.installation(job.installationId);
  const publisher = new GitHubPublisher(gateway, { owner: job.owner, repo: job.repo, pr: job.pr }, { logger: log, ...(deps.botLogin ? { botLogin: deps.botLogin } : {}) });
  const comment = { kind: job.comment.kind === "issue" ? ("issue-comment" as const) : ("review-comment" as const), commentId: job.comment.id };
  await publisher.react(comment, "eyes");
  try {
    const outcome = await runCommand(job.command, commandEnvironment(job, gateway, publisher, deps));
    if (outcome === "answered") await publisher.react(comment, "+1");
    log.info({ outcome }, "command handled");
  } catch (error) {
    log.error({ ...errorFields(error) }, "command failed");
    await publisher.react(comment, "confused").catch(() => undefined);
    throw error;
  }
}

function commandEnvironment(job: CommandJob, gateway: GitHubGateway, publisher: GitHubPublisher, deps: JobDependencies): CommandEnvironment {
  const { comment } = job;
  // GitHub threads replies under the first comment of a review thread: reply there.
  const replyTarget: ReplyTarget = comment.kind === "issue" ? { kind: "issue", issueNumber: job.pr } : { kind: "review-comment", commentId: comment.inReplyToId ?? comment.id };
  return {
    author: comment.author,
    reply: async (body) => void (await publisher.reply(replyTarget, body)),
    permission: () => publisher.permissionOf(comment.author),
    repliedToBody: async () => {
      if (comment.inReplyToId === undefined) return undefined;
      // Only djperf's own finding comments carry a rule to explain.
      const ours = await publisher.listDjperfComments();
      return ours.find((c) => c.id === comment.inReplyToId)?.body;
    },
    requestRecheck: async (): Promise<RecheckResult> => {
      const pr = await gateway.getPullRequest({ owner: job.owner, repo: job.repo }, job.pr);
      if (pr.state !== "open") return "pull-request-closed";
      const result = await deps.enqueue(reviewOfHead(job, pr, "recheck"));
      if (result.status === "closed") throw new Error("djperf is shutting down and takes no new reviews");
      return result.status === "queued" ? "queued" : "already-queued";
    },
    rules: deps.explainable,
    loadRuleDoc: deps.loadRuleDoc,
    ...(deps.docsBase !== undefined ? { docsBase: deps.docsBase } : {}),
  };
}
