/**
 * `/djperf …` commands written in a pull request's conversation (`issue_comment.created`) or in a
 * review thread (`pull_request_review_comment.created`). The gate keeps people's commands and drops
 * everything else: comments on issues, comments without a command, and comments by bots (djperf's
 * own replies included).
 *
 * "Only commenters with read access trigger work" holds by construction: GitHub lets only people who
 * can read a repository comment on it. Commands that change something (recheck) check write access in
 * their job, through the collaborator permission API.
 */
import type { Context } from "probot";
import { parseCommand } from "../commands/parse.js";
import type { CommandJob, CommentRef } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";
import { enqueueGated, isBot, skip, type Gate, type PayloadUser } from "./gate.js";

interface RepoPayload {
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string } };
}

interface CommentPayload {
  id: number;
  body: string;
  user: PayloadUser | null;
}

export interface IssueCommentPayload extends RepoPayload {
  issue: { number: number; pull_request?: object | null };
  comment: CommentPayload;
}

export interface ReviewCommentPayload extends RepoPayload {
  pull_request: { number: number };
  comment: CommentPayload & { in_reply_to_id?: number };
}

export function issueCommentGate(payload: IssueCommentPayload, deliveryId: string): Gate<CommandJob> {
  // Issues and pull requests share the comments API; only pull requests have something to review.
  if (!payload.issue.pull_request) return skip("comment on an issue, not a pull request");
  return commandGate(payload, payload.issue.number, { kind: "issue", id: payload.comment.id }, payload.comment, deliveryId);
}

export function reviewCommentGate(payload: ReviewCommentPayload, deliveryId: string): Gate<CommandJob> {
  const { comment } = payload;
  const ref = { kind: "review" as const, id: comment.id, ...(comment.in_reply_to_id !== undefined ? { inReplyToId: comment.in_reply_to_id } : {}) };
  return commandGate(payload, payload.pull_request.number, ref, comment, deliveryId);
}

function commandGate(payload: RepoPayload, pr: number, ref: Omit<CommentRef, "author">, comment: CommentPayload, deliveryId: string): Gate<CommandJob> {
  if (!payload.installation) return skip("event without an installation");
  if (isBot(comment.user)) return skip("comment written by a bot");
  const command = parseCommand(comment.body);
  if (command === null) return skip("comment holds no djperf command");
  return {
    jobs: [
      {
        kind: "command",
        installationId: payload.installation.id,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        pr,
        command,
        comment: { ...ref, author: comment.user!.login },
        deliveryId,
      },
    ],
  };
}

export function onIssueComment(queue: JobQueue) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    await enqueueGated(queue, issueCommentGate(context.payload, context.id), context.log);
  };
}

export function onReviewComment(queue: JobQueue) {
  return async (context: Context<"pull_request_review_comment.created">): Promise<void> => {
    await enqueueGated(queue, reviewCommentGate(context.payload, context.id), context.log);
  };
}
