/**
 * Reviews and review comments, with GitHub's placement rules: a comment sits on a line the PR's diff
 * shows (added or context on RIGHT, removed or context on LEFT), a multi-line comment starts before
 * its end line in the same hunk, and one bad comment rejects the whole review with a 422.
 */
import { numericParam, requirePull, timestamp, type SimContext } from "../context.js";
import { commentableLines, diffHunkFor, type Side } from "../diff-lines.js";
import { HttpError, DOCS, notFound, paginate, route, unprocessable, type Permission, type Route, type SimRequest } from "../http.js";
import type { PullRequestRecord, ReviewCommentRecord, ReviewRecord } from "../store.js";
import { commentBody, DOCS_URLS, parseBody, reviewCommentCreate, reviewCreate, type DraftComment } from "../validate.js";

const PULLS_READ: Permission[] = [["pull_requests", "read"]];
const PULLS_WRITE: Permission[] = [["pull_requests", "write"]];

type Placement = Pick<ReviewCommentRecord, "line" | "side" | "startLine" | "startSide" | "position" | "diffHunk">;

export function reviewRoutes(ctx: SimContext): Route[] {
  const bot = () => ctx.shapes.botLogin();
  return [
    route("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", PULLS_READ, (req) => {
      const pull = requirePull(ctx, req);
      return paginate(req, ctx.store.reviews.filter((r) => r.pullNumber === pull.number).map((r) => ctx.shapes.review(r)));
    }),

    route("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", PULLS_WRITE, async (req) => {
      const pull = requirePull(ctx, req);
      const input = parseBody(reviewCreate, req.body, DOCS_URLS.reviews);
      const commitId = await pullCommit(ctx, pull, input.commit_id);
      const drafts = input.comments ?? [];
      const body = input.body ?? "";
      if (input.event === "REQUEST_CHANGES" && body.trim() === "") throw unprocessable(["Body is required when requesting changes"], DOCS_URLS.reviews);
      if (input.event === "COMMENT" && body.trim() === "" && drafts.length === 0) throw unprocessable(["Review body or comments are required for a COMMENT review"], DOCS_URLS.reviews);
      const placed = await placeAll(ctx, pull, commitId, drafts);
      const review: ReviewRecord = {
        id: ctx.store.newId(),
        pullNumber: pull.number,
        user: bot(),
        body,
        state: input.event === undefined ? "PENDING" : input.event === "COMMENT" ? "COMMENTED" : input.event === "APPROVE" ? "APPROVED" : "CHANGES_REQUESTED",
        commitId,
        submittedAt: timestamp(ctx),
      };
      ctx.store.reviews.push(review);
      drafts.forEach((draft, i) => ctx.store.reviewComments.push(newComment(ctx, pull, review, commitId, draft.path, draft.body, placed[i]!)));
      return { status: 200, json: ctx.shapes.review(review) };
    }),

    route("GET /repos/{owner}/{repo}/pulls/{pull_number}/comments", PULLS_READ, (req) => {
      const pull = requirePull(ctx, req);
      const comments = ctx.store.reviewComments.filter((c) => c.pullNumber === pull.number);
      if (req.query.get("direction") === "desc") comments.reverse();
      return paginate(req, comments.map((c) => ctx.shapes.reviewComment(c)));
    }),

    route("POST /repos/{owner}/{repo}/pulls/{pull_number}/comments", PULLS_WRITE, async (req) => {
      const pull = requirePull(ctx, req);
      const input = parseBody(reviewCommentCreate, req.body, DOCS_URLS.reviewComments);
      if (input.in_reply_to !== undefined) return reply(ctx, req, pull, input.in_reply_to, input.body);
      if (input.commit_id === undefined) throw new HttpError(422, { message: 'Invalid request.\n\n"commit_id" wasn\'t supplied.', documentation_url: DOCS_URLS.reviewComments, status: "422" });
      if (input.path === undefined) throw new HttpError(422, { message: 'Invalid request.\n\n"path" wasn\'t supplied.', documentation_url: DOCS_URLS.reviewComments, status: "422" });
      const commitId = await pullCommit(ctx, pull, input.commit_id);
      const draft: DraftComment = { ...input, path: input.path };
      const [placement] = await placeAll(ctx, pull, commitId, [draft]);
      const review = standaloneReview(ctx, pull, commitId);
      const comment = newComment(ctx, pull, review, commitId, draft.path, draft.body, placement!);
      ctx.store.reviewComments.push(comment);
      return { status: 201, json: ctx.shapes.reviewComment(comment) };
    }),

    route("POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies", PULLS_WRITE, (req) => {
      const pull = requirePull(ctx, req);
      const { body } = parseBody(commentBody, req.body, DOCS_URLS.reviewComments);
      return reply(ctx, req, pull, numericParam(req, "comment_id"), body);
    }),

    route("GET /repos/{owner}/{repo}/pulls/comments/{comment_id}", PULLS_READ, (req) => {
      return { status: 200, json: ctx.shapes.reviewComment(findComment(ctx, req)) };
    }),

    route("PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}", PULLS_WRITE, (req) => {
      const comment = findComment(ctx, req);
      if (comment.user !== bot()) throw new HttpError(403, { message: "You can only edit your own comments", documentation_url: DOCS, status: "403" });
      comment.body = parseBody(commentBody, req.body, DOCS_URLS.reviewComments).body;
      comment.updatedAt = timestamp(ctx);
      return { status: 200, json: ctx.shapes.reviewComment(comment) };
    }),

    route("DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}", PULLS_WRITE, (req) => {
      const comment = findComment(ctx, req);
      if (comment.user !== bot()) throw new HttpError(403, { message: "You can only delete your own comments", documentation_url: DOCS, status: "403" });
      ctx.store.reviewComments.splice(ctx.store.reviewComments.indexOf(comment), 1);
      return { status: 204 };
    }),
  ];
}

