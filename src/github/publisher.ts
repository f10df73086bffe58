/**
 * Sends the pure plans (src/report/review.ts, check-run.ts) to GitHub. Thin on purpose: the decisions
 * (what to comment, what the summary says) are made and tested in the planners; this file knows
 * GitHub's call sequence and what to do when GitHub says no.
 */
import type { FileChanges, DiffChanges } from "../diff/parse.js";
import type { CheckRunPlan, RejectedComment } from "../report/check-run.js";
import { parseMarker, REVIEW_MARKER, type ReviewComment, type ReviewPlan } from "../report/review.js";
import { GitHubApiError, ReviewRejectedError } from "./errors.js";
import type { GitHubGateway, ReactionContent, RepoRef } from "./gateway.js";
import { silentLogger, errorFields, type Logger } from "./logger.js";
import type { RepoPermission } from "./schemas.js";

/** The check run's name: what teams mark as a required status check. */
export const CHECK_NAME = "djperf";

export interface PullRef extends RepoRef {
  pr: number;
}

/** A djperf review comment already on the pull request. */
export interface ExistingComment {
  id: number;
  nodeId: string;
  path: string;
  body: string;
  ruleId: string;
  fingerprint: string;
}

export interface PublishedReview {
  reviewId: number;
  posted: ReviewComment[];
  /** Comments GitHub would not take, with its reason: the check run lists them. */
  rejected: RejectedComment[];
}

export type ReplyTarget = { kind: "issue"; issueNumber: number } | { kind: "review-comment"; commentId: number };

export interface PublisherOptions {
  /** Epoch milliseconds, for `completed_at`. */
  clock?: () => number;
  logger?: Logger;
  /**
   * This App's bot user, `<slug>[bot]` (issue 12): only its comments are djperf's own. Asked only when
   * a bot comment carries djperf's marker. Without it (the CLI's tests), any bot's comment counts.
   */
  botLogin?: () => Promise<string>;
}

const OUTSIDE_DIFF = "line is not part of the pull request's diff";

/** Probes (PENDING reviews) spent finding the comments GitHub refused: enough for a few among 50. */
const MAX_PROBES = 16;

export class GitHubPublisher {
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly botLogin: (() => Promise<string>) | undefined;

  constructor(
    private readonly gateway: GitHubGateway,
    readonly pull: PullRef,
    options: PublisherOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.botLogin = options.botLogin;
  }

  private get repo(): RepoRef {
    return { owner: this.pull.owner, repo: this.pull.repo };
  }

  // ── check run ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates the `djperf` check run in progress. A create that failed on GitHub's side may have been
   * applied: before trying again, an in-progress run with our external_id is looked for and reused,
   * so no orphan is left in progress.
   */
  async createCheckRun(headSha: string, externalId: string): Promise<number> {
    const body = {
      name: CHECK_NAME,
      head_sha: headSha,
      external_id: externalId,
      status: "in_progress" as const,
      output: { title: "Analysing the changes", summary: "djperf is reviewing this commit for Django performance problems." },
    };
    try {
      return (await this.gateway.createCheckRun(this.repo, body)).id;
    } catch (error) {
      if (!isServerSide(error)) throw error;
      const existing = (await this.gateway.listCheckRuns(this.repo, headSha, CHECK_NAME)).find((r) => r.external_id === externalId && r.status !== "completed");
      if (existing) return existing.id;
      return (await this.gateway.createCheckRun(this.repo, body)).id;
    }
  }

  /**
   * Completes the check run with the first batch of annotations, then appends the other batches: the
   * run is final from the first call on, so a failure while appending loses annotations (the summary
   * lists every finding anyway), never the conclusion. Calls: 1 + ⌈annotations/50⌉ − 1.
   */
  async completeCheckRun(checkRunId: number, plan: CheckRunPlan): Promise<{ annotationBatchesFailed: number }> {
    const output = { title: plan.title, summary: plan.summary, ...(plan.text !== undefined ? { text: plan.text } : {}) };
    const [first = [], ...rest] = plan.annotations;
    await this.gateway.updateCheckRun(this.repo, checkRunId, {
      status: "completed",
      conclusion: plan.conclusion,
      completed_at: new Date(this.clock()).toISOString(),
      output: first.length > 0 ? { ...output, annotations: first } : output,
    });
    let annotationBatchesFailed = 0;
    for (const batch of rest) {
      try {
        await this.gateway.updateCheckRun(this.repo, checkRunId, { output: { ...output, annotations: batch } });
      } catch (error) {
        annotationBatchesFailed++;
        this.logger.warn({ checkRunId, ...errorFields(error) }, "could not add a batch of annotations");
      }
    }
    return { annotationBatchesFailed };
  }

