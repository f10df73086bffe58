/** Conversation comments on the PR (the issues API), reactions, and collaborator permissions. */
import { numericParam, requirePull, requireRepo, timestamp, type SimContext } from "../context.js";
import { HttpError, DOCS, notFound, paginate, route, type Permission, type Route, type SimRequest } from "../http.js";
import { userId, type IssueCommentRecord, type ReactionRecord } from "../store.js";
import { commentBody, DOCS_URLS, parseBody, reactionCreate } from "../validate.js";

/** On a pull request, the issues API accepts either permission. */
const CONVERSATION_READ: Permission[] = [["issues", "read"], ["pull_requests", "read"]];
const CONVERSATION_WRITE: Permission[] = [["issues", "write"], ["pull_requests", "write"]];
const METADATA_READ: Permission[] = [["metadata", "read"]];

export function issueRoutes(ctx: SimContext): Route[] {
  const react = (req: SimRequest, subject: ReactionRecord["subject"]) => {
    const { content } = parseBody(reactionCreate, req.body, DOCS_URLS.reactions);
    const user = ctx.shapes.botLogin();
    const existing = ctx.store.reactions.find((r) => r.subject.kind === subject.kind && r.subject.id === subject.id && r.user === user && r.content === content);
    const reaction = existing ?? { id: ctx.store.newId(), subject, user, content };
    if (!existing) ctx.store.reactions.push(reaction);
    // GitHub answers 200 when the same user already reacted with the same content.
    return { status: existing ? 200 : 201, json: { id: reaction.id, node_id: `REA_${reaction.id}`, user: ctx.shapes.user(user), content, created_at: timestamp(ctx) } };
  };

  return [
    route("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", CONVERSATION_READ, (req) => {
      const pull = requirePull(ctx, req, "issue_number");
      return paginate(req, ctx.store.issueComments.filter((c) => c.issueNumber === pull.number).map((c) => ctx.shapes.issueComment(c)));
    }),

    route("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", CONVERSATION_WRITE, (req) => {
      const pull = requirePull(ctx, req, "issue_number");
      const { body } = parseBody(commentBody, req.body, DOCS_URLS.issueComments);
      const now = timestamp(ctx);
      const comment: IssueCommentRecord = { id: ctx.store.newId(), issueNumber: pull.number, user: ctx.shapes.botLogin(), body, createdAt: now, updatedAt: now };
      ctx.store.issueComments.push(comment);
      return { status: 201, json: ctx.shapes.issueComment(comment) };
    }),

    route("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", CONVERSATION_READ, (req) => ({ status: 200, json: ctx.shapes.issueComment(findIssueComment(ctx, req)) })),

    route("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", CONVERSATION_WRITE, (req) => {
      const comment = findIssueComment(ctx, req);
      if (comment.user !== ctx.shapes.botLogin()) throw new HttpError(403, { message: "You can only edit your own comments", documentation_url: DOCS, status: "403" });
      comment.body = parseBody(commentBody, req.body, DOCS_URLS.issueComments).body;
      comment.updatedAt = timestamp(ctx);
      return { status: 200, json: ctx.shapes.issueComment(comment) };
    }),

    route("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", CONVERSATION_WRITE, (req) =>
      react(req, { kind: "issue_comment", id: findIssueComment(ctx, req).id }),
    ),

    route("POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions", [["pull_requests", "write"]], (req) => {
      requireRepo(ctx, req);
      const comment = ctx.store.reviewComment(numericParam(req, "comment_id"));
      if (!comment) throw notFound();
      return react(req, { kind: "review_comment", id: comment.id });
    }),

    route("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", CONVERSATION_WRITE, (req) =>
      react(req, { kind: "issue", id: requirePull(ctx, req, "issue_number").number }),
    ),

    route("GET /repos/{owner}/{repo}/collaborators/{username}/permission", METADATA_READ, (req) => {
      requireRepo(ctx, req);
      const login = req.params.username!;
      if (!/^[A-Za-z0-9-]+(\[bot\])?$/.test(login)) throw notFound();
      const role = ctx.world.collaborators[login] ?? "read";
      // The legacy `permission` field folds maintain into write and triage into read.
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return { status: 200, json: { permission, role_name: role, user: { ...ctx.shapes.user(login), id: userId(login) } } };
    }),
  ];
}

function findIssueComment(ctx: SimContext, req: SimRequest): IssueCommentRecord {
  requireRepo(ctx, req);
  const comment = ctx.store.issueComment(numericParam(req, "comment_id"));
  if (!comment) throw notFound();
  return comment;
}