function findComment(ctx: SimContext, req: SimRequest): ReviewCommentRecord {
  const { owner = "", repo = "" } = req.params;
  if (owner.toLowerCase() !== ctx.world.owner.toLowerCase() || repo.toLowerCase() !== ctx.world.repo.toLowerCase()) throw notFound();
  const comment = ctx.store.reviewComment(numericParam(req, "comment_id"));
  if (!comment) throw notFound();
  return comment;
}

/** The commit a review is about: the PR head by default; any other must be one of the PR's commits. */
async function pullCommit(ctx: SimContext, pull: PullRequestRecord, requested: string | undefined): Promise<string> {
  if (requested === undefined) return pull.headSha;
  const sha = /^[0-9a-f]{40}$/.test(requested) ? await ctx.git.resolveCommit(requested) : undefined;
  if (!sha) throw unprocessable([`No commit found for SHA: ${requested}`], DOCS_URLS.reviews);
  const from = await ctx.git.mergeBase(pull.baseSha, pull.headSha);
  if (!(await ctx.git.commitsBetween(from, pull.headSha)).includes(sha)) throw unprocessable([`Commit ${sha} is not part of the pull request`], DOCS_URLS.reviews);
  return sha;
}

/** Places every draft or rejects them all, naming each problem once (GitHub's review is atomic). */
async function placeAll(ctx: SimContext, pull: PullRequestRecord, commitId: string, drafts: readonly DraftComment[]): Promise<Placement[]> {
  if (drafts.length === 0) return [];
  const files = await ctx.git.pullFiles(pull.baseSha, commitId);
  const errors = new Set<string>();
  const placed = drafts.map((draft) => {
    const file = files.find((f) => f.path === draft.path);
    if (!file) return void errors.add("Path could not be resolved");
    if (draft.body.trim() === "") return void errors.add("Body can't be blank");
    const result = place(commentableLines(file.patch), draft);
    if (typeof result === "string") return void errors.add(result);
    return result;
  });
  if (errors.size > 0) throw unprocessable([...errors], DOCS_URLS.reviews);
  return placed as Placement[];
}

function place(lines: ReturnType<typeof commentableLines>, draft: DraftComment): Placement | string {
  if (draft.line === undefined) {
    if (draft.start_line !== undefined) return "Line could not be resolved";
    if (draft.position === undefined) return "Line could not be resolved";
    const at = lines.byPosition.get(draft.position);
    if (!at) return "Pull request review thread position is invalid";
    return { line: at.line, side: at.side, startLine: null, startSide: null, position: draft.position, diffHunk: diffHunkFor(lines, draft.position) };
  }
  const side: Side = draft.side ?? "RIGHT";
  const end = lines[side].get(draft.line);
  if (!end) return "Pull request review thread line must be part of the diff";
  let startLine: number | null = null;
  let startSide: Side | null = null;
  if (draft.start_line !== undefined) {
    startSide = draft.start_side ?? side;
    const start = lines[startSide].get(draft.start_line);
    if (!start) return "Pull request review thread start line must be part of the diff";
    if (start.hunk !== end.hunk) return "Pull request review thread start line and end line must be in the same hunk";
    if (start.position >= end.position) return "start_line must precede the end line";
    startLine = draft.start_line;
  }
  return { line: draft.line, side, startLine, startSide, position: end.position, diffHunk: diffHunkFor(lines, end.position) };
}

function newComment(ctx: SimContext, pull: PullRequestRecord, review: ReviewRecord, commitId: string, path: string, body: string, placement: Placement): ReviewCommentRecord {
  const now = timestamp(ctx);
  return { id: ctx.store.newId(), pullNumber: pull.number, reviewId: review.id, user: review.user, path, body, commitId, createdAt: now, updatedAt: now, ...placement };
}

/** A comment posted outside a review still belongs to one: GitHub creates a COMMENTED review for it. */
function standaloneReview(ctx: SimContext, pull: PullRequestRecord, commitId: string): ReviewRecord {
  const review: ReviewRecord = { id: ctx.store.newId(), pullNumber: pull.number, user: ctx.shapes.botLogin(), body: "", state: "COMMENTED", commitId, submittedAt: timestamp(ctx) };
  ctx.store.reviews.push(review);
  return review;
}

/** Replies join the thread of the top comment (GitHub does not nest replies to replies). */
function reply(ctx: SimContext, req: SimRequest, pull: PullRequestRecord, parentId: number, body: string) {
  const parent = ctx.store.reviewComment(parentId);
  if (!parent || parent.pullNumber !== pull.number) throw notFound();
  const top = parent.inReplyTo !== undefined ? ctx.store.reviewComment(parent.inReplyTo) ?? parent : parent;
  const review = standaloneReview(ctx, pull, top.commitId);
  const { id: _id, body: _body, minimized: _minimized, ...thread } = top;
  const now = timestamp(ctx);
  const comment: ReviewCommentRecord = { ...thread, id: ctx.store.newId(), reviewId: review.id, inReplyTo: top.id, user: review.user, body, createdAt: now, updatedAt: now };
  ctx.store.reviewComments.push(comment);
  return { status: 201, json: ctx.shapes.reviewComment(comment) };
}