  // ── review ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * djperf's own finding comments on the pull request (by this App's bot, with a marker; replies
   * excluded). A person, or another bot, quoting a djperf comment carries its marker too.
   */
  async listDjperfComments(): Promise<ExistingComment[]> {
    const comments = await this.gateway.listReviewComments(this.repo, this.pull.pr);
    const marked: { c: (typeof comments)[number]; marker: NonNullable<ReturnType<typeof parseMarker>> }[] = [];
    for (const c of comments) {
      if (c.user?.type !== "Bot" || c.in_reply_to_id !== undefined) continue;
      const marker = parseMarker(c.body);
      if (marker) marked.push({ c, marker });
    }
    const login = marked.length > 0 && this.botLogin ? await this.botLogin() : undefined;
    return marked.filter(({ c }) => login === undefined || c.user?.login === login).map(({ c, marker }) => ({ id: c.id, nodeId: c.node_id, path: c.path, body: c.body, ...marker }));
  }

  /**
   * Posts the review. GitHub's 422 does not say which comment it refused, so: once more without the
   * comments whose lines are not in the diff; if GitHub still refuses, the refused comments are found
   * by bisection with PENDING reviews (seen only by djperf, deleted at once) and the review is posted
   * with the others; failing that, without inline comments. Refused comments are returned for the
   * check-run summary. A 403 (ReviewForbiddenError) is left to the caller.
   */
  async publishReview(plan: ReviewPlan, headSha: string, changes: DiffChanges): Promise<PublishedReview> {
    let failure: ReviewRejectedError;
    try {
      return { reviewId: await this.postReview(plan, headSha, plan.comments), posted: plan.comments, rejected: [] };
    } catch (error) {
      if (!(error instanceof ReviewRejectedError)) throw error;
      failure = error;
    }
    const inDiff = plan.comments.filter((c) => isCommentable(c, changes.get(c.path)));
    const outside = plan.comments.filter((c) => !inDiff.includes(c));
    this.logger.warn({ comments: plan.comments.length, outsideDiff: outside.length, ...errorFields(failure) }, "GitHub refused the review");
    const outsideRejected = outside.map((comment) => ({ comment, reason: OUTSIDE_DIFF }));
    if (inDiff.length > 0 && outside.length > 0) {
      try {
        const reviewId = await this.postReview(withNote(plan, outside.length), headSha, inDiff);
        return { reviewId, posted: inDiff, rejected: outsideRejected };
      } catch (error) {
        if (!(error instanceof ReviewRejectedError)) throw error;
        failure = error;
      }
    }
    // Here GitHub refused a review made of exactly `inDiff`.
    const refusedReason = failure.errors.join("; ") || "GitHub refused the review comments (422)";
    const { accepted, refused } = inDiff.length > 1 ? await this.bisect(inDiff, headSha, plan.body) : { accepted: [], refused: inDiff };
    if (accepted.length > 0) {
      try {
        const reviewId = await this.postReview(withNote(plan, plan.comments.length - accepted.length), headSha, accepted);
        this.logger.info({ posted: accepted.length, refused: refused.length }, "review posted without the comments GitHub refused");
        return { reviewId, posted: accepted, rejected: [...refused.map((comment) => ({ comment, reason: refusedReason })), ...outsideRejected] };
      } catch (error) {
        if (!(error instanceof ReviewRejectedError)) throw error;
        failure = error;
      }
    }
    const reason = failure.errors.join("; ") || "GitHub refused the review comments (422)";
    const reviewId = await this.postReview(withNote(plan, plan.comments.length), headSha, []);
    return { reviewId, posted: [], rejected: plan.comments.map((comment) => ({ comment, reason })) };
  }

  /**
   * Splits comments GitHub refused as a whole into those it takes and those it refuses: halves are
   * tried as PENDING reviews (only djperf sees one; it is deleted at once). If the first half is taken,
   * the refusal lies in the second, which needs no probe of its own. At most MAX_PROBES probes; comments
   * not settled by then count as refused (they go to the check run), as do all on any other failure.
   */
  private async bisect(comments: readonly ReviewComment[], headSha: string, body: string): Promise<{ accepted: ReviewComment[]; refused: ReviewComment[] }> {
    const accepted: ReviewComment[] = [];
    const refused: ReviewComment[] = [];
    // Each entry: comments, and whether GitHub is known to refuse them together.
    const todo: { comments: readonly ReviewComment[]; refusedTogether: boolean }[] = [{ comments, refusedTogether: true }];
    let probes = 0;
    try {
      for (let next = todo.pop(); next; next = todo.pop()) {
        if (!next.refusedTogether) {
          if (probes >= MAX_PROBES) {
            refused.push(...next.comments);
            continue;
          }
          probes++;
          if (await this.probe(next.comments, headSha, body)) {
            accepted.push(...next.comments);
            continue;
          }
        }
        if (next.comments.length === 1) {
          refused.push(...next.comments);
          continue;
        }
        const half = Math.ceil(next.comments.length / 2);
        const [first, second] = [next.comments.slice(0, half), next.comments.slice(half)];
        if (probes >= MAX_PROBES) {
          refused.push(...next.comments);
          continue;
        }
        probes++;
        if (await this.probe(first, headSha, body)) {
          accepted.push(...first);
          todo.push({ comments: second, refusedTogether: true });
        } else {
          todo.push({ comments: second, refusedTogether: false }, { comments: first, refusedTogether: true });
        }
      }
    } catch (error) {
      this.logger.warn({ probes, ...errorFields(error) }, "could not find the comments GitHub refused");
      return { accepted: [], refused: [...comments] };
    }
    // In the plan's order, so the posted review reads as planned.
    return { accepted: comments.filter((c) => accepted.includes(c)), refused: comments.filter((c) => refused.includes(c)) };
  }

  /** Whether GitHub takes these comments: a PENDING review, deleted again when made. */
  private async probe(comments: readonly ReviewComment[], headSha: string, body: string): Promise<boolean> {
    let reviewId: number;
    try {
      reviewId = (await this.gateway.createReview(this.repo, this.pull.pr, { commit_id: headSha, body, comments })).id;
    } catch (error) {
      if (error instanceof ReviewRejectedError) return false;
      throw error;
    }
    await this.gateway.deletePendingReview(this.repo, this.pull.pr, reviewId);
    return true;
  }

  /** One POST; after a server-side failure, a review of ours on this commit means it was applied. */
  private async postReview(plan: ReviewPlan, headSha: string, comments: readonly ReviewComment[]): Promise<number> {
    const body = { commit_id: headSha, event: plan.event, body: plan.body, comments };
    try {
      return (await this.gateway.createReview(this.repo, this.pull.pr, body)).id;
    } catch (error) {
      if (!isServerSide(error)) throw error;
      const candidates = (await this.gateway.listReviews(this.repo, this.pull.pr)).filter(
        (r) => r.commit_id === headSha && r.user?.type === "Bot" && (r.body ?? "").includes(REVIEW_MARKER),
      );
      const login = candidates.length > 0 && this.botLogin ? await this.botLogin() : undefined;
      const landed = candidates.find((r) => login === undefined || r.user?.login === login);
      if (landed) return landed.id;
      return (await this.gateway.createReview(this.repo, this.pull.pr, body)).id;
    }
  }

  /** Minimises djperf comments as OUTDATED, skipping those minimised by an earlier run. */
  async minimiseOutdated(comments: readonly ExistingComment[]): Promise<number> {
    if (comments.length === 0) return 0;
    const ids = comments.map((c) => c.nodeId);
    const already = await this.gateway.minimizedNodeIds(ids);
    const todo = ids.filter((id) => !already.has(id));
    return todo.length === 0 ? 0 : this.gateway.minimizeComments(todo, "OUTDATED");
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────────────

  /** A top-level comment on the pull request, or a reply in a review comment's thread. */
  async reply(target: ReplyTarget, body: string): Promise<{ id: number; url: string }> {
    const comment =
      target.kind === "issue"
        ? await this.gateway.createIssueComment(this.repo, target.issueNumber, body)
        : await this.gateway.createReplyForReviewComment(this.repo, this.pull.pr, target.commentId, body);
    return { id: comment.id, url: comment.html_url };
  }

  async react(target: { kind: "issue-comment" | "review-comment"; commentId: number }, content: ReactionContent): Promise<void> {
    await this.gateway.addReaction(this.repo, target, content);
  }

  async permissionOf(username: string): Promise<RepoPermission> {
    return this.gateway.getCollaboratorPermission(this.repo, username);
  }
}

