import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changesFromFiles } from "../../src/diff/parse.js";
import { GitHubGateway } from "../../src/github/gateway.js";
import { GitHubPublisher, isCommentable } from "../../src/github/publisher.js";
import type { CheckAnnotation, CheckRunPlan } from "../../src/report/check-run.js";
import { REVIEW_MARKER, type ReviewPlan } from "../../src/report/review.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { checkRunPayload, payload, reviewPayload } from "./helpers/payloads.js";
import { NOW, recordingLogger, type LogRecord } from "./helpers/run.js";
import { CHECK_RUN_ID, HEAD_SHA, PR, REVIEW_ID, VIEWS_PATCH } from "./helpers/shop.js";

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const EXTERNAL_ID = `acme/shop#42@${HEAD_SHA}`;

function publisherOn(mock: GitHubMock, logs: LogRecord[] = []): GitHubPublisher {
  const gateway = new GitHubGateway(mock.octokit(), { sleep: async () => {}, clock: () => NOW });
  return new GitHubPublisher(gateway, { owner: "acme", repo: "shop", pr: PR }, { clock: () => NOW, logger: recordingLogger(logs) });
}

describe("check run", () => {
  it("a create that failed with 5xx is not repeated when GitHub made the run after all", async () => {
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID, { status: 502, body: "Bad Gateway" });
    mock.scope.get(`/repos/acme/shop/commits/${HEAD_SHA}/check-runs`).query({ check_name: "djperf", filter: "all", per_page: "100" }).reply(200, payload("check-runs-for-ref"));
    expect(await publisherOn(mock).createCheckRun(HEAD_SHA, EXTERNAL_ID)).toBe(CHECK_RUN_ID);
    mock.expectDone();
    expect(mock.count("POST", /check-runs$/)).toBe(1);
  });

  it("a create that failed with 5xx and left nothing is made again", async () => {
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID, { status: 500, body: { message: "Server Error" } }).createCheckRun(CHECK_RUN_ID);
    mock.scope.get(`/repos/acme/shop/commits/${HEAD_SHA}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    expect(await publisherOn(mock).createCheckRun(HEAD_SHA, EXTERNAL_ID)).toBe(CHECK_RUN_ID);
    mock.expectDone();
  });

  const annotation = (i: number): CheckAnnotation => ({ path: `shop/reports/r${i}.py`, start_line: 9, end_line: 9, annotation_level: "warning", title: "DJP990 test-query-in-loop", message: "query in loop" });
  const plan = (count: number): CheckRunPlan => {
    const all = Array.from({ length: count }, (_, i) => annotation(i));
    return { conclusion: "success", title: `${count} warnings`, summary: "summary", text: "more", annotations: [all.slice(0, 50), all.slice(50, 100), all.slice(100)].filter((b) => b.length > 0) };
  };

  it("completes with the first 50 annotations, then appends the other batches: 1 + ⌈n/50⌉ − 1 calls", async () => {
    const mock = new GitHubMock().completeCheckRun(CHECK_RUN_ID, 3);
    const result = await publisherOn(mock).completeCheckRun(CHECK_RUN_ID, plan(120));
    mock.expectDone();
    expect(result).toEqual({ annotationBatchesFailed: 0 });
    const bodies = mock.requests.map((r) => r.body as { status?: string; conclusion?: string; completed_at?: string; output: { title: string; summary: string; text?: string; annotations: unknown[] } });
    expect(bodies.map((b) => [b.status, b.conclusion, b.output.annotations.length])).toEqual([["completed", "success", 50], [undefined, undefined, 50], [undefined, undefined, 20]]);
    expect(bodies[0]!.completed_at).toBe("2025-03-11T10:03:00.000Z");
    // GitHub requires title and summary in every output update; text is repeated so it is not cleared.
    for (const b of bodies) expect(b.output).toMatchObject({ title: "120 warnings", summary: "summary", text: "more" });
  });

  it("a failed annotation batch after completion is logged, not thrown: the run is already final", async () => {
    const mock = new GitHubMock().updateCheckRun(CHECK_RUN_ID, [{ status: 200 }, { status: 422, body: { message: "Validation Failed", errors: [{ resource: "CheckRun", code: "invalid", field: "annotations" }] } }]);
    const logs: LogRecord[] = [];
    const result = await publisherOn(mock, logs).completeCheckRun(CHECK_RUN_ID, plan(60));
    mock.expectDone();
    expect(result).toEqual({ annotationBatchesFailed: 1 });
    expect(logs.map((l) => l.message)).toEqual(["could not add a batch of annotations"]);
  });
});

describe("review", () => {
  const changes = changesFromFiles([{ path: "shop/views.py", status: "modified", patch: VIEWS_PATCH }]);
  const comment = (line: number, start?: number) => ({ path: "shop/views.py", line, side: "RIGHT" as const, ...(start ? { start_line: start, start_side: "RIGHT" as const } : {}), body: `finding on ${line}\n\n<!-- djperf:DJP990:${line.toString(16).padStart(16, "0")} -->` });
  const reviewPlan = (comments = [comment(15), comment(8)]): ReviewPlan => ({ event: "COMMENT", body: `**djperf** left ${comments.length} comments.\n\n${REVIEW_MARKER}`, comments });

  it("knows which lines GitHub accepts comments on: added and context lines of one hunk", () => {
    const file = changes.get("shop/views.py");
    expect(isCommentable({ line: 15 }, file)).toBe(true); // added
    expect(isCommentable({ line: 12 }, file)).toBe(true); // context
    expect(isCommentable({ line: 12, start_line: 17 }, file)).toBe(false); // start after end
    expect(isCommentable({ line: 16, start_line: 12 }, file)).toBe(true);
    expect(isCommentable({ line: 8 }, file)).toBe(false); // outside every hunk
    expect(isCommentable({ line: 15 }, undefined)).toBe(false);
  });

  it("422: retries once without the comments outside the diff and reports those as rejected", async () => {
    const mock = new GitHubMock().createReview(PR, [{ status: 422, body: payload("review-422") }, { status: 200 }]);
    const result = await publisherOn(mock).publishReview(reviewPlan(), HEAD_SHA, changes);
    mock.expectDone();
    expect(result.reviewId).toBe(REVIEW_ID);
    expect(result.posted.map((c) => c.line)).toEqual([15]);
    expect(result.rejected).toEqual([{ comment: comment(8), reason: "line is not part of the pull request's diff" }]);
    const retry = mock.requests[1]!.body as { comments: { line: number }[]; body: string };
    expect(retry.comments.map((c) => c.line)).toEqual([15]);
    expect(retry.body).toBe(`**djperf** left 2 comments.\n\nGitHub did not accept 1 of these comments on the diff; it is listed in the **djperf** check run instead.\n\n${REVIEW_MARKER}`);
  });

  it("422 twice: posts the review without inline comments and returns them all as rejected", async () => {
    const mock = new GitHubMock().createReview(PR, [{ status: 422, body: payload("review-422") }, { status: 422, body: payload("review-422") }, { status: 200 }]);
    const result = await publisherOn(mock).publishReview(reviewPlan(), HEAD_SHA, changes);
    mock.expectDone();
    expect(result.posted).toEqual([]);
    expect(result.rejected.map((r) => [r.comment.line, r.reason])).toEqual([[15, "Line could not be resolved"], [8, "Line could not be resolved"]]);
    expect((mock.requests[2]!.body as { comments: unknown[] }).comments).toEqual([]);
  });

  it("422 with every line in our diff: pending-review probes find the refused comments; the rest are posted, each probe deleted", async () => {
    const refusedLines = new Set([13, 16]);
    const mock = new GitHubMock();
    let pending = 0;
    mock.scope
      .post(`/repos/acme/shop/pulls/${PR}/reviews`)
      .times(20)
      .reply((_uri, body) => {
        const b = body as { event?: string; body: string; comments: { line: number }[] };
        if (b.comments.some((c) => refusedLines.has(c.line))) return [422, payload("review-422")];
        if (b.event === undefined) pending++;
        return [200, reviewPayload(b.event === undefined ? 1000 + pending : REVIEW_ID, { body: b.body })];
      });
    const deleted: string[] = [];
    mock.scope.delete(/\/repos\/acme\/shop\/pulls\/\d+\/reviews\/\d+$/).times(20).reply((uri) => (deleted.push(uri.split("/").at(-1)!), [200, {}]));
    const comments = [12, 13, 14, 15, 16, 17].map((line) => comment(line));
    const result = await publisherOn(mock).publishReview(reviewPlan(comments), HEAD_SHA, changes);
    expect(result.reviewId).toBe(REVIEW_ID);
    expect(result.posted.map((c) => c.line)).toEqual([12, 14, 15, 17]);
    expect(result.rejected.map((r) => [r.comment.line, r.reason])).toEqual([[13, "Line could not be resolved"], [16, "Line could not be resolved"]]);
    // Every pending probe was deleted; probes grow with refused × log₂(comments), within the budget.
    expect(deleted).toHaveLength(pending);
    const probes = mock.requests.filter((r) => r.method === "POST" && (r.body as { event?: string }).event === undefined);
    expect(probes.length).toBeLessThanOrEqual(2 * refusedLines.size * Math.ceil(Math.log2(comments.length)));
    const final = mock.requests.filter((r) => r.method === "POST").at(-1)!.body as { event: string; body: string };
    expect(final.event).toBe("COMMENT");
    expect(final.body).toContain("GitHub did not accept 2 of these comments");
  });

  it("a 5xx on creation is not blindly repeated: a review of ours on the head means it landed", async () => {
    const mock = new GitHubMock().createReview(PR, [{ status: 502, body: "Bad Gateway" }]);
    mock.scope.get(`/repos/acme/shop/pulls/${PR}/reviews`).query({ per_page: "100", page: "1" }).reply(200, [reviewPayload(REVIEW_ID - 5, { commit_id: "0ld5ha", body: `old\n\n${REVIEW_MARKER}` }), reviewPayload(REVIEW_ID)]);
    const result = await publisherOn(mock).publishReview(reviewPlan(), HEAD_SHA, changes);
    mock.expectDone();
    expect(result.reviewId).toBe(REVIEW_ID);
    expect(mock.count("POST", /reviews$/)).toBe(1);
  });

  it("lists only djperf's own finding comments (bot-authored, with a marker, not replies)", async () => {
    const mock = new GitHubMock().reviewComments(PR, payload<object[]>("review-comments"));
    const ours = await publisherOn(mock).listDjperfComments();
    mock.expectDone();
    expect(ours).toEqual([expect.objectContaining({ id: 1991234567, nodeId: "PRRC_kwDOKdtP0s52sT3H", path: "shop/views.py", ruleId: "DJP990", fingerprint: "4be1c0d2a3f49e77" })]);
  });

  it("reads review comments past the first page only when GitHub links one", async () => {
    const mock = new GitHubMock();
    const [bot] = payload<Record<string, unknown>[]>("review-comments");
    const page1 = Array.from({ length: 100 }, (_, i) => ({ ...bot, id: 1 + i }));
    const path = `/repos/acme/shop/pulls/${PR}/comments`;
    mock.scope.get(path).query({ per_page: "100", page: "1" }).reply(200, page1, { link: `<https://api.github.com${path}?per_page=100&page=2>; rel="next"` });
    mock.scope.get(path).query({ per_page: "100", page: "2" }).reply(200, [{ ...bot, id: 101 }]);
    expect(await publisherOn(mock).listDjperfComments()).toHaveLength(101);
    mock.expectDone();
  });

  it("minimises outdated comments as OUTDATED, skipping ones an earlier run minimised", async () => {
    const states = payload<{ data: { nodes: { id: string }[] } }>("graphql-minimized-states");
    const mock = new GitHubMock().graphql("djperfMinimized", states).graphql("djperfMinimize", payload("graphql-minimize"));
    const existing = states.data.nodes.map((n, i) => ({ id: i + 1, nodeId: n.id, path: "shop/views.py", body: "", ruleId: "DJP990", fingerprint: `f${i}` }));
    expect(await publisherOn(mock).minimiseOutdated(existing)).toBe(1);
    mock.expectDone();
    expect((mock.requests[1]!.body as { variables: object }).variables).toEqual({ classifier: "OUTDATED", s0: "PRRC_kwDOKdtP0s52sT3H" });
  });
});

