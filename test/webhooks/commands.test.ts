/**
 * `/djperf` commands end to end: a real Probot, the real queue and command modules, nock as GitHub.
 * Every request body is snapshotted. Reviews queued by `recheck` go to a stub runReview (the review
 * itself is covered in review.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Job as PipelineJob } from "../../src/pipeline/run-review.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { BOT, HEAD_SHA } from "./support/pull-request-repo.js";
import { APP_OPTIONS } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REPO = "/repos/acme/shop";
let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

function reaction(kind: "issues" | "pulls", commentId: number, content: string) {
  gh.on("POST", `${REPO}/${kind}/comments/${commentId}/reactions`, (body) => {
    expect(body).toEqual({ content });
    return { status: 201, body: { id: 70000 + commentId, content } };
  });
}

function issueReply() {
  gh.on("POST", `${REPO}/issues/7/comments`, { status: 201, body: { id: 3999, node_id: "IC_kwDOAAAB9c4AAA-f", html_url: "https://github.com/acme/shop/pull/7#issuecomment-3999" } });
}

function comment(body: string, id = 3001) {
  return payload<Json>("issue_comment.created", (p) => ((p.comment.body = body), (p.comment.id = id)));
}

describe("/djperf explain", () => {
  it("top-level: 👀, the rule's page as a reply, 👍", async () => {
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    issueReply();
    reaction("issues", 3001, "+1");
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "issue_comment", payload("issue_comment.created"));
    await queue.idle();
    const reply = gh.requests.find((r) => r.path === `${REPO}/issues/7/comments`)!.body as Json;
    expect(reply.body).toContain("#### Why is this bad?\n\nEach read is one more query");
    expect(reply.body).not.toContain("Templates are not analysed");
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/explain-top-level.yml");
  });

  it("as a reply under a djperf comment: the rule comes from the comment's marker, the answer goes in the thread", async () => {
    gh.installationToken().app();
    reaction("pulls", 4002, "eyes");
    gh.on("GET", `${REPO}/pulls/7/comments`, {
      status: 200,
      body: [
        { id: 4001, node_id: "PRRC_kwDOAAAB9c4AAA-h", path: "shop/views.py", line: 6, body: "⚠️ **DJP101 · lazy-relation-in-loop**\n\n…\n\n<!-- djperf:DJP101:0123456789abcdef -->", user: BOT },
        { id: 4002, node_id: "PRRC_kwDOAAAB9c4AAA-i", path: "shop/views.py", line: 6, body: "/djperf explain", in_reply_to_id: 4001, user: { login: "alice", type: "User" } },
      ],
    });
    gh.on("POST", `${REPO}/pulls/7/comments/4001/replies`, { status: 201, body: { id: 4003, node_id: "PRRC_kwDOAAAB9c4AAA-j", html_url: "https://github.com/acme/shop/pull/7#discussion_r4003" } });
    reaction("pulls", 4002, "+1");
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request_review_comment", payload("pull_request_review_comment.created"));
    await queue.idle();
    const reply = gh.requests.find((r) => r.path.endsWith("/replies"))!.body as Json;
    expect(reply.body).toMatch(/^### DJP101 · lazy-relation-in-loop/);
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/explain-reply.yml");
  });

  it("an unknown rule gets a short reply listing the rules", async () => {
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    issueReply();
    reaction("issues", 3001, "+1");
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "issue_comment", comment("/djperf explain DJP777"));
    await queue.idle();
    const reply = gh.requests.find((r) => r.path === `${REPO}/issues/7/comments`)!.body as Json;
    expect(reply.body).toBe("There is no djperf rule `DJP777`.\n\nRules: `DJP101` lazy-relation-in-loop.");
  });
});

describe("/djperf recheck", () => {
  it("with write access: queues a review of the current head and answers 👍", async () => {
    const runReview = vi.fn(async (_job: PipelineJob) => undefined as never);
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    gh.on("GET", `${REPO}/collaborators/alice/permission`, { status: 200, body: { permission: "write", role_name: "write", user: { login: "alice", type: "User" } } });
    gh.on("GET", `${REPO}/pulls/7`, { status: 200, body: payload<Json>("pull_request.opened").pull_request });
    reaction("issues", 3001, "+1");
    gh.config(undefined);
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, runReview });
    await deliver(probot, "issue_comment", comment("/djperf recheck"), "d-recheck");
    await queue.idle();
    expect(runReview).toHaveBeenCalledTimes(1);
    expect(runReview.mock.calls[0]![0]).toMatchObject({ kind: "review", pr: 7, headSha: HEAD_SHA, trigger: "recheck", draft: false });
    // The review job reads the config while the command adds its 👍: only the command's calls are ordered.
    const commandCalls = gh.requests.filter((r) => !r.path.includes("/contents/"));
    expect(commandCalls.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /app/installations/4242/access_tokens",
      `POST ${REPO}/issues/comments/3001/reactions`,
      `GET ${REPO}/collaborators/alice/permission`,
      `GET ${REPO}/pulls/7`,
      `POST ${REPO}/issues/comments/3001/reactions`,
    ]);
  });

  it("without write access: a polite reply, no review, no 👍", async () => {
    const runReview = vi.fn(async (_job: PipelineJob) => undefined as never);
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    gh.on("GET", `${REPO}/collaborators/alice/permission`, { status: 200, body: { permission: "read", role_name: "triage", user: { login: "alice", type: "User" } } });
    issueReply();
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, runReview });
    await deliver(probot, "issue_comment", comment("/djperf recheck"));
    await queue.idle();
    expect(runReview).not.toHaveBeenCalled();
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/recheck-refused.yml");
  });

  it("on a closed pull request: says so and queues nothing", async () => {
    const runReview = vi.fn(async (_job: PipelineJob) => undefined as never);
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    gh.on("GET", `${REPO}/collaborators/alice/permission`, { status: 200, body: { permission: "admin", role_name: "admin", user: { login: "alice", type: "User" } } });
    gh.on("GET", `${REPO}/pulls/7`, { status: 200, body: { ...payload<Json>("pull_request.opened").pull_request, state: "closed" } });
    issueReply();
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, runReview });
    await deliver(probot, "issue_comment", comment("/djperf recheck"));
    await queue.idle();
    expect(runReview).not.toHaveBeenCalled();
    expect((gh.requests.at(-1)!.body as Json).body).toMatch(/^This pull request is closed/);
  });
});

describe("/djperf help and unknown verbs", () => {
  it("help lists the commands; an unknown verb gets the same list", async () => {
    gh.installationToken();
    for (const id of [3001, 3002]) {
      reaction("issues", id, "eyes");
      issueReply();
      reaction("issues", id, "+1");
    }
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "issue_comment", comment("/djperf help", 3001), "d1");
    await queue.idle();
    await deliver(probot, "issue_comment", comment("/djperf fix everything", 3002), "d2");
    await queue.idle();
    const replies = gh.requests.filter((r) => r.path === `${REPO}/issues/7/comments`).map((r) => (r.body as Json).body as string);
    expect(replies[0]).toMatch(/^\*\*djperf commands\*\*/);
    expect(replies[1]).toMatch(/^I don't know the command `\/djperf fix everything`\./);
  });
});