/** Whether GitHub accepts a comment on these lines: every line in the diff, all in one hunk. */
export function isCommentable(comment: Pick<ReviewComment, "line" | "start_line">, file: FileChanges | undefined): boolean {
  if (!file || file.patchMissing) return false;
  const first = comment.start_line ?? comment.line;
  if (first > comment.line) return false;
  const hunk = file.hunks.find((h) => h.newLines > 0 && h.newStart <= first && comment.line <= h.newStart + h.newLines - 1);
  if (!hunk) return false;
  for (let line = first; line <= comment.line; line++) if (!file.added.has(line) && !file.context.has(line)) return false;
  return true;
}

function withNote(plan: ReviewPlan, refused: number): ReviewPlan {
  const note = `GitHub did not accept ${refused === 1 ? "1 of these comments" : `${refused} of these comments`} on the diff; ${refused === 1 ? "it is" : "they are"} listed in the **djperf** check run instead.`;
  const body = plan.body.includes(REVIEW_MARKER) ? plan.body.replace(REVIEW_MARKER, `${note}\n\n${REVIEW_MARKER}`) : `${plan.body}\n\n${note}`;
  return { ...plan, body };
}

function isServerSide(error: unknown): boolean {
  return error instanceof GitHubApiError && (error.status === undefined || error.status >= 500);
}
