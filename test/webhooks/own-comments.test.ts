/**
 * Issue 12 (low): whose comments djperf acts on. A late redelivery for a commit that is no longer the
 * head must leave the head's comments alone; "djperf's own comments" are those of this App's bot user
 * (`<slug>[bot]` from `GET /app`), not any bot's that carries djperf's marker.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock, type Reply } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { BOT, HEAD_SHA, mockReviewRun, newFilePatch } from "./support/pull-request-repo.js";
import { APP_OPTIONS, MODELS, orderReportPullRequest, VIEWS } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SYNC_SHA = "c0ffee0000000000000000000000000000000abc";
const OTHER_BOT = { login: "copycat[bot]", id: 9002, type: "Bot" };

/** A djperf comment whose finding (fingerprint) the head no longer has: outdated for a review. */
function markedComment(id: number, nodeId: string, user: object): object {
  return { id, node_id: nodeId, path: "shop/views.py", line: 6, body: "⚠️ **DJP999 · print-in-loop**\n\n…\n\n<!-- djperf:DJP999:00000000deadbeef -->", user };
}

const isMinimise = (r: { body?: unknown }) => JSON.stringify(r.body ?? "").includes("djperfMinimize");
const reviews = (gh: GitHubMock) => gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/reviews"));

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

describe("a late redelivery for an old commit", () => {
  it("completes its check run neutral ('no longer the head') and neither posts a review nor minimises the head's comments", async () => {
    gh.installationToken().config(undefined);
    // B moved the view down (other blobs than A's, so A's run reads its own from GitHub).
    const moved = `"""Reports."""\n\n\n${VIEWS}`;
    mockReviewRun(gh, orderReportPullRequest({ headSha: SYNC_SHA, files: { "shop/models.py": MODELS, "shop/views.py": moved }, changed: [{ filename: "shop/views.py", status: "added", patch: newFilePatch(moved) }] }));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.synchronize"), "d-sync-B");
    await queue.idle();
    expect(reviews(gh)).toHaveLength(1);
    const before = gh.requests.length;

    // `opened` for the old head A arrives late: the PR's head is B, whose comment A's run would think outdated.
    gh.config(undefined).app();
    mockReviewRun(gh, orderReportPullRequest({ existingComments: [markedComment(4101, "PRRC_B", BOT)], currentHead: SYNC_SHA, expectReview: false }));
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-opened-A-late");
    await queue.idle();

    const late = gh.requests.slice(before);
    expect(late.filter((r) => r.method === "GET" && r.path.split("?")[0] === "/repos/acme/shop/pulls/7")).toHaveLength(1);
    expect(late.filter(isMinimise)).toEqual([]);
    expect(reviews(gh)).toHaveLength(1);
    const completion = late.at(-1)!.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(completion.output.summary).toContain("no longer the head of the pull request");
    expect(completion.output.summary).toContain(SYNC_SHA);
    // The late run's check run is on its own commit, A.
    expect((late.find((r) => r.method === "POST" && r.path.endsWith("/check-runs"))!.body as Json).head_sha).toBe(HEAD_SHA);
  });
});

describe("djperf's own comments are its App's bot user's", () => {
  it("minimises its own outdated comment and leaves another bot's comment with djperf's marker alone", async () => {
    gh.installationToken().config(undefined).app("djperf");
    mockReviewRun(gh, orderReportPullRequest({ existingComments: [markedComment(4201, "PRRC_ours", BOT), markedComment(4202, "PRRC_theirs", OTHER_BOT)] }));
    const asked: unknown[] = [];
    const graphql = (reply: (variables: Json) => Reply) => (body: unknown) => {
      const variables = (body as { variables: Json }).variables;
      asked.push(variables);
      return reply(variables);
    };
    gh.on("POST", "/graphql", graphql((v) => ({ status: 200, body: { data: { nodes: (v.ids as string[]).map((id) => ({ id, isMinimized: false })) } } })));
    gh.on("POST", "/graphql", graphql(() => ({ status: 200, body: { data: { m0: { minimizedComment: { isMinimized: true } } } } })));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();

    expect(asked).toEqual([{ ids: ["PRRC_ours"] }, { classifier: "OUTDATED", s0: "PRRC_ours" }]);
    expect(JSON.stringify(gh.requests)).not.toContain("PRRC_theirs");
    expect(gh.requests.filter((r) => r.path.startsWith("/app") && r.method === "GET")).toHaveLength(1);
  });

  it("a bot named like the App on another App's slug is not djperf: nothing is minimised", async () => {
    gh.installationToken().config(undefined).app("djperf-staging");
    mockReviewRun(gh, orderReportPullRequest({ existingComments: [markedComment(4201, "PRRC_prod", BOT)] }));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    expect(gh.requests.filter(isMinimise)).toEqual([]);
    expect(reviews(gh)).toHaveLength(1);
  });
  it("after a 502 on the review, another bot's review with djperf's marker on the head is not taken for ours: djperf posts its own", async () => {
    gh.installationToken().config(undefined).app("djperf");
    mockReviewRun(gh, orderReportPullRequest({ expectReview: false }));
    const reviewsPath = "/repos/acme/shop/pulls/7/reviews";
    gh.on("POST", reviewsPath, { status: 502, body: { message: "Bad Gateway" } });
    gh.on("GET", reviewsPath, { status: 200, body: [{ id: 5999, node_id: "PRR_copy", body: "**djperf** …\n\n<!-- djperf:review -->", commit_id: HEAD_SHA, state: "COMMENTED", html_url: "https://github.com/acme/shop/pull/7#pullrequestreview-5999", user: OTHER_BOT }] });
    gh.on("POST", reviewsPath, (body) => ({ status: 200, body: { id: 6001, node_id: "PRR_ours", body: (body as Json).body, commit_id: HEAD_SHA, state: "COMMENTED", html_url: "https://github.com/acme/shop/pull/7#pullrequestreview-6001", user: BOT } }));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    expect(reviews(gh)).toHaveLength(2);
  });
});
