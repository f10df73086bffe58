import nock from "nock";
import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubApiError, GitHubSchemaError, ReviewForbiddenError, ReviewRejectedError } from "../../src/github/errors.js";
import { GitHubGateway, type GatewayCall, type OctokitLike } from "../../src/github/gateway.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { payload } from "./helpers/payloads.js";
import { NOW } from "./helpers/run.js";
import { HEAD_SHA, PR } from "./helpers/shop.js";

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const REF = { owner: "acme", repo: "shop" };
const ISSUE_COMMENTS = `/repos/acme/shop/issues/${PR}/comments`;

function gatewayOn(octokit: OctokitLike) {
  const sleeps: number[] = [];
  const calls: GatewayCall[] = [];
  const gateway = new GitHubGateway(octokit, { sleep: async (ms) => void sleeps.push(ms), clock: () => NOW, onCall: (c) => calls.push(c) });
  return { gateway, sleeps, calls };
}

describe("retries", () => {
  it("waits retry-after seconds after a secondary rate limit, then succeeds", async () => {
    const mock = new GitHubMock();
    mock.scope.get("/repos/acme/shop/collaborators/mara-dev/permission").reply(403, payload("secondary-rate-limit"), { "retry-after": "30" });
    mock.scope.get("/repos/acme/shop/collaborators/mara-dev/permission").reply(200, payload("collaborator-permission"));
    const { gateway, sleeps, calls } = gatewayOn(mock.octokit());
    expect(await gateway.getCollaboratorPermission(REF, "mara-dev")).toBe("write");
    mock.expectDone();
    expect(sleeps).toEqual([30_000]);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([[403, 0], [200, 1]]);
  });

  it("waits for x-ratelimit-reset when the primary limit is used up, and retries even a create", async () => {
    const mock = new GitHubMock();
    const reset = String(NOW / 1000 + 20);
    mock.scope.post(ISSUE_COMMENTS).reply(403, { message: "API rate limit exceeded for installation ID 61234567." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    mock.scope.post(ISSUE_COMMENTS).reply(201, payload("issue-comment"));
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    await gateway.createIssueComment(REF, PR, "hello");
    mock.expectDone();
    expect(sleeps).toEqual([21_000]);
  });

  it("does not wait for a limit that resets later than the cap", async () => {
    const mock = new GitHubMock();
    mock.scope.get(`/repos/acme/shop/pulls/${PR}`).reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 3600) });
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    const error = await gateway.getPullRequest(REF, PR).catch((e: unknown) => e);
    mock.expectDone();
    expect(sleeps).toEqual([]);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
  });

  it("backs off exponentially on 5xx for reads, up to 3 retries", async () => {
    const mock = new GitHubMock();
    for (let i = 0; i < 4; i++) mock.scope.get(`/repos/acme/shop/pulls/${PR}`).reply(503, { message: "Service Unavailable" });
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    const error = await gateway.getPullRequest(REF, PR).catch((e: unknown) => e);
    mock.expectDone();
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(String(error)).toBe("GitHubApiError: GET /repos/{owner}/{repo}/pulls/{pull_number} failed with 503: Service Unavailable");
  });

  it("does not repeat a create after a 5xx (it may have been applied)", async () => {
    const mock = new GitHubMock();
    mock.scope.post(ISSUE_COMMENTS).reply(502, "<html>Bad Gateway</html>");
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    await expect(gateway.createIssueComment(REF, PR, "hello")).rejects.toMatchObject({ name: "GitHubApiError", status: 502 });
    mock.expectDone();
    expect(sleeps).toEqual([]);
  });

  it("retries a GraphQL answer whose errors say RATE_LIMITED", async () => {
    const mock = new GitHubMock()
      .graphql("djperfBlobs", { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for installation ID 61234567." }] })
      .graphql("djperfBlobs", payload("graphql-blobs"));
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    const blobs = await gateway.getBlobsByExpression(REF, [`${HEAD_SHA}:shop/models.py`, `${HEAD_SHA}:shop/static/shop/logo.png`, `${HEAD_SHA}:gone.py`]);
    mock.expectDone();
    expect(sleeps).toEqual([60_000]);
    expect(blobs.map((b) => b?.isBinary ?? null)).toEqual([false, true, null]);
  });
});

describe("typed failures", () => {
  const review = { commit_id: HEAD_SHA, event: "COMMENT", body: "b", comments: [] };

  it("403 on review creation is a ReviewForbiddenError, 422 a ReviewRejectedError with GitHub's reasons", async () => {
    const mock = new GitHubMock().createReview(PR, [{ status: 403, body: payload("review-403") }, { status: 422, body: payload("review-422") }]);
    const { gateway } = gatewayOn(mock.octokit());
    await expect(gateway.createReview(REF, PR, review)).rejects.toBeInstanceOf(ReviewForbiddenError);
    const rejected = await gateway.createReview(REF, PR, review).catch((e: unknown) => e);
    mock.expectDone();
    expect(rejected).toBeInstanceOf(ReviewRejectedError);
    expect((rejected as ReviewRejectedError).errors).toEqual(["Line could not be resolved"]);
  });

  it("a response of the wrong shape is a GitHubSchemaError naming the field, and is not retried", async () => {
    const mock = new GitHubMock();
    mock.scope.get(`/repos/acme/shop/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(200, { ...payload("git-tree"), truncated: "no" });
    const { gateway, sleeps } = gatewayOn(mock.octokit());
    const error = await gateway.getTree(REF, HEAD_SHA, true).catch((e: unknown) => e);
    mock.expectDone();
    expect(error).toBeInstanceOf(GitHubSchemaError);
    expect((error as GitHubSchemaError).issues).toEqual(["truncated: Invalid input: expected boolean, received string"]);
    expect(sleeps).toEqual([]);
  });

  it("errors never carry the token", async () => {
    const mock = new GitHubMock();
    mock.scope.post(ISSUE_COMMENTS).reply(404, { message: "Not Found" });
    const { gateway } = gatewayOn(mock.octokit());
    const error = await gateway.createIssueComment(REF, PR, "x").catch((e: unknown) => e);
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain("token test");
  });
});

describe("hosts and Octokit flavours", () => {
  it("uses the Octokit's base URL as is: GitHub Enterprise REST and GraphQL", async () => {
    const mock = new GitHubMock("https://ghe.acme.internal/api/v3");
    mock.scope.get(`/repos/acme/shop/pulls/${PR}`).reply(200, payload("pull"));
    const graphql = nock("https://ghe.acme.internal").post("/api/graphql").reply(200, payload("graphql-blobs"));
    const { gateway } = gatewayOn(new Octokit({ auth: "test", baseUrl: "https://ghe.acme.internal/api/v3" }));
    expect((await gateway.getPullRequest(REF, PR)).head.sha).toBe("9f3c2a1b7e6d5c4b3a29187f6e5d4c3b2a1f0e9d");
    await gateway.getBlobsByExpression(REF, [`${HEAD_SHA}:a.py`, `${HEAD_SHA}:b.png`, `${HEAD_SHA}:c.py`]);
    expect(graphql.isDone()).toBe(true);
    mock.expectDone();
  });

  it("accepts Probot's Octokit (context.octokit)", async () => {
    const mock = new GitHubMock();
    mock.scope.get("/repos/acme/shop/collaborators/mara-dev/permission").reply(200, payload("collaborator-permission"));
    const octokit = new ProbotOctokit({ auth: { token: "test" }, retry: { enabled: false }, throttle: { enabled: false } });
    const { gateway } = gatewayOn(octokit);
    expect(await gateway.getCollaboratorPermission(REF, "mara-dev")).toBe("write");
    mock.expectDone();
  });
});
