/**
 * The part of GitHub's GraphQL schema an App like djperf uses: repository objects by `rev:path`
 * (blobs read in one git batch per query however many aliases it holds), pull-request review threads,
 * nodes by global id, and the minimize / resolve mutations. Field names and types follow GitHub's
 * public schema, so a query that works here is spelled right for GitHub too.
 */
import { requirePermission } from "../auth.js";
import type { SimContext } from "../context.js";
import { HttpError, type Permission } from "../http.js";
import { nodeId, parseNodeId, type IssueCommentRecord, type PullRequestRecord, type ReviewCommentRecord } from "../store.js";
import { isBinary, type GitObject, type ObjectLoader } from "./git-objects.js";
import { FieldError, SCALARS, type Schema, type TypeDef } from "./types.js";

export { ObjectLoader } from "./git-objects.js";

export interface GraphqlContext {
  sim: SimContext;
  permissions: Record<string, string>;
  objects: ObjectLoader;
}

type Thread = { __type: "PullRequestReviewThread"; top: ReviewCommentRecord };
type CommentNode = { __type: "PullRequestReviewComment"; record: ReviewCommentRecord } | { __type: "IssueComment"; record: IssueCommentRecord };

function need(ctx: GraphqlContext, anyOf: Permission[]): void {
  try {
    requirePermission(ctx.permissions, anyOf);
  } catch (error) {
    if (error instanceof HttpError) throw new FieldError("FORBIDDEN", "Resource not accessible by integration");
    throw error;
  }
}

const type = <T>(value: unknown) => value as T;

function threadsOf(sim: SimContext, pull: PullRequestRecord): Thread[] {
  return sim.store.reviewComments.filter((c) => c.pullNumber === pull.number && c.inReplyTo === undefined).map((top) => ({ __type: "PullRequestReviewThread", top }));
}

function connection<T>(items: T[], args: Record<string, unknown>) {
  const first = typeof args.first === "number" ? args.first : 100;
  if (first > 100) throw new FieldError("UNPROCESSABLE", `Requesting ${first} records on the connection exceeds the \`first\` limit of 100 records.`);
  const offset = typeof args.after === "string" ? Number(Buffer.from(args.after, "base64").toString("utf8").replace("cursor:", "")) : 0;
  const nodes = items.slice(offset, offset + first);
  const end = offset + nodes.length;
  return { nodes, totalCount: items.length, pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length > 0 ? Buffer.from(`cursor:${end}`).toString("base64") : null } };
}

function resolveNode(ctx: GraphqlContext, id: string): unknown {
  const parsed = parseNodeId(id);
  const { store } = ctx.sim;
  const numeric = Number(parsed?.id);
  switch (parsed?.kind) {
    case "review_comment": {
      const record = store.reviewComment(numeric);
      return record ? { __type: "PullRequestReviewComment", record } : null;
    }
    case "issue_comment": {
      const record = store.issueComment(numeric);
      return record ? { __type: "IssueComment", record } : null;
    }
    case "thread": {
      const top = store.reviewComment(numeric);
      return top && top.inReplyTo === undefined ? { __type: "PullRequestReviewThread", top } : null;
    }
    case "pull":
      return store.pulls.get(numeric) ?? null;
    default:
      return null;
  }
}

function mustResolve(ctx: GraphqlContext, id: unknown): unknown {
  const node = typeof id === "string" ? resolveNode(ctx, id) : null;
  if (!node) throw new FieldError("NOT_FOUND", `Could not resolve to a node with the global id of '${String(id)}'`);
  return node;
}

function minimizable(ctx: GraphqlContext, id: unknown): CommentNode {
  const node = mustResolve(ctx, id) as { __type?: string };
  if (node.__type !== "PullRequestReviewComment" && node.__type !== "IssueComment") throw new FieldError("UNPROCESSABLE", `${String(id)} is not a comment that can be minimized`);
  need(ctx, node.__type === "IssueComment" ? [["issues", "write"], ["pull_requests", "write"]] : [["pull_requests", "write"]]);
  return node as CommentNode;
}