describe("comments that trigger nothing", () => {
  it("djperf's own comment, a redelivered command: no GitHub call beyond the first answer", async () => {
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    issueReply();
    reaction("issues", 3001, "+1");
    const { probot, queue } = await loadApp(APP_OPTIONS);
    const own = payload<Json>("issue_comment.created", (p) => ((p.comment.user = { ...BOT }), (p.comment.body = "/djperf help"), (p.comment.id = 3500)));
    await deliver(probot, "issue_comment", own, "d-own");
    const command = payload("issue_comment.created");
    await deliver(probot, "issue_comment", command, "d-cmd");
    await deliver(probot, "issue_comment", command, "d-cmd");
    await queue.idle();
    await deliver(probot, "issue_comment", command, "d-cmd");
    await queue.idle();
    expect(gh.requests).toHaveLength(4);
  });

  it("a failing command is marked 😕 and leaves no job behind", async () => {
    gh.installationToken();
    reaction("issues", 3001, "eyes");
    gh.on("POST", `${REPO}/issues/7/comments`, { status: 422, body: { message: "Validation Failed", errors: [{ resource: "IssueComment", code: "unprocessable", field: "data", message: "locked" }] } });
    reaction("issues", 3001, "confused");
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "issue_comment", comment("/djperf help"));
    await queue.idle();
    expect(queue.snapshot()).toEqual({ closed: false, pending: { review: 0, command: 0 }, running: { review: 0, command: 0 } });
  });
});