describe("command helpers", () => {
  it("replies, reacts and reads the commenter's permission", async () => {
    const mock = new GitHubMock();
    mock.scope.post(`/repos/acme/shop/issues/${PR}/comments`).reply(201, payload("issue-comment"));
    mock.scope.post(`/repos/acme/shop/pulls/${PR}/comments/1991234567/replies`).reply(201, { ...payload("issue-comment"), id: 1991300000, html_url: "https://github.com/acme/shop/pull/42#discussion_r1991300000" });
    mock.scope.post("/repos/acme/shop/issues/comments/2714300000/reactions").reply(201, payload("reaction"));
    mock.scope.post("/repos/acme/shop/pulls/comments/1991234567/reactions").reply(200, { ...payload("reaction"), content: "+1" });
    mock.scope.get("/repos/acme/shop/collaborators/mara-dev/permission").reply(200, payload("collaborator-permission"));
    const publisher = publisherOn(mock);

    expect(await publisher.reply({ kind: "issue", issueNumber: PR }, "**djperf commands**")).toEqual({ id: 2714400001, url: "https://github.com/acme/shop/pull/42#issuecomment-2714400001" });
    expect(await publisher.reply({ kind: "review-comment", commentId: 1991234567 }, "### DJP990 · test-query-in-loop")).toEqual({ id: 1991300000, url: "https://github.com/acme/shop/pull/42#discussion_r1991300000" });
    await publisher.react({ kind: "issue-comment", commentId: 2714300000 }, "eyes");
    await publisher.react({ kind: "review-comment", commentId: 1991234567 }, "+1");
    expect(await publisher.permissionOf("mara-dev")).toBe("write");
    mock.expectDone();
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/command-helpers.requests.yml");
  });
});

// Keeps the payload helper honest: a check-run answer parses as the gateway expects.
it("check-run payload fixture carries the fields djperf reads", () => {
  expect(checkRunPayload(1)).toMatchObject({ id: 1, status: "in_progress", conclusion: null, external_id: EXTERNAL_ID });
});