const commentFields = {
  id: { type: "ID!", resolve: (c: unknown) => nodeId(type<CommentNode>(c).__type === "IssueComment" ? "issue_comment" : "review_comment", type<CommentNode>(c).record.id) },
  databaseId: { type: "Int", resolve: (c: unknown) => type<CommentNode>(c).record.id },
  body: { type: "String!", resolve: (c: unknown) => type<CommentNode>(c).record.body },
  author: { type: "Actor", resolve: (c: unknown) => ({ login: type<CommentNode>(c).record.user }) },
  createdAt: { type: "DateTime!", resolve: (c: unknown) => type<CommentNode>(c).record.createdAt },
  isMinimized: { type: "Boolean!", resolve: (c: unknown) => type<CommentNode>(c).record.minimized !== undefined },
  minimizedReason: { type: "String", resolve: (c: unknown) => type<CommentNode>(c).record.minimized?.reason ?? null },
  viewerCanMinimize: { type: "Boolean!", resolve: () => true },
};

export function githubSchema(): Schema<GraphqlContext> {
  const types: Record<string, TypeDef<GraphqlContext>> = {
    ...Object.fromEntries(Object.entries(SCALARS).map(([name, accepts]) => [name, { kind: "SCALAR" as const, accepts }])),
    Query: {
      kind: "OBJECT",
      fields: {
        repository: {
          type: "Repository",
          args: { owner: "String!", name: "String!", followRenames: "Boolean" },
          resolve: (_p, args, ctx) => {
            const { world } = ctx.sim;
            const matches = String(args.owner).toLowerCase() === world.owner.toLowerCase() && String(args.name).toLowerCase() === world.repo.toLowerCase();
            if (!matches) throw new FieldError("NOT_FOUND", `Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`);
            need(ctx, [["metadata", "read"]]);
            return {};
          },
        },
        node: { type: "Node", args: { id: "ID!" }, resolve: (_p, args, ctx) => resolveNode(ctx, String(args.id)) },
        nodes: { type: "[Node]!", args: { ids: "[ID!]!" }, resolve: (_p, args, ctx) => (args.ids as string[]).map((id) => resolveNode(ctx, id)) },
        rateLimit: { type: "RateLimit", resolve: () => ({ limit: 5000, cost: 1, remaining: 4999, used: 1, nodeCount: 1, resetAt: new Date(Date.now() + 3600_000).toISOString() }) },
        viewer: { type: "Actor!", resolve: (_p, _a, ctx) => ({ login: ctx.sim.shapes.botLogin() }) },
      },
    },
    Mutation: {
      kind: "OBJECT",
      fields: {
        minimizeComment: {
          type: "MinimizeCommentPayload",
          args: { input: "MinimizeCommentInput!" },
          resolve: (_p, args, ctx) => {
            const input = args.input as { subjectId: string; classifier: string; clientMutationId?: string };
            const comment = minimizable(ctx, input.subjectId);
            comment.record.minimized = { reason: input.classifier.toLowerCase() };
            return { clientMutationId: input.clientMutationId ?? null, minimizedComment: comment };
          },
        },
        unminimizeComment: {
          type: "UnminimizeCommentPayload",
          args: { input: "UnminimizeCommentInput!" },
          resolve: (_p, args, ctx) => {
            const input = args.input as { subjectId: string; clientMutationId?: string };
            const comment = minimizable(ctx, input.subjectId);
            delete comment.record.minimized;
            return { clientMutationId: input.clientMutationId ?? null, unminimizedComment: comment };
          },
        },
        resolveReviewThread: {
          type: "ResolveReviewThreadPayload",
          args: { input: "ResolveReviewThreadInput!" },
          resolve: (_p, args, ctx) => setResolved(ctx, args.input as { threadId: string; clientMutationId?: string }, true),
        },
        unresolveReviewThread: {
          type: "UnresolveReviewThreadPayload",
          args: { input: "UnresolveReviewThreadInput!" },
          resolve: (_p, args, ctx) => setResolved(ctx, args.input as { threadId: string; clientMutationId?: string }, false),
        },
      },
    },
    Repository: {
      kind: "OBJECT",
      interfaces: ["Node"],
      fields: {
        id: { type: "ID!", resolve: (_p, _a, ctx) => nodeId("repo", ctx.sim.world.repoId) },
        name: { type: "String!", resolve: (_p, _a, ctx) => ctx.sim.world.repo },
        nameWithOwner: { type: "String!", resolve: (_p, _a, ctx) => `${ctx.sim.world.owner}/${ctx.sim.world.repo}` },
        owner: { type: "Actor!", resolve: (_p, _a, ctx) => ({ login: ctx.sim.world.owner }) },
        object: {
          type: "GitObject",
          args: { expression: "String", oid: "GitObjectID" },
          resolve: (_p, args, ctx) => {
            need(ctx, [["contents", "read"]]);
            const expression = typeof args.expression === "string" ? args.expression : typeof args.oid === "string" ? args.oid : undefined;
            if (expression === undefined) throw new FieldError("UNPROCESSABLE", "Either expression or oid is required");
            return ctx.objects.load(expression);
          },
        },
        pullRequest: {
          type: "PullRequest",
          args: { number: "Int!" },
          resolve: (_p, args, ctx) => {
            need(ctx, [["pull_requests", "read"]]);
            const pull = ctx.sim.store.pulls.get(Number(args.number));
            if (!pull) throw new FieldError("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${String(args.number)}.`);
            return pull;
          },
        },
      },
    },
    GitObject: { kind: "INTERFACE", possibleTypes: ["Blob", "Tree", "Commit"], resolveType: (v) => type<GitObject>(v).__type, fields: gitObjectFields() },
    Blob: {
      kind: "OBJECT",
      interfaces: ["GitObject", "Node"],
      fields: {
        ...gitObjectFields(),
        byteSize: { type: "Int!" },
        isBinary: { type: "Boolean", resolve: (b) => isBinary(type<GitObject>(b).bytes) },
        isTruncated: { type: "Boolean!", resolve: () => false },
        text: { type: "String", resolve: (b) => (isBinary(type<GitObject>(b).bytes) ? null : Buffer.from(type<GitObject>(b).bytes ?? []).toString("utf8")) },
      },
    },
    Tree: { kind: "OBJECT", interfaces: ["GitObject", "Node"], fields: gitObjectFields() },
    Commit: { kind: "OBJECT", interfaces: ["GitObject", "Node"], fields: gitObjectFields() },
    PullRequest: {
      kind: "OBJECT",
      interfaces: ["Node"],
      fields: {
        id: { type: "ID!", resolve: (p) => nodeId("pull", type<PullRequestRecord>(p).number) },
        number: { type: "Int!" },
        title: { type: "String!" },
        headRefOid: { type: "GitObjectID!", resolve: (p) => type<PullRequestRecord>(p).headSha },
        baseRefOid: { type: "GitObjectID!", resolve: (p) => type<PullRequestRecord>(p).baseSha },
        reviewThreads: {
          type: "PullRequestReviewThreadConnection!",
          args: { first: "Int", after: "String", last: "Int", before: "String" },
          resolve: (p, args, ctx) => connection(threadsOf(ctx.sim, type<PullRequestRecord>(p)), args),
        },
      },
    },
    PullRequestReviewThreadConnection: connectionType("PullRequestReviewThread"),
    PullRequestReviewCommentConnection: connectionType("PullRequestReviewComment"),
    PageInfo: { kind: "OBJECT", fields: { hasNextPage: { type: "Boolean!" }, endCursor: { type: "String" }, hasPreviousPage: { type: "Boolean!", resolve: () => false }, startCursor: { type: "String", resolve: () => null } } },
    PullRequestReviewThread: {
      kind: "OBJECT",
      interfaces: ["Node"],
      fields: {
        id: { type: "ID!", resolve: (t) => nodeId("thread", type<Thread>(t).top.id) },
        isResolved: { type: "Boolean!", resolve: (t, _a, ctx) => ctx.sim.store.resolvedThreads.has(type<Thread>(t).top.id) },
        isOutdated: { type: "Boolean!", resolve: () => false },
        path: { type: "String!", resolve: (t) => type<Thread>(t).top.path },
        line: { type: "Int", resolve: (t) => type<Thread>(t).top.line },
        comments: {
          type: "PullRequestReviewCommentConnection!",
          args: { first: "Int", after: "String", last: "Int", before: "String" },
          resolve: (t, args, ctx) => {
            const top = type<Thread>(t).top;
            const records = ctx.sim.store.reviewComments.filter((c) => c.id === top.id || c.inReplyTo === top.id);
            return connection(records.map((record) => ({ __type: "PullRequestReviewComment", record })), args);
          },
        },
      },
    },
    PullRequestReviewComment: {
      kind: "OBJECT",
      interfaces: ["Node", "Minimizable", "Comment"],
      fields: { ...commentFields, path: { type: "String!", resolve: (c) => type<{ record: ReviewCommentRecord }>(c).record.path }, line: { type: "Int", resolve: (c) => type<{ record: ReviewCommentRecord }>(c).record.line } },
    },
    IssueComment: { kind: "OBJECT", interfaces: ["Node", "Minimizable", "Comment"], fields: commentFields },
    Minimizable: {
      kind: "INTERFACE",
      possibleTypes: ["PullRequestReviewComment", "IssueComment"],
      resolveType: (v) => type<CommentNode>(v).__type,
      fields: { isMinimized: commentFields.isMinimized, minimizedReason: commentFields.minimizedReason, viewerCanMinimize: commentFields.viewerCanMinimize },
    },
    Comment: { kind: "INTERFACE", possibleTypes: ["PullRequestReviewComment", "IssueComment"], resolveType: (v) => type<CommentNode>(v).__type, fields: { id: commentFields.id, body: commentFields.body, author: commentFields.author, createdAt: commentFields.createdAt } },
    Node: {
      kind: "INTERFACE",
      possibleTypes: ["Repository", "PullRequest", "PullRequestReviewThread", "PullRequestReviewComment", "IssueComment", "Blob", "Tree", "Commit"],
      resolveType: (v) => (v as { __type?: string }).__type ?? "PullRequest",
      fields: { id: { type: "ID!" } },
    },
    Actor: { kind: "INTERFACE", possibleTypes: ["User", "Bot"], resolveType: (v) => (type<{ login: string }>(v).login.endsWith("[bot]") ? "Bot" : "User"), fields: { login: { type: "String!" } } },
    User: { kind: "OBJECT", interfaces: ["Actor"], fields: { login: { type: "String!" } } },
    Bot: { kind: "OBJECT", interfaces: ["Actor"], fields: { login: { type: "String!" } } },
    RateLimit: { kind: "OBJECT", fields: { limit: { type: "Int!" }, cost: { type: "Int!" }, remaining: { type: "Int!" }, used: { type: "Int!" }, nodeCount: { type: "Int!" }, resetAt: { type: "DateTime!" } } },
    ReportedContentClassifiers: { kind: "ENUM", values: ["SPAM", "ABUSE", "OFF_TOPIC", "OUTDATED", "DUPLICATE", "RESOLVED"] },
    MinimizeCommentInput: { kind: "INPUT_OBJECT", fields: { subjectId: "ID!", classifier: "ReportedContentClassifiers!", clientMutationId: "String" } },
    UnminimizeCommentInput: { kind: "INPUT_OBJECT", fields: { subjectId: "ID!", clientMutationId: "String" } },
    ResolveReviewThreadInput: { kind: "INPUT_OBJECT", fields: { threadId: "ID!", clientMutationId: "String" } },
    UnresolveReviewThreadInput: { kind: "INPUT_OBJECT", fields: { threadId: "ID!", clientMutationId: "String" } },
    MinimizeCommentPayload: { kind: "OBJECT", fields: { clientMutationId: { type: "String" }, minimizedComment: { type: "Minimizable" } } },
    UnminimizeCommentPayload: { kind: "OBJECT", fields: { clientMutationId: { type: "String" }, unminimizedComment: { type: "Minimizable" } } },
    ResolveReviewThreadPayload: { kind: "OBJECT", fields: { clientMutationId: { type: "String" }, thread: { type: "PullRequestReviewThread" } } },
    UnresolveReviewThreadPayload: { kind: "OBJECT", fields: { clientMutationId: { type: "String" }, thread: { type: "PullRequestReviewThread" } } },
  };
  return { types, query: "Query", mutation: "Mutation" };
}

function gitObjectFields() {
  return {
    id: { type: "ID!", resolve: (o: unknown) => nodeId("blob", type<GitObject>(o).oid) },
    oid: { type: "GitObjectID!" },
    abbreviatedOid: { type: "String!", resolve: (o: unknown) => type<GitObject>(o).oid.slice(0, 7) },
  };
}

function connectionType(node: string): TypeDef<GraphqlContext> {
  return { kind: "OBJECT", fields: { nodes: { type: `[${node}]` }, totalCount: { type: "Int!" }, pageInfo: { type: "PageInfo!" } } };
}

function setResolved(ctx: GraphqlContext, input: { threadId: string; clientMutationId?: string }, resolved: boolean) {
  const thread = mustResolve(ctx, input.threadId) as Thread;
  if (thread.__type !== "PullRequestReviewThread") throw new FieldError("UNPROCESSABLE", `${input.threadId} is not a review thread`);
  need(ctx, [["pull_requests", "write"]]);
  if (resolved) ctx.sim.store.resolvedThreads.add(thread.top.id);
  else ctx.sim.store.resolvedThreads.delete(thread.top.id);
  return { clientMutationId: input.clientMutationId ?? null, thread };
}
